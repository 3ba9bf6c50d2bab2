// Known-answer tests of the WinZip AES primitives against published vectors: PBKDF2-HMAC-SHA1
// (RFC 6070), AES-256 (NIST SP 800-38A F.1.5 and F.5.5), HMAC-SHA1 (RFC 2202).
#include <doctest/doctest.h>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "crypt/winzip_aes.h"

namespace {

using sg::crypt::HmacSha1;
using sg::crypt::WinZipCtr;

std::vector<unsigned char> hex(std::string_view h) {
  std::vector<unsigned char> out;
  const auto nibble = [](char c) -> unsigned {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    return static_cast<unsigned>(c - 'a' + 10);
  };
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<unsigned char>((nibble(h[i]) << 4) | nibble(h[i + 1])));
  }
  return out;
}

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

std::span<const unsigned char> bytes_of(std::string_view s) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

// SP 800-38A's AES-256 key (F.1.5, F.5.5).
const std::vector<unsigned char> kNistKey = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");

std::array<unsigned char, 32> key32(const std::vector<unsigned char>& v) {
  std::array<unsigned char, 32> k{};
  std::copy_n(v.begin(), 32, k.begin());
  return k;
}

// One block through OpenSSL directly (independent of WinZipCtr).
std::vector<unsigned char> ecb_block(const std::vector<unsigned char>& key, const std::vector<unsigned char>& in) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  REQUIRE(ctx != nullptr);
  std::vector<unsigned char> out(16);
  int len = 0;
  REQUIRE(EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), nullptr, key.data(), nullptr) == 1);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  REQUIRE(EVP_EncryptUpdate(ctx, out.data(), &len, in.data(), 16) == 1);
  EVP_CIPHER_CTX_free(ctx);
  CHECK(len == 16);
  return out;
}

std::vector<unsigned char> le128(std::uint64_t v) {
  std::vector<unsigned char> b(16, 0);
  for (int i = 0; i < 8; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(v >> (8 * i));
  return b;
}

}  // namespace

