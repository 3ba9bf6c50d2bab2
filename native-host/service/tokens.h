// The bearer tokens of api.md: a user token and a separate admin token, each a file in the data
// directory readable by its owner only, made on first start from OpenSSL's random generator.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sg {

enum class Role { none, user, admin };  // ordered: admin can do what user can

class Tokens {
 public:
  // Reads `token` and `admin-token` from the data directory, creating any that is missing.
  [[nodiscard]] static Result<Tokens> load_or_create(const std::filesystem::path& data_dir);

  // The role a bearer token grants (constant-time comparisons).
  [[nodiscard]] Role role_of(std::string_view bearer) const;

  [[nodiscard]] const std::string& user() const { return user_; }
  [[nodiscard]] const std::string& admin() const { return admin_; }

 private:
  std::string user_;
  std::string admin_;
};

// 32 random bytes as base64url without padding (43 characters).
[[nodiscard]] std::string random_token();

}  // namespace sg
