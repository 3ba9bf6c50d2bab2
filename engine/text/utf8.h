// UTF-8 decoding and code-point offsets, the unit in which body offsets are reported.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sg::text {

inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// Decodes one code point at s[i]; advances i. Returns kInvalidCodePoint (and advances one byte)
// for malformed, overlong or surrogate sequences.
char32_t decode_utf8(std::string_view s, std::size_t& i);

void append_utf8(std::string& out, char32_t cp);

[[nodiscard]] bool is_valid_utf8(std::string_view s);

// Whole strings between UTF-8 and code points (malformed bytes become U+FFFD).
[[nodiscard]] std::u32string to_u32(std::string_view s);
[[nodiscard]] std::string to_utf8(std::u32string_view s);

// Number of code points in s (malformed bytes count one each).
[[nodiscard]] std::size_t count_code_points(std::string_view s);

// ASCII-only lower-casing; bytes >= 0x80 are left alone.
[[nodiscard]] std::string ascii_lower(std::string_view s);

[[nodiscard]] bool iequals_ascii(std::string_view a, std::string_view b);

[[nodiscard]] std::string_view trim(std::string_view s);

}  // namespace sg::text
