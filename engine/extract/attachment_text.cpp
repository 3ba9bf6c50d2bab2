// The text inside an attachment: recognises the format, dispatches to the readers, recurses into
// archives and messages within the limits, and turns every failure into a Problem.
#include "extract/attachment_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <new>
#include <utility>

#include "extract/extract_session.h"
#include "extract/mail_headers.h"
#include "extract/mime_parts.h"
#include "extract/ooxml.h"
#include "extract/protection.h"
#include "extract/text_decode.h"
#include "extract/zip_archive.h"
#include "text/html.h"
#include "text/utf8.h"

namespace sg::extract {

namespace {

// Mail header lines looked at to recognise a message, and how many known fields make one.
constexpr std::size_t kMessageSniffBytes = 64 * 1024;
constexpr int kMinMessageFields = 2;
// "%PDF-" may follow a little junk; readers look this far for it.
constexpr std::size_t kPdfMagicWindow = 1024;
// OLE compound files: legacy binary Office files and password-protected OOXML files.
constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

enum class Format { text, csv, html, zip, docx, xlsx, pptx, eml, pdf, unknown };

std::string_view format_name(Format f) {
  switch (f) {
    case Format::text: return "text";
    case Format::csv: return "csv";
    case Format::html: return "html";
    case Format::zip: return "zip";
    case Format::docx: return "docx";
    case Format::xlsx: return "xlsx";
    case Format::pptx: return "pptx";
    case Format::eml: return "eml";
    case Format::pdf: return "pdf";
    case Format::unknown: return "unknown";
  }
  return "unknown";
}

bool is_container(Format f) {
  return f == Format::zip || f == Format::docx || f == Format::xlsx || f == Format::pptx || f == Format::eml;
}

bool is_text_like(Format f) {
  return f == Format::text || f == Format::csv || f == Format::html;
}

struct NamedFormat {
  std::string_view key;  // a lower-case extension or media type
  Format format;
};

constexpr std::array<NamedFormat, 37> kExtensions{{
    {"txt", Format::text},  {"text", Format::text},     {"log", Format::text},  {"md", Format::text},
    {"json", Format::text}, {"xml", Format::text},      {"yaml", Format::text}, {"yml", Format::text},
    {"ini", Format::text},  {"csv", Format::csv},       {"tsv", Format::csv},   {"htm", Format::html},
    {"html", Format::html}, {"xhtml", Format::html},    {"eml", Format::eml},   {"mht", Format::eml},
    {"mhtml", Format::eml}, {"zip", Format::zip},       {"docx", Format::docx}, {"docm", Format::docx},
    {"dotx", Format::docx}, {"dotm", Format::docx},     {"xlsx", Format::xlsx}, {"xlsm", Format::xlsx},
    {"xltx", Format::xlsx}, {"xltm", Format::xlsx},     {"pptx", Format::pptx}, {"pptm", Format::pptx},
    {"potx", Format::pptx}, {"potm", Format::pptx},     {"ppsx", Format::pptx}, {"ppsm", Format::pptx},
    {"pdf", Format::pdf},   {"markdown", Format::text}, {"conf", Format::text}, {"cfg", Format::text},
    {"rst", Format::text},
}};

constexpr std::array<NamedFormat, 16> kMediaTypes{{
    {"text/csv", Format::csv},
    {"text/comma-separated-values", Format::csv},
    {"text/tab-separated-values", Format::csv},
    {"application/csv", Format::csv},
    {"text/html", Format::html},
    {"application/xhtml+xml", Format::html},
    {"message/rfc822", Format::eml},
    {"application/zip", Format::zip},
    {"application/x-zip-compressed", Format::zip},
    {"application/pdf", Format::pdf},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", Format::docx},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Format::xlsx},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", Format::pptx},
    {"application/json", Format::text},
    {"application/xml", Format::text},
    {"text/plain", Format::text},
}};

// The lower-case extension of the last path component ("" when it has none).
std::string extension_of(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const std::size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return text::ascii_lower(base.substr(dot + 1));
}

Format format_by_name(std::string_view name) {
  const std::string ext = extension_of(name);
  for (const NamedFormat& f : kExtensions) {
    if (f.key == ext) return f.format;
  }
  return Format::unknown;
}

std::string media_type_of(std::string_view content_type) {
  return text::ascii_lower(text::trim(content_type.substr(0, content_type.find(';'))));
}

Format format_by_type(std::string_view content_type) {
  const std::string type = media_type_of(content_type);
  for (const NamedFormat& f : kMediaTypes) {
    if (f.key == type) return f.format;
  }
  if (type.rfind("text/", 0) == 0) return Format::text;
  return Format::unknown;
}

// Header lines of an RFC 5322 message at the start: at least kMinMessageFields well-known fields
// before the first empty line, and nothing that is not a header line.
bool looks_like_message(std::string_view bytes) {
  static constexpr std::array<std::string_view, 12> kFields{
      "from",         "to",       "cc",          "subject",  "date",   "message-id",
      "mime-version", "received", "return-path", "reply-to", "sender", "delivered-to"};
  const std::string_view sample = bytes.substr(0, kMessageSniffBytes);
  int known = 0;
  std::size_t pos = 0;
  bool first = true;
  while (pos < sample.size()) {
    const std::size_t nl = sample.find('\n', pos);
    if (nl == std::string_view::npos) break;  // a line cut by the sample decides nothing
    std::string_view line = sample.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (first) return false;
      continue;
    }
    first = false;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (char c : line.substr(0, colon)) {
      if (c <= ' ' || c > '~') return false;
    }
    const std::string name = text::ascii_lower(line.substr(0, colon));
    for (std::string_view f : kFields) {
      if (name == f) ++known;
    }
  }
  return known >= kMinMessageFields;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

Format format_by_content(std::string_view bytes) {
  if (starts_with(bytes, "PK\x03\x04") || starts_with(bytes, "PK\x05\x06") || starts_with(bytes, "PK\x07\x08")) {
    return Format::zip;
  }
  if (bytes.substr(0, kPdfMagicWindow).find("%PDF-") != std::string_view::npos) return Format::pdf;
  if (looks_like_message(bytes)) return Format::eml;
  return Format::unknown;
}

// Reads one file (the attachment, an archive entry, a message's attached file) into the session.
// `cut`: the bytes are only the start of the file. Returns the format recognised.
std::string_view extract_file(Session& s, std::string_view name, std::string_view type, std::string_view bytes,
                              const std::string& location, int depth, bool cut);

void extract_plain(Session& s, std::string_view bytes, const std::string& location, bool html, bool cut) {
  const DecodedText decoded = decode_text(bytes, s.text_left());
  PartText out(s, location);
  out.append(html ? text::html_to_text(decoded.text) : decoded.text);
  out.finish();
  if (decoded.truncated || cut) s.text_truncated(location);
}

// Text from a source we do not control (the PDF extractor) made valid UTF-8.
std::string valid_utf8(std::string text) {
  if (text::is_valid_utf8(text)) return text;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = text::decode_utf8(text, i);
    text::append_utf8(out, cp == text::kInvalidCodePoint ? U'\uFFFD' : cp);
  }
  return out;
}

