// Text files of unknown or declared charset to UTF-8 (BOM, ISO-2022-JP, UTF-8, CP932, EUC-JP).
#include "extract/text_decode.h"

#include <algorithm>
#include <optional>

#include "extract/extract_session.h"
#include "extract/mail_encoding.h"
#include "text/utf8.h"

namespace sg::extract {

namespace {

// The longest a partial character at the end of a cut sample can be, in bytes, minus one.
constexpr std::size_t kMaxPartialCharBytes = 3;

constexpr std::string_view kUtf8 = "UTF-8";
constexpr std::string_view kUtf16Le = "UTF-16LE";
constexpr std::string_view kUtf16Be = "UTF-16BE";
constexpr std::string_view kIso2022Jp = "ISO-2022-JP";
constexpr std::string_view kShiftJis = "Shift_JIS";
constexpr std::string_view kEucJp = "EUC-JP";

struct Bom {
  std::string_view charset;
  std::size_t size = 0;
};

Bom find_bom(std::string_view b) {
  if (b.size() >= 3 && b.compare(0, 3, "\xEF\xBB\xBF") == 0) return {kUtf8, 3};
  if (b.size() >= 2 && b.compare(0, 2, "\xFF\xFE") == 0) return {kUtf16Le, 2};
  if (b.size() >= 2 && b.compare(0, 2, "\xFE\xFF") == 0) return {kUtf16Be, 2};
  return {};
}

bool is_7bit(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Strict conversion of a sample that may end inside a character (`cut`): the last few bytes are
// dropped one by one until it converts.
std::optional<std::string> strict_sample(std::string_view sample, std::string_view charset, bool cut) {
  const std::size_t tries = cut ? std::min(sample.size(), kMaxPartialCharBytes) : 0;
  for (std::size_t drop = 0; drop <= tries; ++drop) {
    if (auto s = mail::charset_to_utf8(sample.substr(0, sample.size() - drop), charset, true)) return s;
  }
  return std::nullopt;
}

bool valid_utf8_sample(std::string_view sample, bool cut) {
  const std::size_t tries = cut ? std::min(sample.size(), kMaxPartialCharBytes) : 0;
  for (std::size_t drop = 0; drop <= tries; ++drop) {
    if (text::is_valid_utf8(sample.substr(0, sample.size() - drop))) return true;
  }
  return false;
}

struct Tally {
  std::size_t kana = 0;  // hiragana and full-width katakana: common in any Japanese text
  std::size_t odd = 0;   // private-use characters and U+FFFD
};

Tally tally(std::string_view utf8) {
  Tally t;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = text::decode_utf8(utf8, i);
    if (cp >= 0x3041 && cp <= 0x30FF) ++t.kana;
    if ((cp >= 0xE000 && cp <= 0xF8FF) || cp == 0xFFFD) ++t.odd;
  }
  return t;
}

// EUC-JP text is rarely valid CP932 with kana in it (its kana bytes read as half-width
// punctuation and katakana in CP932); CP932 text without bytes 0x81-0x9F (half-width katakana,
// as in bank transfer files) often reads as valid EUC-JP. So EUC-JP wins only on more kana, or on
// fewer private-use characters (EUC-JP level-2 kanji bytes are CP932's user-defined area).
bool prefer_euc(const Tally& euc, const Tally& sjis) {
  if (euc.kana != sjis.kana) return euc.kana > sjis.kana;
  return euc.odd < sjis.odd;
}

std::string_view choose_legacy_japanese(std::string_view sample, bool cut) {
  const auto sjis = strict_sample(sample, kShiftJis, cut);
  const auto euc = strict_sample(sample, kEucJp, cut);
  if (sjis && euc) return prefer_euc(tally(*euc), tally(*sjis)) ? kEucJp : kShiftJis;
  if (sjis) return kShiftJis;
  if (euc) return kEucJp;
  // Neither reads cleanly: the one with fewer replacement characters.
  const auto lax_sjis = mail::charset_to_utf8(sample, kShiftJis, false);
  const auto lax_euc = mail::charset_to_utf8(sample, kEucJp, false);
  if (lax_sjis && lax_euc && tally(*lax_euc).odd < tally(*lax_sjis).odd) return kEucJp;
  return kShiftJis;
}

std::string_view detect_after_bom(std::string_view body) {
  const std::string_view sample = body.substr(0, kCharsetSampleBytes);
  const bool cut = sample.size() < body.size();
  if (sample.find('\x1b') != std::string_view::npos && is_7bit(sample) && strict_sample(sample, kIso2022Jp, cut)) {
    return kIso2022Jp;
  }
  if (valid_utf8_sample(sample, cut)) return kUtf8;
  return choose_legacy_japanese(sample, cut);
}

// UTF-8 input: a prefix of at most max_bytes, invalid sequences replaced by U+FFFD.
DecodedText keep_utf8(std::string_view body, std::size_t max_bytes) {
  DecodedText out;
  out.charset = kUtf8;
  std::string_view in = utf8_prefix(body, max_bytes);
  out.truncated = in.size() < body.size();
  if (text::is_valid_utf8(in)) {
    out.text.assign(in);
    return out;
  }
  std::string fixed;
  fixed.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    const char32_t cp = text::decode_utf8(in, i);
    text::append_utf8(fixed, cp == text::kInvalidCodePoint ? U'\uFFFD' : cp);
  }
  if (fixed.size() > max_bytes) {
    out.truncated = true;
    fixed.resize(utf8_prefix(fixed, max_bytes).size());
  }
  out.text = std::move(fixed);
  return out;
}

// Drops the last code point of `s` (it may be a character cut in half, now U+FFFD).
void drop_last_code_point(std::string& s) {
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
  if (!s.empty()) s.pop_back();
}

// Any other charset: converts a prefix sized so the output can reach max_bytes (two input
// bytes per output byte at most for UTF-16, one for the others), then cuts the output.
std::optional<DecodedText> convert(std::string_view body, std::string_view charset, std::size_t max_bytes) {
  const bool utf16 = charset.size() >= 6 && text::iequals_ascii(charset.substr(0, 6), "UTF-16");
  const std::size_t in_limit = utf16 ? (max_bytes > body.size() / 2 ? body.size() : max_bytes * 2) : max_bytes;
  const std::string_view in = body.substr(0, std::min(body.size(), in_limit));
  auto text = mail::charset_to_utf8(in, charset, false);
  if (!text) return std::nullopt;
  DecodedText out;
  out.charset = charset;
  if (in.size() < body.size()) {
    out.truncated = true;
    drop_last_code_point(*text);
  }
  if (text->size() > max_bytes) {
    out.truncated = true;
    text->resize(utf8_prefix(*text, max_bytes).size());
  }
  out.text = std::move(*text);
  return out;
}

DecodedText decode_with(std::string_view body, std::string_view charset, std::size_t max_bytes) {
  if (charset == kUtf8) return keep_utf8(body, max_bytes);
  if (auto out = convert(body, charset, max_bytes)) return std::move(*out);
  return keep_utf8(body, max_bytes);  // not reached for the charsets detected here
}

}  // namespace

