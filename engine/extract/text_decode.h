// Text files of unknown or declared charset to UTF-8: BOMs, ISO-2022-JP, UTF-8, Shift_JIS (CP932)
// and EUC-JP, recognised from a sample and converted with ICU, keeping at most a given size.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sg::extract {

// The charset is decided from this many bytes at the start (after a BOM).
inline constexpr std::size_t kCharsetSampleBytes = 64 * 1024;
// A file of unknown type is looked at this far to decide whether it is text.
inline constexpr std::size_t kTextSniffBytes = 8 * 1024;

struct DecodedText {
  std::string text;          // valid UTF-8, BOM removed, at most the size asked for
  std::string_view charset;  // "UTF-8", "UTF-16LE", "UTF-16BE", "ISO-2022-JP", "Shift_JIS", "EUC-JP";
                             // empty when a declared charset other than these was used
  bool truncated = false;    // the input held more text than was kept
};

// The charset of `bytes`: a BOM decides; else ISO-2022-JP when escape sequences appear in 7-bit
// text; else UTF-8 when the sample is valid UTF-8; else whichever of Shift_JIS (CP932) and EUC-JP
// reads the sample without error; when both do, EUC-JP only if it gives more hiragana and katakana
// (or as many, and fewer private-use characters): CP932 is far more common in attachments.
[[nodiscard]] std::string_view detect_charset(std::string_view bytes);

// True when the sample looks like text: a BOM, or no NUL and no control characters other than
// tab, line breaks, form feed and ESC, and it reads without error in one of the charsets above.
[[nodiscard]] bool is_probably_text(std::string_view bytes);

// Converts `bytes` (charset detected) to UTF-8, keeping at most `max_bytes` of output. Only a
// prefix of the input proportional to `max_bytes` is converted, whatever the input's size.
[[nodiscard]] DecodedText decode_text(std::string_view bytes, std::size_t max_bytes);

// As decode_text with a declared charset (a MIME label); the charset is detected instead when the
// label is empty or unknown, says US-ASCII over 8-bit bytes, or says UTF-8 over bytes that are not.
[[nodiscard]] DecodedText decode_text_as(std::string_view bytes, std::string_view charset, std::size_t max_bytes);

}  // namespace sg::extract
