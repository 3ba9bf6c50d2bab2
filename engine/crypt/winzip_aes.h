// The WinZip AES primitives (AE-1/AE-2): PBKDF2-HMAC-SHA1 key derivation, AES-256 in WinZip's
// little-endian counter mode, HMAC-SHA1-80. Exposed so that known-answer tests can reach them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

// OpenSSL's context types, forward-declared so that this header does not pull in OpenSSL.
struct evp_cipher_ctx_st;
struct evp_mac_ctx_st;

namespace sg::crypt {

inline constexpr std::size_t kSaltBytes = 16;        // AES-256: 16 bytes of salt per entry
inline constexpr unsigned kPbkdf2Iterations = 1000;  // fixed by the WinZip AES specification
inline constexpr std::size_t kAuthCodeBytes = 10;    // HMAC-SHA1 truncated to 80 bits
inline constexpr std::size_t kVerifierBytes = 2;

// PBKDF2-HMAC-SHA1 (RFC 8018), any salt, iteration count and length (for RFC 6070 vectors).
[[nodiscard]] Result<std::vector<unsigned char>> pbkdf2_hmac_sha1(std::string_view password,
                                                                  std::span<const unsigned char> salt,
                                                                  unsigned iterations, std::size_t length);

struct AesKeys {
  std::array<unsigned char, 32> aes{};
  std::array<unsigned char, 32> hmac{};
  std::array<unsigned char, 2> verifier{};
};

// The 66 bytes of PBKDF2-HMAC-SHA1(password, salt, 1000): AES key, HMAC key, password verifier.
[[nodiscard]] Result<AesKeys> derive_keys(std::string_view password, std::span<const unsigned char, 16> salt);

// Overwrites key material (OPENSSL_cleanse: not optimised away).
void wipe(std::span<unsigned char> bytes);
void wipe(AesKeys& keys);

// AES-256 in WinZip's counter mode: the keystream is AES-256-ECB of a little-endian 128-bit
// counter starting at 1. apply() makes the counter blocks in 16 KiB slices and encrypts each slice
// with one EVP_EncryptUpdate call (AES-NI pipelines the independent blocks), then XORs. Unused
// keystream of a partial block carries over, so calls of any length compose. Encryption and
// decryption are the same operation.
class WinZipCtr {
 public:
  [[nodiscard]] static Result<WinZipCtr> create(std::span<const unsigned char, 32> key);
  WinZipCtr(WinZipCtr&&) noexcept;
  WinZipCtr& operator=(WinZipCtr&&) noexcept;
  ~WinZipCtr();

  void apply(std::span<unsigned char> data);
  // An OpenSSL failure inside apply() (not expected with a valid key) is kept here; the data
  // of that call is then zeroed rather than left in clear.
  [[nodiscard]] Status status() const;

 private:
  struct CtxFree {
    void operator()(evp_cipher_ctx_st* ctx) const;
  };
  WinZipCtr() = default;
  void apply_blocks(unsigned char* data, std::size_t len);

  std::unique_ptr<evp_cipher_ctx_st, CtxFree> ctx_;
  std::uint64_t counter_lo_ = 1;
  std::uint64_t counter_hi_ = 0;
  std::array<unsigned char, 16> left_{};  // keystream of the last block not used yet
  std::size_t left_len_ = 0;
  // Keystream is made in slices of this many blocks, so the counters, their encryption and the
  // data they meet stay in L1/L2 instead of a batch-sized buffer streaming through the caches.
  static constexpr std::size_t kSliceBlocks = 1024;        // 16 KiB
  std::array<unsigned char, kSliceBlocks * 16> stream_{};  // counter blocks, then keystream
  bool failed_ = false;
};

// HMAC-SHA1 through EVP_MAC (OpenSSL 3).
class HmacSha1 {
 public:
  [[nodiscard]] static Result<HmacSha1> create(std::span<const unsigned char> key);
  HmacSha1(HmacSha1&&) noexcept;
  HmacSha1& operator=(HmacSha1&&) noexcept;
  ~HmacSha1();

  void update(std::span<const unsigned char> data);
  void update(std::string_view data);
  // The whole 160-bit MAC; the object is spent afterwards.
  [[nodiscard]] Result<std::array<unsigned char, 20>> finish160();
  // The first 80 bits, as WinZip AES stores them; all zeros if OpenSSL failed (see status()).
  [[nodiscard]] std::array<unsigned char, 10> finish80();
  [[nodiscard]] Status status() const;

 private:
  struct CtxFree {
    void operator()(evp_mac_ctx_st* ctx) const;
  };
  HmacSha1() = default;

  std::unique_ptr<evp_mac_ctx_st, CtxFree> ctx_;
  bool failed_ = false;
};

}  // namespace sg::crypt
