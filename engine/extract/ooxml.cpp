// Word, Excel and PowerPoint files (Office Open XML): kind and text.
#include "extract/ooxml.h"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "extract/text_decode.h"
#include "extract/xml_reader.h"
#include "text/utf8.h"

namespace sg::extract {

namespace {

// pugixml's defaults (no DOCTYPE, only the predefined and numeric entities, nothing fetched),
// keeping a whitespace-only text node when it is an element's only child: <w:t> </w:t> is a space.
constexpr unsigned kXmlParseOptions = pugi::parse_default | pugi::parse_ws_pcdata_single;

// UTF-16 takes 2 or 4 bytes per character, its UTF-8 at most 3 per 2 bytes: twice the size suffices.
constexpr std::size_t kMaxUtf8PerUtf16Byte = 2;

// A part's bytes and the document parsed in place over them (declared first, destroyed last).
struct XmlPart {
  std::string bytes;
  pugi::xml_document doc;
};

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view local_name(const pugi::xml_attribute& attr) {
  const std::string_view name = attr.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The attribute with this local name, prefixed or not (the first one wins).
std::string_view attribute(const pugi::xml_node& node, std::string_view local) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    if (local_name(a) == local) return a.value();
  }
  return {};
}

// The relationship id of an element (r:id); a plain "id" attribute is something else.
std::string_view relationship_id(const pugi::xml_node& node) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    const std::string_view name = a.name();
    if (name.find(':') != std::string_view::npos && local_name(a) == "id") return a.value();
  }
  return {};
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  }
  return {};
}

