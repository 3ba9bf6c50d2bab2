// The WinZip AES primitives on OpenSSL EVP: PBKDF2, AES-256 counter mode, HMAC-SHA1.
#include "crypt/winzip_aes.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <utility>

namespace sg::crypt {

namespace {

Error openssl_error(std::string_view what) {
  std::string en = "OpenSSL failed: ";
  en += what;
  std::string ja = "OpenSSL の処理に失敗しました: ";
  ja += what;
  return make_error(ErrorCode::internal, Text{std::move(ja), std::move(en)});
}

// XORs `len` bytes of `key` into `data`, 64 bytes per step in 16-byte vectors (GCC/Clang
// vector extension: SSE2 on baseline x86-64, NEON on arm64). memcpy: no alignment or aliasing
// assumptions; compilers turn it into plain vector loads and stores.
void xor_into(unsigned char* data, const unsigned char* key, std::size_t len) {
  using V16 = unsigned char __attribute__((vector_size(16)));
  const auto step = [&](std::size_t at) {
    V16 d;
    V16 k;
    std::memcpy(&d, data + at, 16);
    std::memcpy(&k, key + at, 16);
    d ^= k;
    std::memcpy(data + at, &d, 16);
  };
  std::size_t i = 0;
  for (; i + 64 <= len; i += 64) {
    step(i);
    step(i + 16);
    step(i + 32);
    step(i + 48);
  }
  for (; i + 16 <= len; i += 16) step(i);
  for (; i < len; ++i) data[i] = static_cast<unsigned char>(data[i] ^ key[i]);
}

void put_le64(unsigned char* out, std::uint64_t v) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out, &v, 8);
  } else {
    for (int i = 0; i < 8; ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
  }
}

}  // namespace

Result<std::vector<unsigned char>> pbkdf2_hmac_sha1(std::string_view password, std::span<const unsigned char> salt,
                                                    unsigned iterations, std::size_t length) {
  if (iterations == 0 || iterations > INT_MAX || length == 0 || length > 4096 || password.size() > INT_MAX ||
      salt.size() > INT_MAX) {
    return make_error(ErrorCode::invalid_request,
                      Text{"PBKDF2 の引数が範囲外です", "PBKDF2 arguments are out of range"});
  }
  static const unsigned char kEmpty[1] = {0};
  std::vector<unsigned char> out(length);
  if (PKCS5_PBKDF2_HMAC(password.empty() ? "" : password.data(), static_cast<int>(password.size()),
                        salt.empty() ? kEmpty : salt.data(), static_cast<int>(salt.size()),
                        static_cast<int>(iterations), EVP_sha1(), static_cast<int>(length), out.data()) != 1) {
    return openssl_error("PBKDF2-HMAC-SHA1");
  }
  return out;
}

Result<AesKeys> derive_keys(std::string_view password, std::span<const unsigned char, 16> salt) {
  auto derived = pbkdf2_hmac_sha1(password, salt, kPbkdf2Iterations, 66);
  if (!derived) return std::move(derived).error();
  std::vector<unsigned char>& d = *derived;
  AesKeys keys;
  std::copy_n(d.begin(), 32, keys.aes.begin());
  std::copy_n(d.begin() + 32, 32, keys.hmac.begin());
  std::copy_n(d.begin() + 64, 2, keys.verifier.begin());
  wipe(d);
  return keys;
}

