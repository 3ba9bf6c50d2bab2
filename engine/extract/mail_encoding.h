// Header text to UTF-8: RFC 2047 encoded words, legacy Japanese charsets (ICU) and raw 8-bit bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sg::mail {

// Charset names longer than this are not looked up (no MIME charset name comes close).
inline constexpr std::size_t kMaxCharsetNameBytes = 64;

// Converts `bytes` written in `charset` (a MIME name, case-insensitive; an RFC 2231 "*lang" suffix
// is ignored; Shift_JIS means CP932 and ISO-8859-1 means windows-1252, as mail clients write them)
// to UTF-8. nullopt when the charset is unknown, or with `strict` when a byte sequence is invalid;
// without `strict` invalid sequences become U+FFFD.
[[nodiscard]] std::optional<std::string> charset_to_utf8(std::string_view bytes, std::string_view charset, bool strict);

// Raw header bytes as some clients send them, to UTF-8: ISO-2022-JP escape sequences are decoded,
// valid UTF-8 is kept, then Shift_JIS (CP932) is tried; otherwise invalid bytes become U+FFFD.
[[nodiscard]] std::string header_bytes_to_utf8(std::string_view raw);

// Decodes RFC 2047 encoded words (=?charset?B?...?= and =?charset?Q?...?=) in UTF-8 header text.
// Whitespace between adjacent encoded words is dropped, and adjacent words in the same charset are
// decoded together (some mailers split a character across two words). A word with an unknown
// charset or a broken encoding is kept as written.
[[nodiscard]] std::string decode_encoded_words(std::string_view text);

// Runs of SP, HT, CR and LF become one space; leading and trailing ones are removed.
[[nodiscard]] std::string collapse_whitespace(std::string_view text);

// The value of a hexadecimal digit (either case), or -1.
[[nodiscard]] int hex_digit_value(char c);

// The value of a base64 character (RFC 4648 alphabet), or -1 (padding included).
[[nodiscard]] int base64_digit_value(char c);

}  // namespace sg::mail