void extract_pdf(Session& s, std::string_view bytes, const std::string& location) {
  if (!s.pdf()) {
    s.problem(ProblemKind::unsupported, location, "PDF text extraction is not available");
    return;
  }
  ExtractLimits sub = s.limits();
  sub.max_text_bytes = s.text_left();
  sub.time_budget = s.time_left();
  Extracted pdf;
  try {
    pdf = s.pdf()(bytes, sub);
  } catch (const std::exception&) {
    s.problem(ProblemKind::corrupt, location, "the PDF extractor failed");
    return;
  }
  for (Problem& p : pdf.problems) s.problem(p.kind, join_location(location, p.location), std::move(p.detail));
  for (TextPart& part : pdf.parts) {
    if (s.stopped()) break;
    PartText out(s, join_location(location, part.location));
    out.append(valid_utf8(std::move(part.text)));
    out.finish();
  }
}

void extract_zip_entries(Session& s, ZipArchive& zip, const std::string& location, int depth) {
  const ExtractLimits& limits = s.limits();
  for (const ZipEntry& e : zip.entries()) {
    if (s.stopped() || s.out_of_time(location)) return;
    const std::string where = join_location(location, display_name(e.name));
    if (e.bad_path) {
      s.problem(ProblemKind::bad_path, where, "entry name escapes the archive or hides what it is");
      continue;
    }
    if (e.directory) continue;
    if (e.encrypted) {
      s.problem(ProblemKind::encrypted, where, "encrypted entry; not read");
      continue;
    }
    const Format f = format_by_name(e.name);
    if (f == Format::unknown && !extension_of(e.name).empty()) {
      s.problem(ProblemKind::unsupported, where, "entry of a type whose text is not read");
      continue;
    }
    const int max_depth = std::min(limits.max_depth, kMaxDepthCeiling);
    if (is_container(f) && depth + 1 > max_depth) {
      s.problem(ProblemKind::too_deep, where,
                "nested more than " + std::to_string(max_depth) + " archives or messages deep");
      continue;
    }
    // Text needs no more input than the text budget can hold (two bytes per character in UTF-16).
    std::size_t keep = SIZE_MAX;
    if (is_text_like(f)) keep = s.text_left() > SIZE_MAX / 2 - 8 ? SIZE_MAX : s.text_left() * 2 + 8;
    auto data = zip.read(e, s, where, keep);
    if (!data) continue;
    extract_file(s, e.name, {}, data->bytes, where, depth + 1, data->cut);
  }
}