TEST_CASE("PBKDF2-HMAC-SHA1 matches RFC 6070") {
  struct Vector {
    std::string password;
    std::string salt;
    unsigned iterations;
    std::size_t length;
    std::string_view expected;
  };
  const Vector vectors[] = {
      {"password", "salt", 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
      {"password", "salt", 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
      {"password", "salt", 4096, 20, "4b007901b765489abead49d926f721d065a429c1"},
      {"passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25,
       "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
      {std::string("pass\0word", 9), std::string("sa\0lt", 5), 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3"},
  };
  for (const Vector& v : vectors) {
    CAPTURE(v.iterations);
    CAPTURE(v.length);
    auto key = sg::crypt::pbkdf2_hmac_sha1(v.password, bytes_of(v.salt), v.iterations, v.length);
    REQUIRE(key.ok());
    CHECK(to_hex(*key) == v.expected);
  }
}

TEST_CASE("PBKDF2 refuses absurd arguments") {
  CHECK(sg::crypt::pbkdf2_hmac_sha1("p", bytes_of("salt"), 0, 20).error().code == sg::ErrorCode::invalid_request);
  CHECK(sg::crypt::pbkdf2_hmac_sha1("p", bytes_of("salt"), 1, 0).error().code == sg::ErrorCode::invalid_request);
}

TEST_CASE("derive_keys splits PBKDF2(password, salt, 1000, 66) into AES key, HMAC key and verifier") {
  const auto salt_v = hex("000102030405060708090a0b0c0d0e0f");
  std::array<unsigned char, 16> salt{};
  std::copy_n(salt_v.begin(), 16, salt.begin());
  auto keys = sg::crypt::derive_keys("秘密のパスワード", salt);
  REQUIRE(keys.ok());
  auto all = sg::crypt::pbkdf2_hmac_sha1("秘密のパスワード", salt, 1000, 66);
  REQUIRE(all.ok());
  CHECK(to_hex(keys->aes) == to_hex(std::span<const unsigned char>(all->data(), 32)));
  CHECK(to_hex(keys->hmac) == to_hex(std::span<const unsigned char>(all->data() + 32, 32)));
  CHECK(to_hex(keys->verifier) == to_hex(std::span<const unsigned char>(all->data() + 64, 2)));
}

TEST_CASE("AES-256-ECB matches SP 800-38A F.1.5") {
  CHECK(to_hex(ecb_block(kNistKey, hex("6bc1bee22e409f96e93d7e117393172a"))) == "f3eed1bdb5d2a03c064b5a7e3db181f8");
  CHECK(to_hex(ecb_block(kNistKey, hex("ae2d8a571e03ac9c9eb76fac45af8e51"))) == "591ccb10d410ed26dc5ba74a31362870");
  CHECK(to_hex(ecb_block(kNistKey, hex("30c81c46a35ce411e5fbc1191a0a52ef"))) == "b6ed21b99ca6f4f9f153e7b1beafed1d");
  CHECK(to_hex(ecb_block(kNistKey, hex("f69f2445df4f9b17ad2b417be66c3710"))) == "23304b7a39f9f3ff067d8d8f9e24ecc7");
}

TEST_CASE("the AES-256 counter-mode keystream matches SP 800-38A F.5.5 for its counter blocks") {
  // F.5.5 uses big-endian counters f0..ff, f0..ff00: plaintext XOR AES(counter) = ciphertext.
  const auto p1 = hex("6bc1bee22e409f96e93d7e117393172a");
  const auto c1 = hex("601ec313775789a5b7a7f504bbf3d228");
  const auto p2 = hex("ae2d8a571e03ac9c9eb76fac45af8e51");
  const auto c2 = hex("f443e3ca4d62b59aca84e990cacaf5c5");
  const auto o1 = ecb_block(kNistKey, hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));
  const auto o2 = ecb_block(kNistKey, hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdff00"));
  for (std::size_t i = 0; i < 16; ++i) {
    CHECK((p1[i] ^ o1[i]) == c1[i]);
    CHECK((p2[i] ^ o2[i]) == c2[i]);
  }
}

TEST_CASE("WinZip counter mode: keystream block i is AES-256-ECB(key, little-endian i + 1)") {
  auto ctr = WinZipCtr::create(key32(kNistKey));
  REQUIRE(ctr.ok());
  // Zeros in, keystream out; 300 blocks cross the 256 boundary of the counter's first byte.
  std::vector<unsigned char> stream(300 * 16, 0);
  ctr->apply(stream);
  REQUIRE(ctr->status().ok());
  for (std::uint64_t i = 0; i < 300; ++i) {
    CAPTURE(i);
    const auto expected = ecb_block(kNistKey, le128(i + 1));
    CHECK(to_hex(std::span<const unsigned char>(stream.data() + 16 * i, 16)) == to_hex(expected));
  }
  // And the SP 800-38A plaintext encrypts to plaintext XOR that keystream.
  auto enc = WinZipCtr::create(key32(kNistKey));
  REQUIRE(enc.ok());
  auto data = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
  const auto plain = data;
  enc->apply(data);
  for (std::size_t i = 0; i < data.size(); ++i) CHECK(data[i] == (plain[i] ^ stream[i]));
}

TEST_CASE("WinZip counter mode carries its state across calls of odd sizes") {
  std::vector<unsigned char> plain(100000);
  for (std::size_t i = 0; i < plain.size(); ++i) plain[i] = static_cast<unsigned char>((i * 131) ^ (i >> 7));
  auto whole = WinZipCtr::create(key32(kNistKey));
  REQUIRE(whole.ok());
  std::vector<unsigned char> one = plain;
  whole->apply(one);

  auto pieces = WinZipCtr::create(key32(kNistKey));
  REQUIRE(pieces.ok());
  std::vector<unsigned char> many = plain;
  const std::size_t sizes[] = {0, 1, 15, 16, 17, 3, 31, 33, 64, 1000, 4097, 5, 0, 65536};
  std::size_t at = 0;
  for (std::size_t i = 0; at < many.size(); ++i) {
    const std::size_t n = std::min(sizes[i % std::size(sizes)], many.size() - at);
    pieces->apply(std::span<unsigned char>(many.data() + at, n));
    at += n;
  }
  CHECK(many == one);
  CHECK(one != plain);
  // Applying it again with a fresh counter decrypts.
  auto again = WinZipCtr::create(key32(kNistKey));
  REQUIRE(again.ok());
  again->apply(one);
  CHECK(one == plain);
}

TEST_CASE("HMAC-SHA1 matches RFC 2202 test cases 1 to 3") {
  struct Vector {
    std::vector<unsigned char> key;
    std::string data;
    std::string_view expected;
  };
  const Vector vectors[] = {
      {std::vector<unsigned char>(20, 0x0b), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
      {hex("4a656665"), "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {std::vector<unsigned char>(20, 0xaa), std::string(50, '\xdd'), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
  };
  for (const Vector& v : vectors) {
    CAPTURE(v.expected);
    auto mac = HmacSha1::create(v.key);
    REQUIRE(mac.ok());
    // In two pieces: update() accumulates.
    mac->update(std::string_view(v.data).substr(0, 3));
    mac->update(std::string_view(v.data).substr(3));
    auto full = mac->finish160();
    REQUIRE(full.ok());
    CHECK(to_hex(*full) == v.expected);

    auto truncated = HmacSha1::create(v.key);
    REQUIRE(truncated.ok());
    truncated->update(v.data);
    CHECK(to_hex(truncated->finish80()) == v.expected.substr(0, 20));
  }
}
