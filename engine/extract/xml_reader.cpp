// A forward-only reader of UTF-8 XML held in memory: tags and text in place, no tree.
#include "extract/xml_reader.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "text/utf8.h"

namespace sg::extract {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t find_char(std::string_view s, std::size_t from, char c) {
  if (from >= s.size()) return std::string_view::npos;
  const void* hit = std::memchr(s.data() + from, c, s.size() - from);
  return hit == nullptr ? std::string_view::npos : static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
}

std::string_view local_part(std::string_view qualified) {
  const std::size_t colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

// A character reference's code point ("#65", "#x41"); 0 when malformed or not a character XML allows.
char32_t character_reference(std::string_view ref) {
  if (ref.size() < 2 || ref[0] != '#') return 0;
  const bool hex = ref[1] == 'x';
  const std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return 0;
  std::uint32_t v = 0;
  for (const char c : digits) {
    std::uint32_t d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<std::uint32_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return 0;
    }
    v = v * (hex ? 16U : 10U) + d;
  }
  const bool allowed = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) ||
                       (v >= 0x10000 && v <= 0x10FFFF);
  return allowed ? static_cast<char32_t>(v) : 0;
}

// Byte classes for the tag scanner, one table lookup per byte instead of several comparisons.
enum : unsigned char { kPlain = 0, kNameEnd = 1, kTagStop = 2 };
constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> t{};
  for (const char c : {' ', '\t', '\n', '\r', '/'}) t[static_cast<unsigned char>(c)] = kNameEnd;
  t[static_cast<unsigned char>('>')] = kNameEnd | kTagStop;
  t[static_cast<unsigned char>('"')] = kTagStop;
  t[static_cast<unsigned char>('\'')] = kTagStop;
  return t;
}();

unsigned char byte_class(char c) {
  return kByteClass[static_cast<unsigned char>(c)];
}

// The high bit of each byte of `w` that equals `c` (the lowest one exact; see find_tag_stop).
constexpr std::uint64_t bytes_equal(std::uint64_t w, unsigned char c) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t x = w ^ (kOnes * c);
  return (x - kOnes) & ~x & kHighs;
}

// The first '>', '"' or '\'' at or after `i`, eight bytes at a time (start tags with their
// attributes are a third of a worksheet's bytes); n when there is none.
std::size_t find_tag_stop(const char* d, std::size_t i, std::size_t n) {
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + sizeof(std::uint64_t) <= n; i += sizeof(std::uint64_t)) {
      std::uint64_t w = 0;
      std::memcpy(&w, d + i, sizeof w);
      const std::uint64_t hits = bytes_equal(w, '>') | bytes_equal(w, '"') | bytes_equal(w, '\'');
      // A borrow can only mark bytes above the first real hit, so the lowest mark is exact.
      if (hits != 0) return i + static_cast<std::size_t>(std::countr_zero(hits)) / 8;
    }
  }
  while (i < n && (byte_class(d[i]) & kTagStop) == 0) ++i;
  return i;
}

constexpr std::size_t kMaxReferenceBytes = 12;  // "&#x0010FFFF;" is the longest one worth reading

}  // namespace

void append_xml_unescaped(std::string_view raw, std::string& out) {
  std::size_t from = 0;
  for (std::size_t amp = find_char(raw, 0, '&'); amp != std::string_view::npos; amp = find_char(raw, from, '&')) {
    out.append(raw, from, amp - from);
    const std::size_t semi = raw.substr(0, amp + kMaxReferenceBytes).find(';', amp + 1);
    if (semi == std::string_view::npos) {
      out += '&';
      from = amp + 1;
      continue;
    }
    const std::string_view ref = raw.substr(amp + 1, semi - amp - 1);
    from = semi + 1;
    if (ref == "lt") {
      out += '<';
    } else if (ref == "gt") {
      out += '>';
    } else if (ref == "amp") {
      out += '&';
    } else if (ref == "quot") {
      out += '"';
    } else if (ref == "apos") {
      out += '\'';
    } else if (const char32_t cp = character_reference(ref); cp != 0) {
      text::append_utf8(out, cp);
    } else {
      out.append(raw, amp, semi + 1 - amp);  // kept as written
    }
  }
  out.append(raw, from, raw.size() - from);
}