Format extract_zip(Session& s, std::string_view name, std::string_view bytes, const std::string& location, int depth) {
  const auto zip = ZipArchive::open(bytes, s, location);
  if (!zip) {
    const Format by_name = format_by_name(name);
    return by_name == Format::docx || by_name == Format::xlsx || by_name == Format::pptx ? by_name : Format::zip;
  }
  const OfficePackage package = detect_office_package(*zip, s, location);
  if (package.kind != OfficeKind::none) {
    extract_office_text(*zip, package, s, location);
    switch (package.kind) {
      case OfficeKind::docx: return Format::docx;
      case OfficeKind::xlsx: return Format::xlsx;
      case OfficeKind::pptx: return Format::pptx;
      case OfficeKind::none: break;
    }
  }
  extract_zip_entries(s, *zip, location, depth);
  return Format::zip;
}

std::string mailbox_text(const Address& a) {
  return a.name.empty() ? a.address() : a.name + " <" + a.address() + ">";
}

void header_line(PartText& out, std::string_view label, const std::vector<Address>& list) {
  if (list.empty()) return;
  std::string line(label);
  line += ": ";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) line += ", ";
    line += mailbox_text(list[i]);
  }
  line += '\n';
  out.append(line);
}

bool is_body_text(const MimePart& p) {
  return !p.attachment && starts_with(p.media_type, "text/");
}

// A body part's text: transfer encoding and charset removed, HTML made into text.
DecodedText body_part_text(const MimePart& p, std::size_t max_bytes) {
  const std::string content = decode_transfer_encoding(p.body, p.transfer_encoding);
  DecodedText decoded = decode_text_as(content, p.charset, max_bytes);
  if (p.media_type == "text/html") decoded.text = text::html_to_text(decoded.text);
  return decoded;
}