// Walks the subtree under `root` without recursion (documents can nest deeper than a stack
// allows). `enter` returns whether to descend; `leave` runs for every element entered.
template <class Enter, class Leave>
bool walk(const pugi::xml_node& root, Session& session, std::string_view location, Enter enter, Leave leave) {
  std::size_t visited = 0;
  pugi::xml_node cur = root.first_child();
  while (cur) {
    if (++visited % kXmlNodesPerClockCheck == 0 && session.out_of_time(location)) return false;
    if (session.stopped()) return false;
    const bool entered = cur.type() == pugi::node_element && enter(cur);
    if (entered && cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    bool leaving = entered;
    for (;;) {
      if (leaving) leave(cur);
      leaving = true;
      if (pugi::xml_node next = cur.next_sibling()) {
        cur = next;
        break;
      }
      cur = cur.parent();
      if (!cur || cur == root) {
        cur = pugi::xml_node();
        break;
      }
    }
  }
  return !session.stopped();
}

std::unique_ptr<XmlPart> load_xml(ZipArchive& zip, Session& session, std::string_view part, std::string_view location,
                                  bool required) {
  const std::string where = join_location(location, display_name(part));
  const ZipEntry* entry = zip.find(part);
  if (entry == nullptr) {
    if (required) session.problem(ProblemKind::corrupt, where, "package part is missing");
    return nullptr;
  }
  auto data = zip.read(*entry, session, where);
  if (!data) return nullptr;
  auto xml = std::make_unique<XmlPart>();
  xml->bytes = std::move(data->bytes);
  const pugi::xml_parse_result parsed =
      xml->doc.load_buffer_inplace(xml->bytes.data(), xml->bytes.size(), kXmlParseOptions, pugi::encoding_auto);
  if (!parsed) {
    session.problem(ProblemKind::corrupt, where, std::string("XML error: ") + parsed.description());
    return nullptr;
  }
  return xml;
}

std::string_view directory_of(std::string_view part) {
  const std::size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : part.substr(0, slash + 1);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A relationship target resolved against the source part's folder: "../x" climbs, "/x" is from
// the package root, %XX escapes are decoded.
std::string resolve_target(std::string_view base_dir, std::string_view target) {
  std::string joined = !target.empty() && target.front() == '/' ? std::string(target.substr(1))
                                                                : std::string(base_dir) + std::string(target);
  std::string decoded;
  for (std::size_t i = 0; i < joined.size(); ++i) {
    if (joined[i] == '%' && i + 2 < joined.size() && hex_digit(joined[i + 1]) >= 0 && hex_digit(joined[i + 2]) >= 0) {
      decoded.push_back(static_cast<char>(hex_digit(joined[i + 1]) * 16 + hex_digit(joined[i + 2])));
      i += 2;
    } else {
      decoded.push_back(joined[i]);
    }
  }
  std::vector<std::string_view> segments;
  const std::string_view d = decoded;
  for (std::size_t begin = 0; begin <= d.size();) {
    const std::size_t end = std::min(d.find('/', begin), d.size());
    const std::string_view seg = d.substr(begin, end - begin);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    begin = end + 1;
  }
  std::string out;
  for (const std::string_view seg : segments) {
    if (!out.empty()) out += '/';
    out += seg;
  }
  return out;
}

struct Relationship {
  std::string id;
  std::string kind;  // the last segment of the type URI: "header", "worksheet", "slide", ...
  std::string part;  // resolved part name
};

std::string rels_part_of(std::string_view part) {
  const std::string_view dir = directory_of(part);
  return std::string(dir) + "_rels/" + std::string(part.substr(dir.size())) + ".rels";
}

std::vector<Relationship> load_relationships(ZipArchive& zip, Session& session, std::string_view part,
                                             std::string_view location) {
  std::vector<Relationship> out;
  const auto xml = load_xml(zip, session, rels_part_of(part), location, false);
  if (!xml) return out;
  const pugi::xml_node root = xml->doc.document_element();
  for (pugi::xml_node r = root.first_child(); r; r = r.next_sibling()) {
    if (r.type() != pugi::node_element || local_name(r) != "Relationship") continue;
    if (text::iequals_ascii(attribute(r, "TargetMode"), "External")) continue;
    const std::string_view type = attribute(r, "Type");
    const std::size_t slash = type.rfind('/');
    out.push_back(Relationship{std::string(attribute(r, "Id")),
                               std::string(slash == std::string_view::npos ? type : type.substr(slash + 1)),
                               resolve_target(directory_of(part), attribute(r, "Target"))});
  }
  return out;
}

const Relationship* find_relationship(const std::vector<Relationship>& rels, std::string_view id) {
  for (const Relationship& r : rels) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// ---- text of WordprocessingML and DrawingML ----

// Paragraph ends become line ends; empty paragraphs add no empty lines.
void end_line(PartText& out) {
  if (!out.empty() && !out.ends_with_newline()) out.append('\n');
}

void word_text(const pugi::xml_node& root, Session& session, PartText& out) {
  walk(
      root, session, out.location(),
      [&](const pugi::xml_node& n) {
        const std::string_view name = local_name(n);
        if (name == "t" || name == "delText") {
          out.append(n.child_value());
          return false;
        }
        const bool in_run = local_name(n.parent()) == "r";
        if (in_run && name == "tab") out.append('\t');
        if (in_run && (name == "br" || name == "cr")) out.append('\n');
        if (in_run && name == "noBreakHyphen") out.append('-');
        // mc:Fallback repeats what mc:Choice holds; field instructions are not text.
        return name != "Fallback" && name != "instrText";
      },
      [&](const pugi::xml_node& n) {
        if (local_name(n) == "p") end_line(out);
      });
}

void drawing_text(const pugi::xml_node& root, Session& session, PartText& out) {
  walk(
      root, session, out.location(),
      [&](const pugi::xml_node& n) {
        const std::string_view name = local_name(n);
        if (name == "t") {
          out.append(n.child_value());
          return false;
        }
        if (name == "br") out.append('\n');
        return name != "Fallback";
      },
      [&](const pugi::xml_node& n) {
        if (local_name(n) == "p") end_line(out);
      });
}

void add_xml_part_text(ZipArchive& zip, Session& session, std::string_view part, std::string_view location,
                       std::string part_location, bool drawing) {
  const auto xml = load_xml(zip, session, part, location, false);
  if (!xml) return;
  PartText out(session, std::move(part_location));
  if (drawing) {
    drawing_text(xml->doc, session, out);
  } else {
    word_text(xml->doc, session, out);
  }
  out.finish();
}

void extract_docx(ZipArchive& zip, const OfficePackage& package, Session& session, std::string_view location) {
  add_xml_part_text(zip, session, package.main_part, location, std::string(location), false);
  if (!zip.find(package.main_part)) {
    session.problem(ProblemKind::corrupt, location, "the main document part is missing");
  }
  int headers = 0;
  int footers = 0;
  for (const Relationship& r : load_relationships(zip, session, package.main_part, location)) {
    if (session.stopped()) return;
    std::string name;
    if (r.kind == "header") {
      name = "header " + std::to_string(++headers);
    } else if (r.kind == "footer") {
      name = "footer " + std::to_string(++footers);
    } else if (r.kind == "footnotes" || r.kind == "endnotes" || r.kind == "comments") {
      name = r.kind;
    } else {
      continue;
    }
    add_xml_part_text(zip, session, r.part, location, join_location(location, name), false);
  }
}

// ---- SpreadsheetML ----
// Worksheets and the shared strings are the large parts (a 90,000-row sheet is 40 MB of markup):
// they are read in one pass with XmlReader, without a tree.

// A part's bytes as UTF-8 for XmlReader (the rare UTF-16 part converted); nullopt when missing
// (a problem when required) or unreadable.
std::optional<std::string> load_utf8_part(ZipArchive& zip, Session& session, std::string_view part,
                                          std::string_view location, bool required) {
  const std::string where = join_location(location, display_name(part));
  const ZipEntry* entry = zip.find(part);
  if (entry == nullptr) {
    if (required) session.problem(ProblemKind::corrupt, where, "package part is missing");
    return std::nullopt;
  }
  auto data = zip.read(*entry, session, where);
  if (!data) return std::nullopt;
  if (XmlReader::readable(data->bytes)) return std::move(data->bytes);
  DecodedText decoded = decode_text(data->bytes, kMaxUtf8PerUtf16Byte * data->bytes.size());
  if (decoded.charset != "UTF-16LE" && decoded.charset != "UTF-16BE") {
    session.problem(ProblemKind::corrupt, where, "XML in an encoding Office does not write");
    return std::nullopt;
  }
  return std::move(decoded.text);
}

// Counts events and checks the clock every kXmlNodesPerClockCheck of them.
class Pacer {
 public:
  Pacer(Session& session, std::string_view location) : session_(session), location_(location) {}
  bool ok() { return ++n_ % kXmlNodesPerClockCheck != 0 || !session_.out_of_time(location_); }

 private:
  Session& session_;
  std::string_view location_;
  std::size_t n_ = 0;
};

// The text of a string item (<si> or <is>) whose start tag was just read: its <t> runs, phonetic
// readings (<rPh>) left out. Reads through the item's end tag; false when the markup ends early.
bool read_string_item(XmlReader& xml, Pacer& pacer, std::string& out) {
  int depth = 1;
  bool in_t = false;
  for (;;) {
    if (!pacer.ok()) return false;
    switch (xml.next()) {
      case XmlReader::Event::start:
        if (xml.self_closing()) break;
        if (xml.local_name() == "rPh") {
          if (!xml.skip_element()) return false;
          break;
        }
        ++depth;
        in_t = xml.local_name() == "t";
        break;
      case XmlReader::Event::end:
        in_t = false;
        if (--depth == 0) return true;
        break;
      case XmlReader::Event::text:
        if (in_t) xml.append_text(out);
        break;
      case XmlReader::Event::eof:
      case XmlReader::Event::error: return false;
    }
  }
}

constexpr std::size_t kMinStringItemBytes = 9;  // <si><t/></si>

// A string item's content when it is exactly "<t>text</t></si>" (or <t xml:space="preserve">)
// with no reference to decode: the text (in `item`) and the bytes used; nullopt for anything else.
std::optional<std::size_t> plain_string_item(std::string_view rest, std::string& item) {
  constexpr std::string_view kClose = "</t></si>";
  std::size_t open = 0;
  for (const std::string_view t : {std::string_view("<t>"), std::string_view("<t xml:space=\"preserve\">")}) {
    if (rest.starts_with(t)) open = t.size();
  }
  if (open == 0) return std::nullopt;
  const std::size_t end = rest.find('<', open);
  if (end == std::string_view::npos || rest.substr(end, kClose.size()) != kClose) return std::nullopt;
  const std::string_view text = rest.substr(open, end - open);
  if (text.find('&') != std::string_view::npos) return std::nullopt;
  item.assign(text);
  return end + kClose.size();
}

std::vector<std::string> shared_strings(ZipArchive& zip, Session& session, std::string_view part,
                                        std::string_view location) {
  std::vector<std::string> out;
  const auto bytes = load_utf8_part(zip, session, part, location, false);
  if (!bytes) return out;
  XmlReader xml(*bytes);
  Pacer pacer(session, location);
  for (;;) {
    if (!pacer.ok()) return out;
    const XmlReader::Event e = xml.next();
    if (e == XmlReader::Event::eof) break;
    if (e == XmlReader::Event::error) {
      session.problem(ProblemKind::corrupt, join_location(location, display_name(part)),
                      std::string("XML error: ") + std::string(xml.error()));
      break;
    }
    if (e == XmlReader::Event::start && xml.local_name() == "sst") {
      // uniqueCount says how many items follow; believed only as far as the bytes could hold them.
      std::size_t declared = 0;
      const std::string_view u = xml.attribute("uniqueCount");
      std::from_chars(u.data(), u.data() + u.size(), declared);
      out.reserve(std::min(declared, bytes->size() / kMinStringItemBytes));
      continue;
    }
    if (e != XmlReader::Event::start || xml.local_name() != "si") continue;
    std::string& item = out.emplace_back();
    if (xml.self_closing()) continue;
    // Most items are one plain run, <t>text</t></si>, read here without the reader's events.
    if (const std::optional<std::size_t> used = plain_string_item(xml.rest(), item)) {
      xml.advance(*used);
      continue;
    }
    if (!read_string_item(xml, pacer, item)) break;
  }
  return out;
}

// The 0-based column of a cell reference ("C7" -> 2); nullopt when it has no column letters.
std::optional<std::size_t> column_of(std::string_view ref) {
  std::size_t col = 0;
  std::size_t letters = 0;
  for (char c : ref) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (++letters > 3) return std::nullopt;
    col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
  }
  if (letters == 0) return std::nullopt;
  return col - 1;
}

// One cell being read: its type (the t attribute), its <v> text or inline string.
struct Cell {
  std::string type;
  std::string value;
  bool inline_string = false;
};

// Reads the content of a <c> element whose start tag was just read, through its end tag.
bool read_cell(XmlReader& xml, Pacer& pacer, Cell& cell) {
  for (;;) {
    if (!pacer.ok()) return false;
    switch (xml.next()) {
      case XmlReader::Event::start: {
        if (xml.self_closing()) break;
        const std::string_view name = xml.local_name();
        if (name == "is") {
          cell.inline_string = true;
          if (!read_string_item(xml, pacer, cell.value)) return false;
        } else if (name == "v") {
          for (XmlReader::Event t = xml.next(); t != XmlReader::Event::end; t = xml.next()) {
            if (t == XmlReader::Event::text) {
              xml.append_text(cell.value);
            } else if (t != XmlReader::Event::start || !xml.skip_element()) {
              return false;
            }
          }
        } else if (!xml.skip_element()) {  // <f> formulas, <extLst>
          return false;
        }
        break;
      }
      case XmlReader::Event::end: return true;
      case XmlReader::Event::text: break;
      case XmlReader::Event::eof:
      case XmlReader::Event::error: return false;
    }
  }
}

// What a worksheet's cells come to, buffered until the shared strings are known (they are read on
// a second thread while the worksheet is read) and then written as lines: one row per line, a tab
// per column step. A cell's text is its own (numbers, booleans, inline strings) or a shared string.
class SheetCells {
 public:
  static constexpr std::uint32_t kNoColumn = UINT32_MAX;
  static constexpr std::uint32_t kNotShared = UINT32_MAX;

  void row_start() { events_.push_back({Kind::row_start, 0, 0, 0, 0}); }
  void row_end() { events_.push_back({Kind::row_end, 0, 0, 0, 0}); }
  // A cell whose value is shared string `index`.
  void shared_cell(std::uint32_t ref_col, std::uint32_t index) {
    events_.push_back({Kind::cell, ref_col, index, 0, 0});
  }
  // A cell with a value of its own (copied).
  void own_cell(std::uint32_t ref_col, std::string_view value) {
    // A value longer than the arena's bound is cut to it (a cell's text is at most 32,767
    // characters in Excel; only a hostile file gets near this).
    value = utf8_prefix(value, kMaxArenaBytes);
    events_.push_back({Kind::cell, ref_col, kNotShared, static_cast<std::uint32_t>(arena_.size()),
                       static_cast<std::uint32_t>(value.size())});
    arena_ += value;
  }
  [[nodiscard]] bool full() const { return events_.size() >= kMaxEvents || arena_.size() >= kMaxArenaBytes; }
  // Room for the events of a worksheet of `bytes` of markup (a cell takes 20 bytes or more).
  void expect(std::size_t bytes) { events_.reserve(std::min(kMaxEvents, bytes / kMinCellBytes)); }

  // Writes what is buffered to `out` (the line being built carries over); false once the text
  // budget is spent.
  bool flush(const std::vector<std::string>& shared, PartText& out) {
    bool more = true;
    for (const Event& e : events_) {
      if (!more) break;
      switch (e.kind) {
        case Kind::row_start:
          line_.clear();
          cursor_ = 0;
          next_ = 0;
          break;
        case Kind::row_end:
          if (line_.empty()) break;
          line_ += '\n';
          more = out.append(line_);
          line_.clear();
          break;
        case Kind::cell: {
          std::size_t col = e.ref_col == kNoColumn ? next_ : e.ref_col;
          col = std::max(col, cursor_);  // references out of order keep their order in the line
          next_ = col + 1;
          if (col >= kMaxSheetColumns) break;
          const std::string_view value = e.shared == kNotShared ? std::string_view(arena_).substr(e.own_at, e.own_size)
                                         : e.shared < shared.size() ? std::string_view(shared[e.shared])
                                                                    : std::string_view();
          if (value.empty()) break;
          line_.append(col - cursor_, '\t');
          line_ += value;
          cursor_ = col;
          break;
        }
      }
    }
    events_.clear();
    arena_.clear();
    return more;
  }

 private:
  // Bounds on what waits for the shared strings: 2 Mi events (40 MiB; a 90,000-row sheet of seven
  // columns is 0.8 Mi, so its whole worksheet overlaps with the shared strings' reading) and
  // 16 MiB of values of their own.
  static constexpr std::size_t kMaxEvents = std::size_t{1} << 21;
  static constexpr std::size_t kMaxArenaBytes = std::size_t{16} << 20;
  static constexpr std::size_t kMinCellBytes = 20;  // <c r="A1"><v>1</v></c>
  enum class Kind : unsigned char { row_start, row_end, cell };
  struct Event {
    Kind kind;
    std::uint32_t ref_col;
    std::uint32_t shared;
    std::uint32_t own_at;  // the own value in arena_ (under kMaxArenaBytes plus one value)
    std::uint32_t own_size;
  };
  std::vector<Event> events_;
  std::string arena_;
  std::string line_;
  std::size_t cursor_ = 0;  // the column the line has reached (tabs written)
  std::size_t next_ = 0;    // the column of a cell without a reference
};

// A cell's content when it is exactly "<v>value</v></c>" with no reference to decode: the value
// (in `value`) and the bytes used; nullopt for anything else (the reader takes it then).
std::optional<std::size_t> plain_value(std::string_view rest, std::string& value) {
  constexpr std::string_view kOpen = "<v>";
  constexpr std::string_view kClose = "</v></c>";
  if (!rest.starts_with(kOpen)) return std::nullopt;
  const std::size_t end = rest.find('<', kOpen.size());
  if (end == std::string_view::npos || rest.substr(end, kClose.size()) != kClose) return std::nullopt;
  const std::string_view v = rest.substr(kOpen.size(), end - kOpen.size());
  if (v.find('&') != std::string_view::npos) return std::nullopt;
  value.assign(v);
  return end + kClose.size();
}

// The text of a cell with its own value (not a shared string): booleans spelled out, numbers as
// stored, trimmed.
std::string_view own_value(std::string_view type, std::string_view v) {
  v = text::trim(v);
  if (type == "b") return v == "1" ? "TRUE" : v == "0" ? "FALSE" : v;
  return v;
}

// A shared-string index ("17"); kNotShared with an empty own text when it is not one.
std::uint32_t shared_index(std::string_view v) {
  v = text::trim(v);
  std::uint32_t index = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), index);
  return ec != std::errc() || end != v.data() + v.size() ? SheetCells::kNotShared : index;
}

