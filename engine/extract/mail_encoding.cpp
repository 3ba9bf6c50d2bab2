// Header text to UTF-8: RFC 2047 encoded words, legacy Japanese charsets (ICU) and raw 8-bit bytes.
#include "extract/mail_encoding.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <array>
#include <climits>
#include <cstdint>
#include <memory>
#include <utility>

#include "text/utf8.h"

namespace sg::mail {

namespace {

using Converter = std::unique_ptr<UConverter, decltype(&ucnv_close)>;

// MIME names that ICU would read differently from the way mail clients mean them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kCharsetAliases{{
    {"shift_jis", "windows-31j"},
    {"shift-jis", "windows-31j"},
    {"sjis", "windows-31j"},
    {"x-sjis", "windows-31j"},
    {"cp932", "windows-31j"},
    {"ms932", "windows-31j"},
    {"x-ms-cp932", "windows-31j"},
    {"iso-2022-jp-ms", "iso-2022-jp"},
    {"cp50220", "iso-2022-jp"},
    {"cp50221", "iso-2022-jp"},
    {"cp50222", "iso-2022-jp"},
    {"iso-8859-1", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"l1", "windows-1252"},
}};

bool is_charset_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':' || c == '+';
}

// The ICU converter name for a MIME charset label; empty when the label cannot be a charset name
// (ICU reads "," as the start of converter options, so only token characters pass).
std::string icu_charset_name(std::string_view mime) {
  mime = mime.substr(0, mime.find('*'));  // RFC 2231 language suffix
  if (mime.empty() || mime.size() > kMaxCharsetNameBytes) return {};
  for (char c : mime) {
    if (!is_charset_char(c)) return {};
  }
  std::string name = text::ascii_lower(mime);
  for (const auto& [alias, icu] : kCharsetAliases) {
    if (name == alias) return std::string(icu);
  }
  return name;
}

Converter open_converter(std::string_view mime) {
  const std::string name = icu_charset_name(mime);
  if (name.empty()) return Converter(nullptr, &ucnv_close);
  UErrorCode status = U_ZERO_ERROR;
  Converter cnv(ucnv_open(name.c_str(), &status), &ucnv_close);
  if (U_FAILURE(status)) cnv.reset();
  return cnv;
}

bool is_7bit(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string replace_invalid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = text::decode_utf8(s, i);
    text::append_utf8(out, cp == text::kInvalidCodePoint ? U'\uFFFD' : cp);
  }
  return out;
}

// RFC 2047 "Q": "_" is a space, "=XX" a byte; a stray "=" is kept as written.
std::string decode_q(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < s.size() && hex_digit_value(s[i + 1]) >= 0 && hex_digit_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// RFC 2047 "B": base64; padding may be missing, anything else outside the alphabet is an error.
std::optional<std::string> decode_b(std::string_view s) {
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  std::string out;
  out.reserve(s.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const int v = base64_digit_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

struct EncodedWord {
  std::string charset;  // as written, language suffix included
  std::string bytes;    // transfer encoding removed, still in `charset`
  std::size_t end = 0;  // offset just after "?="
};

std::optional<std::string> decode_transfer(char encoding, std::string_view payload) {
  if (encoding == 'b' || encoding == 'B') return decode_b(payload);
  if (encoding == 'q' || encoding == 'Q') return decode_q(payload);
  return std::nullopt;
}

// Reads "=?charset?X?payload?=" at s[at]; nullopt when it is not a decodable encoded word.
std::optional<EncodedWord> parse_encoded_word(std::string_view s, std::size_t at) {
  if (s.substr(at, 2) != "=?") return std::nullopt;
  const std::size_t charset_end = s.find('?', at + 2);
  if (charset_end == std::string_view::npos || charset_end + 2 >= s.size() || s[charset_end + 2] != '?') {
    return std::nullopt;
  }
  const std::size_t payload_begin = charset_end + 3;
  const std::size_t payload_end = s.find('?', payload_begin);
  if (payload_end == std::string_view::npos || payload_end + 1 >= s.size() || s[payload_end + 1] != '=') {
    return std::nullopt;
  }
  const std::string_view payload = s.substr(payload_begin, payload_end - payload_begin);
  if (payload.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
  const std::string_view charset = s.substr(at + 2, charset_end - at - 2);
  if (!open_converter(charset)) return std::nullopt;
  auto bytes = decode_transfer(s[charset_end + 1], payload);
  if (!bytes) return std::nullopt;
  return EncodedWord{std::string(charset), std::move(*bytes), payload_end + 2};
}

std::size_t skip_whitespace(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return i;
}

bool same_charset(std::string_view a, std::string_view b) {
  return icu_charset_name(a) == icu_charset_name(b);
}

// Appends `word` and the encoded words that follow it (whitespace between them dropped), decoding
// each same-charset run as one byte string. Returns the offset after the last word.
std::size_t append_word_run(std::string_view s, EncodedWord word, std::string& out) {
  for (;;) {
    auto next = parse_encoded_word(s, skip_whitespace(s, word.end));
    if (next && same_charset(next->charset, word.charset)) {
      word.bytes += next->bytes;
      word.end = next->end;
      continue;
    }
    if (auto decoded = charset_to_utf8(word.bytes, word.charset, false)) out += *decoded;
    if (!next) return word.end;
    word = std::move(*next);
  }
}

}  // namespace

std::optional<std::string> charset_to_utf8(std::string_view bytes, std::string_view charset, bool strict) {
  Converter cnv = open_converter(charset);
  if (!cnv) return std::nullopt;
  if (bytes.size() > INT32_MAX / 4) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  if (strict) {
    ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return std::nullopt;
  }
  const icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), cnv.get(), status);
  if (U_FAILURE(status) || text.isBogus()) return std::nullopt;
  std::string out;
  text.toUTF8String(out);
  return out;
}

std::string header_bytes_to_utf8(std::string_view raw) {
  if (raw.find('\x1b') != std::string_view::npos && is_7bit(raw)) {
    if (auto jis = charset_to_utf8(raw, "ISO-2022-JP", true)) return *jis;
  }
  if (text::is_valid_utf8(raw)) return std::string(raw);
  if (auto sjis = charset_to_utf8(raw, "Shift_JIS", true)) return *sjis;
  return replace_invalid_utf8(raw);
}

std::string decode_encoded_words(std::string_view text) {
  if (text.find("=?") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto word = text[i] == '=' ? parse_encoded_word(text, i) : std::nullopt;
    if (word) {
      i = append_word_run(text, std::move(*word), out);
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_digit_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace sg::mail