void extract_message(Session& s, std::string_view bytes, const std::string& location, int depth) {
  const std::string where = join_location(location, "message");
  PartText out(s, where);
  if (auto headers = mail::parse_message_headers(bytes)) {
    if (!headers->subject.empty()) out.append("Subject: " + headers->subject + "\n");
    if (headers->from) out.append("From: " + mailbox_text(*headers->from) + "\n");
    header_line(out, "To", headers->to);
    header_line(out, "Cc", headers->cc);
  } else {
    s.problem(ProblemKind::corrupt, where, "mail headers: " + headers.error().message.en);
  }
  const std::vector<MimePart> parts = mime_leaf_parts(bytes, s, where);
  for (const MimePart& p : parts) {
    if (s.stopped()) break;
    if (!is_body_text(p)) continue;
    DecodedText decoded = body_part_text(p, s.text_left());
    if (!out.empty()) out.append('\n');
    out.append(decoded.text);
    if (!out.ends_with_newline()) out.append('\n');
    if (decoded.truncated) s.text_truncated(where);
  }
  out.finish();
  int unnamed = 0;
  for (const MimePart& p : parts) {
    if (s.stopped() || s.out_of_time(where)) break;
    const bool message = p.media_type == "message/rfc822";
    if (is_body_text(p) || (!p.attachment && !message)) continue;  // inline images and the like
    const std::string name = !p.file_name.empty() ? p.file_name
                             : message            ? "attached message " + std::to_string(++unnamed)
                                                  : "attachment " + std::to_string(++unnamed);
    const std::string content = decode_transfer_encoding(p.body, p.transfer_encoding);
    extract_file(s, name, p.media_type, content, join_location(where, display_name(name)), depth + 1, false);
  }
}

std::string_view extract_file(Session& s, std::string_view name, std::string_view type, std::string_view bytes,
                              const std::string& location, int depth, bool cut) {
  const ExtractLimits& limits = s.limits();
  Format f = format_by_content(bytes);
  if (f == Format::unknown) f = format_by_name(name);
  if (f == Format::unknown) f = format_by_type(type);
  const std::string media_type = media_type_of(type);
  if (f == Format::unknown && (media_type.empty() || media_type == "application/octet-stream") &&
      is_probably_text(bytes)) {
    f = Format::text;
  }
  if (s.stopped() || s.out_of_time(location)) return format_name(f);
  if (starts_with(bytes, kOleMagic)) {
    const Format office = f == Format::docx || f == Format::xlsx || f == Format::pptx ? f : Format::unknown;
    if (is_encrypted(detect_protection(bytes))) {
      s.problem(ProblemKind::encrypted, location, "password-protected Office file");
    } else {
      s.problem(ProblemKind::unsupported, location, "binary (OLE) Office file");
    }
    return format_name(office);
  }
  if (bytes.size() > limits.max_input_bytes) {
    s.problem(ProblemKind::too_large, location,
              "file has " + std::to_string(bytes.size()) + " bytes; the limit is " +
                  std::to_string(limits.max_input_bytes) + (is_text_like(f) ? " (its start is read)" : ""));
    if (!is_text_like(f)) return format_name(f);
    cut = true;
  }
  const int max_depth = std::min(limits.max_depth, kMaxDepthCeiling);
  if (is_container(f) && depth > max_depth) {
    s.problem(ProblemKind::too_deep, location,
              "nested more than " + std::to_string(max_depth) + " archives or messages deep");
    return format_name(f);
  }
  switch (f) {
    case Format::text:
    case Format::csv: extract_plain(s, bytes, location, false, cut); break;
    case Format::html: extract_plain(s, bytes, location, true, cut); break;
    case Format::zip:
    case Format::docx:
    case Format::xlsx:
    case Format::pptx: f = extract_zip(s, name, bytes, location, depth); break;
    case Format::eml: extract_message(s, bytes, location, depth); break;
    case Format::pdf: extract_pdf(s, bytes, location); break;
    case Format::unknown: {
      const Protection p = detect_protection(bytes);
      if (is_encrypted(p)) {
        s.problem(ProblemKind::encrypted, location, "encrypted file (" + std::string(protection_name(p)) + ")");
      } else {
        s.problem(ProblemKind::unsupported, location, "format not recognised");
      }
      break;
    }
  }
  return format_name(f);
}

}  // namespace