XmlReader::XmlReader(std::string_view doc) : doc_(doc) {
  if (doc_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

bool XmlReader::readable(std::string_view doc) {
  if (doc.starts_with("\xFE\xFF") || doc.starts_with("\xFF\xFE")) return false;
  const std::string_view head = doc.substr(0, 4);
  if (head.find('\0') != std::string_view::npos) return false;
  if (!doc.starts_with("<?xml") && !doc.starts_with("\xEF\xBB\xBF<?xml")) return true;
  const std::size_t end = doc.find("?>");
  const std::string_view decl = doc.substr(0, end == std::string_view::npos ? 0 : end);
  const std::size_t enc = decl.find("encoding");
  if (enc == std::string_view::npos) return true;
  std::size_t q = enc + 8;
  while (q < decl.size() && (is_space(decl[q]) || decl[q] == '=')) ++q;
  if (q >= decl.size() || (decl[q] != '"' && decl[q] != '\'')) return false;
  const std::size_t close = decl.find(decl[q], q + 1);
  if (close == std::string_view::npos) return false;
  const std::string name = text::ascii_lower(decl.substr(q + 1, close - q - 1));
  return name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii";
}

XmlReader::Event XmlReader::fail(std::string_view why) {
  error_ = why;
  pos_ = doc_.size();
  return Event::error;
}

XmlReader::Event XmlReader::next() {
  for (;;) {
    if (!error_.empty()) return Event::error;
    if (pos_ >= doc_.size()) return Event::eof;
    if (doc_[pos_] != '<') {
      std::size_t lt = find_char(doc_, pos_, '<');
      if (lt == std::string_view::npos) lt = doc_.size();
      text_ = doc_.substr(pos_, lt - pos_);
      cdata_ = false;
      pos_ = lt;
      return Event::text;
    }
    // Most tags are element tags: only "<!" and "<?" need the slower look.
    if (pos_ + 1 < doc_.size() && doc_[pos_ + 1] != '!' && doc_[pos_ + 1] != '?') return read_tag();
    const std::string_view rest = doc_.substr(pos_);
    if (rest.starts_with("<!--")) {
      const std::size_t end = rest.find("-->", 4);
      if (end == std::string_view::npos) return fail("unterminated comment");
      pos_ += end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      const std::size_t end = rest.find("]]>", 9);
      if (end == std::string_view::npos) return fail("unterminated CDATA section");
      text_ = rest.substr(9, end - 9);
      cdata_ = true;
      pos_ += end + 3;
      return Event::text;
    }
    if (rest.starts_with("<?")) {
      const std::size_t end = rest.find("?>", 2);
      if (end == std::string_view::npos) return fail("unterminated processing instruction");
      pos_ += end + 2;
      continue;
    }
    if (rest.starts_with("<!")) {
      // A DOCTYPE (with an internal subset in brackets) or another declaration: skipped whole.
      int depth = 0;
      char quote = 0;
      std::size_t i = 2;
      for (; i < rest.size(); ++i) {
        const char c = rest[i];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          ++depth;
        } else if (c == ']') {
          --depth;
        } else if (c == '>' && depth <= 0) {
          break;
        }
      }
      if (i >= rest.size()) return fail("unterminated declaration");
      pos_ += i + 1;
      continue;
    }
    return read_tag();
  }
}

XmlReader::Event XmlReader::read_tag() {
  const bool closing = doc_.size() > pos_ + 1 && doc_[pos_ + 1] == '/';
  std::size_t i = pos_ + (closing ? 2 : 1);
  const std::size_t name_begin = i;
  const char* const d = doc_.data();
  const std::size_t n = doc_.size();
  while (i < n && (byte_class(d[i]) & kNameEnd) == 0) ++i;
  if (i == name_begin || i >= n) return fail("malformed tag");
  name_ = doc_.substr(name_begin, i - name_begin);
  local_ = local_part(name_);
  if (closing) {
    const std::size_t gt = find_char(doc_, i, '>');
    if (gt == std::string_view::npos) return fail("unterminated end tag");
    pos_ = gt + 1;
    return Event::end;
  }
  // The tag ends at the first '>' outside a quoted attribute value.
  const std::size_t attrs_begin = i;
  for (;;) {
    i = find_tag_stop(d, i, n);
    if (i >= n) return fail("unterminated start tag");
    const char quote = d[i];
    if (quote == '>') break;
    for (++i; i < n && d[i] != quote; ++i) {
    }
    if (i >= n) return fail("unterminated attribute value");
    ++i;
  }
  self_closing_ = i > attrs_begin && doc_[i - 1] == '/';
  attrs_ = doc_.substr(attrs_begin, i - attrs_begin - (self_closing_ ? 1 : 0));
  pos_ = i + 1;
  return Event::start;
}

std::string_view XmlReader::attribute(std::string_view local) const {
  const std::string_view a = attrs_;
  std::size_t i = 0;
  for (;;) {
    while (i < a.size() && is_space(a[i])) ++i;
    if (i >= a.size()) return {};
    const std::size_t name_begin = i;
    while (i < a.size() && a[i] != '=' && !is_space(a[i])) ++i;
    const std::string_view name = a.substr(name_begin, i - name_begin);
    while (i < a.size() && is_space(a[i])) ++i;
    if (i >= a.size() || a[i] != '=') return {};
    ++i;
    while (i < a.size() && is_space(a[i])) ++i;
    if (i >= a.size() || (a[i] != '"' && a[i] != '\'')) return {};
    const char quote = a[i];
    const std::size_t value_begin = i + 1;
    const std::size_t close = a.find(quote, value_begin);
    if (close == std::string_view::npos) return {};
    if (local_part(name) == local && !name.empty()) return a.substr(value_begin, close - value_begin);
    i = close + 1;
  }
}

void XmlReader::append_text(std::string& out) const {
  if (cdata_) {
    out += text_;
  } else {
    append_xml_unescaped(text_, out);
  }
}

bool XmlReader::skip_element() {
  if (self_closing_) return true;
  int depth = 1;
  for (;;) {
    switch (next()) {
      case Event::start:
        if (!self_closing_) ++depth;
        break;
      case Event::end:
        if (--depth == 0) return true;
        break;
      case Event::text: break;
      case Event::eof:
      case Event::error: return false;
    }
  }
}

}  // namespace sg::extract
