// A forward-only reader of UTF-8 XML held in memory, for the large parts of Office files (a
// worksheet of 90,000 rows is 40 MB of markup): it walks tags and text in place, one pass, no tree
// and no allocation per node. It understands what such parts contain (elements, attributes,
// namespace prefixes, character and predefined entity references, CDATA, comments, processing
// instructions) and skips DOCTYPE declarations without reading them (no entity of a DTD is ever
// defined or expanded). Markup it cannot read ends the walk with an error, never a crash; it does
// not check everything a validating parser would (well-formedness of nesting is the caller's).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sg::extract {

class XmlReader {
 public:
  enum class Event : unsigned char { start, end, text, eof, error };

  // `doc` must stay alive while the reader is used. A UTF-8 byte order mark is skipped.
  explicit XmlReader(std::string_view doc);

  // Whether the part looks like UTF-8 (or ASCII) XML: false for UTF-16 byte order marks or zero
  // bytes in the first characters, and for an XML declaration naming another encoding. Callers
  // read such parts some other way.
  [[nodiscard]] static bool readable(std::string_view doc);

  // The next event. After `start`: name(), attribute(), self_closing() (an empty element gets no
  // `end` event of its own). After `end`: name(). After `text`: raw_text() (character data between
  // tags, or the content of a CDATA section, entities not decoded; see append_text).
  Event next();

  // Qualified name of the current element, and its local part ("x:c" -> "c").
  [[nodiscard]] std::string_view name() const { return name_; }
  [[nodiscard]] std::string_view local_name() const { return local_; }
  [[nodiscard]] bool self_closing() const { return self_closing_; }
  // The raw value of the current start tag's attribute with this local name (prefixed or not; the
  // first one wins), entities not decoded; "" when absent.
  [[nodiscard]] std::string_view attribute(std::string_view local) const;

  [[nodiscard]] std::string_view raw_text() const { return text_; }
  [[nodiscard]] bool text_is_cdata() const { return cdata_; }
  // Appends the current text to `out` with references decoded (CDATA as it is). An unknown or
  // malformed reference is kept as written.
  void append_text(std::string& out) const;

  // What went wrong, when next() returned `error` (English, for logs; never any content).
  [[nodiscard]] std::string_view error() const { return error_; }
  // Bytes consumed so far.
  [[nodiscard]] std::size_t offset() const { return pos_; }

  // Skips the rest of the element whose start tag was just read (its content and end tag); false
  // on error or end of input.
  bool skip_element();

  // The unread input, for callers with a fast path for markup they know ("<v>12</v></c>"), and
  // skipping `bytes` of it once they have read them (at most rest().size()).
  [[nodiscard]] std::string_view rest() const { return doc_.substr(pos_); }
  void advance(std::size_t bytes) { pos_ += bytes; }

 private:
  Event fail(std::string_view why);
  Event read_tag();

  std::string_view doc_;
  std::size_t pos_ = 0;
  std::string_view name_;
  std::string_view local_;
  std::string_view attrs_;  // the start tag's bytes after the name
  std::string_view text_;
  std::string_view error_;
  bool self_closing_ = false;
  bool cdata_ = false;
};

// Decodes the references in raw XML character data or an attribute value, appending to `out`.
void append_xml_unescaped(std::string_view raw, std::string& out);

}  // namespace sg::extract