// The shared strings, being read on a second thread (or already read, when no thread could start).
class SharedStrings {
 public:
  SharedStrings(ZipArchive& zip, Session& session, const std::vector<Relationship>& rels, std::string_view location) {
    const Relationship* part = nullptr;
    for (const Relationship& r : rels) {
      if (r.kind == "sharedStrings") part = &r;
    }
    if (part == nullptr) return;
    auto read = [&zip, &session, where = std::string(location), name = part->part] {
      return shared_strings(zip, session, name, where);
    };
    try {
      pending_ = std::async(std::launch::async, read);
    } catch (const std::system_error&) {
      ready_ = read();  // no thread to be had: read them here, first
    }
  }
  SharedStrings(const SharedStrings&) = delete;
  SharedStrings& operator=(const SharedStrings&) = delete;
  // The future's destructor waits for the thread: the archive and session outlive it.
  ~SharedStrings() = default;

  const std::vector<std::string>& get() {
    if (pending_.valid()) ready_ = pending_.get();
    return ready_;
  }

 private:
  std::future<std::vector<std::string>> pending_;
  std::vector<std::string> ready_;
};

void sheet_text(std::string_view bytes, std::string_view part, SharedStrings& shared, Session& session, PartText& out) {
  XmlReader xml(bytes);
  Pacer pacer(session, out.location());
  SheetCells cells;
  cells.expect(bytes.size());
  Cell cell;
  const auto finish = [&] { cells.flush(shared.get(), out); };
  for (;;) {
    if (!pacer.ok()) return finish();
    const XmlReader::Event e = xml.next();
    if (e == XmlReader::Event::eof) return finish();
    if (e == XmlReader::Event::error) {
      session.problem(ProblemKind::corrupt, join_location(out.location(), display_name(part)),
                      std::string("XML error: ") + std::string(xml.error()));
      return finish();
    }
    if (e == XmlReader::Event::text) continue;
    const std::string_view name = xml.local_name();
    if (e == XmlReader::Event::start && name == "row") {
      cells.row_start();
    } else if (e == XmlReader::Event::end && name == "row") {
      cells.row_end();
      if (cells.full() && !cells.flush(shared.get(), out)) return;
    } else if (e == XmlReader::Event::start && name == "c") {
      const std::optional<std::size_t> ref = column_of(xml.attribute("r"));
      const std::uint32_t ref_col = ref && *ref < kMaxSheetColumns ? static_cast<std::uint32_t>(*ref)
                                    : ref                          ? static_cast<std::uint32_t>(kMaxSheetColumns)
                                                                   : SheetCells::kNoColumn;
      cell.type.assign(xml.attribute("t"));
      cell.value.clear();
      cell.inline_string = false;
      if (xml.self_closing()) {
        cells.own_cell(ref_col, {});
        continue;
      }
      // Most cells are a plain value: <v>12</v></c>, read here without the reader's events.
      if (const std::optional<std::size_t> used = plain_value(xml.rest(), cell.value)) {
        xml.advance(*used);
        if (cell.type == "s") {
          cells.shared_cell(ref_col, shared_index(cell.value));
        } else {
          cells.own_cell(ref_col, own_value(cell.type, cell.value));
        }
        if (cells.full() && !cells.flush(shared.get(), out)) return;
        continue;
      }
      if (!read_cell(xml, pacer, cell)) {
        if (!session.stopped()) session.problem(ProblemKind::corrupt, out.location(), "a cell's markup ends early");
        return finish();
      }
      if (cell.type == "s" && !cell.inline_string) {
        cells.shared_cell(ref_col, shared_index(cell.value));
      } else {
        cells.own_cell(ref_col, cell.inline_string ? std::string_view(cell.value) : own_value(cell.type, cell.value));
      }
      if (cells.full() && !cells.flush(shared.get(), out)) return;
    }
  }
}

