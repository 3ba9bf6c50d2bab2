// Random passwords for encrypted archives, from OpenSSL's CSPRNG.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sg::crypt {

// 64 characters that survive being read aloud, retyped from a mail or a printout: no look-alikes
// (0 O o 1 l I i, and ! |), no quotes, backquote, backslash or space.
inline constexpr std::string_view kPasswordAlphabet =
    "ABCDEFGHJKLMNPQRSTUVWXYZ"
    "abcdefghjkmnpqrstuvwxyz"
    "23456789"
    "#$%&+-=?@";
// The same without symbols, for recipients whose systems or keyboards make symbols awkward.
inline constexpr std::string_view kAlphanumericAlphabet =
    "ABCDEFGHJKLMNPQRSTUVWXYZ"
    "abcdefghjkmnpqrstuvwxyz"
    "23456789";
// Lower-case letters and digits only: easiest to read over the phone (fewer bits per character:
// the profile's length should then be 20 or more).
inline constexpr std::string_view kLowercaseDigitsAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

// The alphabet a profile names in /encryption/password_alphabet; the default one for any other name.
[[nodiscard]] constexpr std::string_view password_alphabet(std::string_view name) {
  if (name == "alphanumeric") return kAlphanumericAlphabet;
  if (name == "lowercase_digits") return kLowercaseDigitsAlphabet;
  return kPasswordAlphabet;
}

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 128;

// `length` characters drawn uniformly from `alphabet` with RAND_bytes and rejection sampling (no
// modulo bias). invalid_request when length is outside [kMinPasswordLength, kMaxPasswordLength]
// or the alphabet is not 2..95 distinct printable ASCII characters; internal when the RNG fails.
[[nodiscard]] Result<std::string> generate_password(std::size_t length, std::string_view alphabet = kPasswordAlphabet);

}  // namespace sg::crypt