void wipe(std::span<unsigned char> bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

void wipe(AesKeys& keys) {
  wipe(keys.aes);
  wipe(keys.hmac);
  wipe(keys.verifier);
}

// ---- WinZipCtr ----

void WinZipCtr::CtxFree::operator()(evp_cipher_ctx_st* ctx) const {
  EVP_CIPHER_CTX_free(ctx);
}

WinZipCtr::WinZipCtr(WinZipCtr&&) noexcept = default;
WinZipCtr& WinZipCtr::operator=(WinZipCtr&&) noexcept = default;
WinZipCtr::~WinZipCtr() {
  wipe(left_);
  wipe(stream_);
}

Result<WinZipCtr> WinZipCtr::create(std::span<const unsigned char, 32> key) {
  WinZipCtr ctr;
  ctr.ctx_.reset(EVP_CIPHER_CTX_new());
  if (!ctr.ctx_) return openssl_error("EVP_CIPHER_CTX_new");
  if (EVP_EncryptInit_ex(ctr.ctx_.get(), EVP_aes_256_ecb(), nullptr, key.data(), nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctr.ctx_.get(), 0) != 1) {
    return openssl_error("AES-256-ECB init");
  }
  return ctr;
}

Status WinZipCtr::status() const {
  if (failed_) return openssl_error("AES-256 counter mode");
  return Ok{};
}

void WinZipCtr::apply(std::span<unsigned char> data) {
  unsigned char* p = data.data();
  std::size_t n = data.size();
  if (failed_ || !ctx_) {
    failed_ = true;
    if (n > 0) std::memset(p, 0, n);
    return;
  }
  // First the keystream left over from the previous call's last block.
  const std::size_t carried = std::min(left_len_, n);
  if (carried > 0) {
    xor_into(p, left_.data() + (16 - left_len_), carried);
    left_len_ -= carried;
    p += carried;
    n -= carried;
  }
  while (n > 0) {
    const std::size_t chunk = std::min(n, kSliceBlocks * 16);
    apply_blocks(p, chunk);
    if (failed_) {
      std::memset(data.data(), 0, data.size());
      return;
    }
    p += chunk;
    n -= chunk;
  }
}

// One slice of at most kSliceBlocks blocks: counters, one ECB call over them in place, XOR.
void WinZipCtr::apply_blocks(unsigned char* data, std::size_t len) {
  const std::size_t blocks = (len + 15) / 16;
  const std::size_t bytes = blocks * 16;
  unsigned char* s = stream_.data();
  // Locals, not members: stores through unsigned char* may alias *this.
  std::uint64_t lo = counter_lo_;
  std::uint64_t hi = counter_hi_;
  if (lo <= UINT64_MAX - blocks && std::endian::native == std::endian::little) {
    // The common case: no carry into the high half. One 16-byte store per block.
    using U2 = std::uint64_t __attribute__((vector_size(16)));
    U2 c = {lo, hi};
    const U2 one = {1, 0};
    for (std::size_t b = 0; b < blocks; ++b) {
      std::memcpy(s + 16 * b, &c, 16);
      c += one;
    }
    lo += blocks;
  } else {
    for (std::size_t b = 0; b < blocks; ++b) {
      put_le64(s + 16 * b, lo);
      put_le64(s + 16 * b + 8, hi);
      if (++lo == 0) ++hi;
    }
  }
  counter_lo_ = lo;
  counter_hi_ = hi;
  int out_len = 0;
  if (EVP_EncryptUpdate(ctx_.get(), s, &out_len, s, static_cast<int>(bytes)) != 1 ||
      out_len != static_cast<int>(bytes)) {
    failed_ = true;
    return;
  }
  xor_into(data, s, len);
  const std::size_t used_of_last = len % 16;
  if (used_of_last != 0) {
    std::memcpy(left_.data(), s + bytes - 16, 16);
    left_len_ = 16 - used_of_last;
  } else {
    left_len_ = 0;
  }
}

// ---- HmacSha1 ----

void HmacSha1::CtxFree::operator()(evp_mac_ctx_st* ctx) const {
  EVP_MAC_CTX_free(ctx);
}

HmacSha1::HmacSha1(HmacSha1&&) noexcept = default;
HmacSha1& HmacSha1::operator=(HmacSha1&&) noexcept = default;
HmacSha1::~HmacSha1() = default;

Result<HmacSha1> HmacSha1::create(std::span<const unsigned char> key) {
  HmacSha1 h;
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  if (mac == nullptr) return openssl_error("EVP_MAC_fetch(HMAC)");
  h.ctx_.reset(EVP_MAC_CTX_new(mac));
  EVP_MAC_free(mac);  // the context holds its own reference
  if (!h.ctx_) return openssl_error("EVP_MAC_CTX_new");
  char digest[] = "SHA1";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  static const unsigned char kEmpty[1] = {0};
  if (EVP_MAC_init(h.ctx_.get(), key.empty() ? kEmpty : key.data(), key.size(), params) != 1) {
    return openssl_error("HMAC-SHA1 init");
  }
  return h;
}

void HmacSha1::update(std::span<const unsigned char> data) {
  if (failed_ || !ctx_) {
    failed_ = true;
    return;
  }
  if (data.empty()) return;
  if (EVP_MAC_update(ctx_.get(), data.data(), data.size()) != 1) failed_ = true;
}

void HmacSha1::update(std::string_view data) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): bytes are bytes
  update(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(data.data()), data.size()));
}

Result<std::array<unsigned char, 20>> HmacSha1::finish160() {
  std::array<unsigned char, 20> out{};
  std::size_t out_len = 0;
  if (failed_ || !ctx_ || EVP_MAC_final(ctx_.get(), out.data(), &out_len, out.size()) != 1 || out_len != 20) {
    failed_ = true;
    return openssl_error("HMAC-SHA1");
  }
  ctx_.reset();
  return out;
}

std::array<unsigned char, 10> HmacSha1::finish80() {
  std::array<unsigned char, 10> out{};
  auto full = finish160();
  if (full) std::copy_n(full->begin(), 10, out.begin());
  return out;
}

Status HmacSha1::status() const {
  if (failed_) return openssl_error("HMAC-SHA1");
  return Ok{};
}

}  // namespace sg::crypt