void extract_xlsx(ZipArchive& zip, const OfficePackage& package, Session& session, std::string_view location) {
  const auto workbook = load_xml(zip, session, package.main_part, location, true);
  if (!workbook) return;
  const std::vector<Relationship> rels = load_relationships(zip, session, package.main_part, location);
  // The shared strings (often the largest part) are read on a second thread meanwhile.
  SharedStrings shared(zip, session, rels, location);
  const pugi::xml_node sheets = child(workbook->doc.document_element(), "sheets");
  for (pugi::xml_node sheet = sheets.first_child(); sheet; sheet = sheet.next_sibling()) {
    if (session.stopped() || session.out_of_time(location)) return;
    if (sheet.type() != pugi::node_element || local_name(sheet) != "sheet") continue;
    const Relationship* r = find_relationship(rels, relationship_id(sheet));
    if (r == nullptr || r->kind != "worksheet") continue;  // chart and dialog sheets hold no cells
    const auto bytes = load_utf8_part(zip, session, r->part, location, true);
    if (!bytes) continue;
    PartText out(session, join_location(location, display_name(attribute(sheet, "name"))));
    // A worksheet's text is a fraction of its markup even with its shared strings resolved.
    out.expect(bytes->size() / 2);
    sheet_text(*bytes, r->part, shared, session, out);
    out.finish();
  }
}

