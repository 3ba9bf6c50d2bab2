// The bearer tokens of api.md: user and admin, owner-only files, random from OpenSSL.
#include "service/tokens.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "platform/files.h"
#include "text/utf8.h"

namespace sg {

namespace {

constexpr std::size_t kMaxTokenFileBytes = 4096;

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> load_or_create_one(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    auto data = read_file(file, kMaxTokenFileBytes);
    if (!data) return data;
    std::string token(text::trim(*data));
    if (token.size() >= 32) return token;
    // A token file too short to be ours is replaced rather than trusted.
  }
  std::string token = random_token();
  if (auto st = write_file_atomically(file, token + "\n", true); !st) return st.error();
  return token;
}

}  // namespace

std::string random_token() {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::array<unsigned char, 33> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL's random generator failed");
  }
  std::string out;
  for (std::size_t i = 0; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int k = 18; k >= 0; k -= 6) out.push_back(kAlphabet[(n >> k) & 63u]);
  }
  out.resize(43);
  return out;
}

Result<Tokens> Tokens::load_or_create(const std::filesystem::path& data_dir) {
  if (auto st = ensure_private_dir(data_dir); !st) return st.error();
  Tokens t;
  auto user = load_or_create_one(data_dir / "token");
  if (!user) return std::move(user).error();
  auto admin = load_or_create_one(data_dir / "admin-token");
  if (!admin) return std::move(admin).error();
  t.user_ = std::move(*user);
  t.admin_ = std::move(*admin);
  return t;
}

Role Tokens::role_of(std::string_view bearer) const {
  if (equal_constant_time(bearer, admin_)) return Role::admin;
  if (equal_constant_time(bearer, user_)) return Role::user;
  return Role::none;
}

}  // namespace sg