std::string_view detect_charset(std::string_view bytes) {
  const Bom bom = find_bom(bytes);
  if (bom.size > 0) return bom.charset;
  return detect_after_bom(bytes);
}

bool is_probably_text(std::string_view bytes) {
  if (bytes.empty()) return false;
  if (find_bom(bytes).size > 0) return true;
  const std::string_view sample = bytes.substr(0, kTextSniffBytes);
  const bool cut = sample.size() < bytes.size();
  for (char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F) return false;
  }
  return valid_utf8_sample(sample, cut) || strict_sample(sample, kShiftJis, cut) ||
         strict_sample(sample, kEucJp, cut);  // ISO-2022-JP is 7-bit: valid UTF-8
}

DecodedText decode_text(std::string_view bytes, std::size_t max_bytes) {
  const Bom bom = find_bom(bytes);
  const std::string_view body = bytes.substr(bom.size);
  const std::string_view charset = bom.size > 0 ? bom.charset : detect_after_bom(body);
  return decode_with(body, charset, max_bytes);
}

DecodedText decode_text_as(std::string_view bytes, std::string_view charset, std::size_t max_bytes) {
  const std::string label = text::ascii_lower(text::trim(charset));
  if (label.empty() || find_bom(bytes).size > 0) return decode_text(bytes, max_bytes);
  if (label == "us-ascii" || label == "ascii" || label == "utf-8" || label == "utf8") {
    const std::string_view sample = bytes.substr(0, kCharsetSampleBytes);
    const bool ascii_ok = label.find("ascii") == std::string::npos || is_7bit(sample);
    if (ascii_ok && valid_utf8_sample(sample, sample.size() < bytes.size())) return keep_utf8(bytes, max_bytes);
    return decode_text(bytes, max_bytes);
  }
  if (!mail::charset_to_utf8({}, label, false)) return decode_text(bytes, max_bytes);
  if (auto out = convert(bytes, label, max_bytes)) {
    out->charset = {};  // the label is the caller's; not one of ours
    return std::move(*out);
  }
  return decode_text(bytes, max_bytes);
}

}  // namespace sg::extract