// ---- PresentationML ----

void extract_pptx(ZipArchive& zip, const OfficePackage& package, Session& session, std::string_view location) {
  const auto presentation = load_xml(zip, session, package.main_part, location, true);
  if (!presentation) return;
  const std::vector<Relationship> rels = load_relationships(zip, session, package.main_part, location);
  const pugi::xml_node list = child(presentation->doc.document_element(), "sldIdLst");
  int number = 0;
  for (pugi::xml_node id = list.first_child(); id; id = id.next_sibling()) {
    if (session.stopped() || session.out_of_time(location)) return;
    if (id.type() != pugi::node_element || local_name(id) != "sldId") continue;
    const std::string slide = "slide " + std::to_string(++number);
    const Relationship* r = find_relationship(rels, relationship_id(id));
    if (r == nullptr) continue;
    add_xml_part_text(zip, session, r->part, location, join_location(location, slide), true);
    for (const Relationship& n : load_relationships(zip, session, r->part, location)) {
      if (n.kind == "notesSlide") {
        add_xml_part_text(zip, session, n.part, location, join_location(location, slide + " notes"), true);
      }
    }
  }
}

// ---- document properties ----

struct PropertyLabel {
  std::string_view element;  // local name in core.xml or app.xml
  std::string_view label;
};
constexpr std::array<PropertyLabel, 9> kPropertyLabels{{
    {"title", "Title"},
    {"subject", "Subject"},
    {"creator", "Creator"},
    {"keywords", "Keywords"},
    {"description", "Description"},
    {"lastModifiedBy", "Last modified by"},
    {"category", "Category"},
    {"Company", "Company"},
    {"Manager", "Manager"},
}};