Extracted extract_text(std::string_view file_name, std::string_view content_type, std::string_view bytes,
                       const ExtractLimits& limits, const PdfExtractor& pdf) {
  Extracted out;
  try {
    Session session(limits, pdf, out);
    out.format = std::string(extract_file(session, file_name, content_type, bytes, std::string(), 0, false));
  } catch (const std::bad_alloc&) {
    out.problems.push_back(Problem{ProblemKind::too_large, {}, "out of memory"});
  } catch (const std::exception&) {
    out.problems.push_back(Problem{ProblemKind::corrupt, {}, "unexpected failure while reading"});
  }
  if (out.format.empty()) out.format = "unknown";
  return out;
}

std::string_view problem_id(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::too_large: return "too_large";
    case ProblemKind::too_many_entries: return "too_many_entries";
    case ProblemKind::bomb: return "bomb";
    case ProblemKind::too_deep: return "too_deep";
    case ProblemKind::bad_path: return "bad_path";
    case ProblemKind::encrypted: return "encrypted";
    case ProblemKind::corrupt: return "corrupt";
    case ProblemKind::timeout: return "timeout";
    case ProblemKind::unsupported: return "unsupported";
    case ProblemKind::truncated: return "truncated";
  }
  return "corrupt";
}

Text problem_text(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::too_large:
      return {"ファイルが大きすぎるため、内容の一部または全部を確認していません",
              "The file is too large: some or all of its content was not checked"};
    case ProblemKind::too_many_entries:
      return {"圧縮ファイル内のファイルが多すぎるため、内容を確認していません",
              "The archive holds too many files: its content was not checked"};
    case ProblemKind::bomb:
      return {"展開すると極端に大きくなるファイル（ZIP 爆弾の疑い）のため、内容を確認していません",
              "The file expands to an extreme size (a suspected ZIP bomb): its content was not checked"};
    case ProblemKind::too_deep:
      return {"圧縮ファイルやメールの入れ子が深すぎるため、内側のファイルを確認していません",
              "Archives or messages are nested too deeply: the innermost files were not checked"};
    case ProblemKind::bad_path:
      return {"圧縮ファイルに不正なパス名（../ や絶対パスなど）のファイルが含まれています",
              "The archive contains a file with an unsafe path (../, an absolute path or similar)"};
    case ProblemKind::encrypted:
      return {"暗号化されているため、内容を確認していません", "Encrypted: its content was not checked"};
    case ProblemKind::corrupt:
      return {"ファイルが壊れているため、内容を確認できませんでした",
              "The file is damaged: its content could not be checked"};
    case ProblemKind::timeout:
      return {"時間内に読み終わらなかったため、内容の一部を確認していません",
              "Reading took too long: part of the content was not checked"};
    case ProblemKind::unsupported:
      return {"この形式のファイルは内容を確認できません", "The content of this kind of file cannot be checked"};
    case ProblemKind::truncated:
      return {"テキストが長すぎるため、先頭の部分だけを確認しました",
              "The text is too long: only its beginning was checked"};
  }
  return {"ファイルの内容を確認できませんでした", "The content of the file could not be checked"};
}

std::string message_body_text(std::string_view message, std::size_t max_bytes) {
  ExtractLimits limits;
  limits.max_text_bytes = max_bytes;
  const PdfExtractor no_pdf;
  Extracted ignored;
  Session session(limits, no_pdf, ignored);
  for (const MimePart& p : mime_leaf_parts(message, session, "message")) {
    if (!is_body_text(p)) continue;
    std::string text = std::move(body_part_text(p, max_bytes).text);
    if (text.size() > max_bytes) text.resize(utf8_prefix(text, max_bytes).size());
    return text;
  }
  return {};
}

}  // namespace sg::extract
