// Random passwords: RAND_bytes with rejection sampling.
#include "crypt/password.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <vector>

namespace sg::crypt {

Result<std::string> generate_password(std::size_t length, std::string_view alphabet) {
  if (length < kMinPasswordLength || length > kMaxPasswordLength) {
    return make_error(ErrorCode::invalid_request,
                      Text{"パスワードの長さは " + std::to_string(kMinPasswordLength) + "〜" +
                               std::to_string(kMaxPasswordLength) + " 文字にしてください",
                           "password length must be " + std::to_string(kMinPasswordLength) + " to " +
                               std::to_string(kMaxPasswordLength) + " characters"});
  }
  std::array<bool, 128> seen{};
  bool valid = alphabet.size() >= 2;
  for (const char c : alphabet) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E || seen[u]) {
      valid = false;
      break;
    }
    seen[u] = true;
  }
  if (!valid) {
    return make_error(ErrorCode::invalid_request,
                      Text{"パスワードの文字集合は、重複のない 2 文字以上の印字可能な ASCII 文字にしてください",
                           "the password alphabet must be at least 2 distinct printable ASCII characters"});
  }
  // A byte b is used only when b < limit, the largest multiple of the alphabet size that fits in
  // 256: every character then has the same probability.
  const std::size_t n = alphabet.size();
  const std::size_t limit = 256 - (256 % n);
  std::string out;
  out.reserve(length);
  std::vector<unsigned char> random(length * 2);
  while (out.size() < length) {
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
      OPENSSL_cleanse(random.data(), random.size());
      OPENSSL_cleanse(out.data(), out.size());
      return make_error(ErrorCode::internal,
                        Text{"乱数を生成できませんでした (RAND_bytes)", "random generation failed (RAND_bytes)"});
    }
    for (const unsigned char b : random) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % n]);
      if (out.size() == length) break;
    }
  }
  OPENSSL_cleanse(random.data(), random.size());
  return out;
}

}  // namespace sg::crypt