void property_lines(ZipArchive& zip, Session& session, std::string_view part, std::string_view location,
                    PartText& out) {
  const auto xml = load_xml(zip, session, part, location, false);
  if (!xml) return;
  for (pugi::xml_node n = xml->doc.document_element().first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view name = local_name(n);
    for (const PropertyLabel& p : kPropertyLabels) {
      const std::string_view value = text::trim(n.child_value());
      if (p.element != name || value.empty()) continue;
      std::string line(p.label);
      line += ": ";
      line += value;
      line += '\n';
      out.append(line);
    }
  }
}

void extract_properties(ZipArchive& zip, Session& session, std::string_view location) {
  std::string core = "docProps/core.xml";
  std::string app = "docProps/app.xml";
  for (const Relationship& r : load_relationships(zip, session, "", location)) {
    if (r.kind == "core-properties") core = r.part;
    if (r.kind == "extended-properties") app = r.part;
  }
  PartText out(session, join_location(location, "properties"));
  property_lines(zip, session, core, location, out);
  property_lines(zip, session, app, location, out);
  out.finish();
}

OfficeKind kind_of_main_type(std::string_view content_type) {
  const std::string t = text::ascii_lower(content_type);
  const std::string_view main_suffix = ".main+xml";
  if (t.size() < main_suffix.size() || t.compare(t.size() - main_suffix.size(), main_suffix.size(), main_suffix) != 0) {
    return OfficeKind::none;
  }
  const auto has = [&](std::string_view s) { return t.find(s) != std::string::npos; };
  if (has("wordprocessingml") || has("ms-word.")) return OfficeKind::docx;
  if (has("spreadsheetml") || has("ms-excel.")) return OfficeKind::xlsx;
  if (has("presentationml") || has("ms-powerpoint.")) return OfficeKind::pptx;
  return OfficeKind::none;
}

}  // namespace

