// Which lines of a plain-text body the sender wrote now, as opposed to quotes and signature.
#include "text/message_parts.h"

#include <array>
#include <string>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sg::text {

namespace {

// A separator closes the body when at most this many lines follow it (a signature block).
constexpr std::size_t kMaxSignatureLines = 12;
// An Outlook header block: "From:" followed by "Sent:"/"Subject:" within this many lines.
constexpr std::size_t kHeaderBlockLines = 5;

struct Line {
  std::size_t begin, end;  // without the line break
  std::string_view text;
  std::string folded;  // trimmed and folded once: full-width colons become ':', case is gone
};

std::vector<Line> lines_of(std::string_view body) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t nl = body.find('\n', start);
    if (nl == std::string_view::npos) nl = body.size();
    std::size_t end = nl;
    if (end > start && body[end - 1] == '\r') --end;
    lines.push_back({start, end, body.substr(start, end - start), fold(trim(body.substr(start, end - start)))});
    if (nl == body.size()) break;
    start = nl + 1;
  }
  return lines;
}

bool is_quoted(std::string_view line) {
  const std::string_view t = trim(line);
  return t.starts_with(">") || t.starts_with("\xEF\xBC\x9E");  // '>' or full-width '＞'
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (std::string_view x : suffixes) {
    if (s.ends_with(x)) return true;
  }
  return false;
}

bool is_attribution(std::string_view f) {
  return ends_with_any(f, {"wrote:", "wrote :", "書きました:", "書きました :", "のメッセージ:", "からのメッセージ:",
                           "さんより:", "schrieb:", "a écrit :", "a écrit:"});
}

bool is_history_separator(std::string_view f) {
  static constexpr std::array<std::string_view, 8> kMarks = {
      "original message",     "forwarded message",  "元のメッセージ",       "転送メッセージ",
      "転送されたメッセージ", "転送済みメッセージ", "オリジナルメッセージ", "原文"};
  if (f.size() < 6 || (f.front() != '-' && f.front() != '=' && f.front() != '_')) return false;
  for (std::string_view m : kMarks) {
    if (f.find(m) != std::string::npos) return true;
  }
  return false;
}

bool starts_with_header(std::string_view f, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (f.starts_with(n) && f.size() > n.size() && f[n.size()] == ':') return true;
    if (f.starts_with(n) && f.size() > n.size() + 1 && f[n.size()] == ' ' && f[n.size() + 1] == ':') return true;
  }
  return false;
}

bool is_header_block(const std::vector<Line>& lines, std::size_t i) {
  if (!starts_with_header(lines[i].folded, {"from", "差出人", "送信者"})) return false;
  for (std::size_t k = i + 1; k < lines.size() && k <= i + kHeaderBlockLines; ++k) {
    if (starts_with_header(lines[k].folded, {"sent", "date", "送信日時", "日付", "subject", "件名", "to", "宛先"})) {
      return true;
    }
  }
  return false;
}

bool is_signature_dash(std::string_view line) {
  return line == "-- " || line == "--" || line == "-- \r";
}

// A line of one repeated separator character (---, ===, ___, ───, ━━━, ＿＿＿, ＝＝＝, ***, ~~~).
bool is_rule_line(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.empty()) return false;
  std::size_t i = 0;
  const char32_t first = decode_utf8(t, i);
  static constexpr std::array<char32_t, 12> kRules = {U'-',      U'=',      U'_',      U'*',      U'~',      U'\u2500',
                                                      U'\u2501', U'\uFF3F', U'\uFF1D', U'\u30FC', U'\u2015', U'\uFF0D'};
  bool rule_char = false;
  for (char32_t r : kRules) rule_char = rule_char || first == r;
  if (!rule_char) return false;
  std::size_t count = 1;
  while (i < t.size()) {
    if (decode_utf8(t, i) != first) return false;
    ++count;
  }
  return count >= 4;
}

}  // namespace

MessageParts split_message(std::string_view body) {
  MessageParts parts;
  parts.own_end = body.size();
  parts.quote_begin = body.size();
  const std::vector<Line> lines = lines_of(body);

  std::size_t cut = lines.size();  // first line of quoted history
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_attribution(lines[i].folded) || is_history_separator(lines[i].folded) || is_header_block(lines, i)) {
      cut = i;
      // "On Mon, ... <x@y>\nwrote:" and "____\nFrom:" start one line earlier.
      if (i > 0 &&
          (is_rule_line(lines[i - 1].text) || (trim(lines[i].text) == "wrote:" && !trim(lines[i - 1].text).empty()))) {
        cut = i - 1;
      }
      break;
    }
    if (is_quoted(lines[i].text)) {
      // A run of quoted lines that reaches the end (or only blank lines follow) is history too.
      std::size_t k = i;
      while (k < lines.size() && (is_quoted(lines[k].text) || trim(lines[k].text).empty())) ++k;
      if (k == lines.size()) {
        cut = i;
        break;
      }
    }
  }
  if (cut < lines.size()) parts.quote_begin = lines[cut].begin;

  std::size_t sig = cut;  // first line of the signature
  for (std::size_t i = 0; i < cut; ++i) {
    if (is_signature_dash(lines[i].text)) {
      sig = i;
      break;
    }
    if (is_rule_line(lines[i].text) && i > 0 && cut - i - 1 <= kMaxSignatureLines) {
      sig = i;
      break;
    }
  }
  if (sig < lines.size()) parts.own_end = lines[sig].begin;

  for (std::size_t i = 0; i < sig; ++i) {
    if (!is_quoted(lines[i].text)) parts.own_lines.push_back({lines[i].begin, lines[i].end});
  }
  return parts;
}

}  // namespace sg::text