OfficePackage detect_office_package(ZipArchive& zip, Session& session, std::string_view location) {
  OfficePackage package;
  if (zip.find("[Content_Types].xml") == nullptr) return package;
  const auto types = load_xml(zip, session, "[Content_Types].xml", location, false);
  if (!types) return package;
  for (pugi::xml_node o = types->doc.document_element().first_child(); o; o = o.next_sibling()) {
    if (o.type() != pugi::node_element || local_name(o) != "Override") continue;
    const OfficeKind kind = kind_of_main_type(attribute(o, "ContentType"));
    if (kind == OfficeKind::none) continue;
    package.kind = kind;
    package.main_part = resolve_target("", attribute(o, "PartName"));
    break;
  }
  return package;
}

std::string_view office_format(OfficeKind kind) {
  switch (kind) {
    case OfficeKind::docx: return "docx";
    case OfficeKind::xlsx: return "xlsx";
    case OfficeKind::pptx: return "pptx";
    case OfficeKind::none: return "zip";
  }
  return "zip";
}

void extract_office_text(ZipArchive& zip, const OfficePackage& package, Session& session, std::string_view location) {
  for (const ZipEntry& e : zip.entries()) {
    if (e.bad_path)
      session.problem(ProblemKind::bad_path, join_location(location, display_name(e.name)),
                      "entry name escapes the archive or hides what it is");
  }
  switch (package.kind) {
    case OfficeKind::docx: extract_docx(zip, package, session, location); break;
    case OfficeKind::xlsx: extract_xlsx(zip, package, session, location); break;
    case OfficeKind::pptx: extract_pptx(zip, package, session, location); break;
    case OfficeKind::none: return;
  }
  if (!session.stopped()) extract_properties(zip, session, location);
}

}  // namespace sg::extract
