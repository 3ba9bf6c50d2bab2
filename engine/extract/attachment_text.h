// The text inside an attachment (plain text, CSV, HTML, Word, Excel, PowerPoint, .eml, ZIP, and PDF
// through a callback), read with bounded work: every limit is checked before memory is spent.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace sg::extract {

// Defaults of ExtractLimits, per attachment (nested files share their attachment's budget).
inline constexpr std::size_t kDefaultMaxInputBytes = 64 * 1024 * 1024;          // one file or entry
inline constexpr std::size_t kDefaultMaxTextBytes = 16 * 1024 * 1024;           // text kept, then cut
inline constexpr std::size_t kDefaultMaxEntries = 10'000;                       // per archive or message
inline constexpr std::uint64_t kDefaultMaxUncompressed = 256ULL * 1024 * 1024;  // inflated in total
inline constexpr double kDefaultMaxRatio = 100.0;                               // uncompressed / compressed
inline constexpr int kDefaultMaxDepth = 3;                                      // archives or messages inside
inline constexpr std::chrono::milliseconds kDefaultTimeBudget{2000};            // wall time

// max_depth is never taken above this: each level is a stack frame of the reader.
inline constexpr int kMaxDepthCeiling = 32;

// Entries smaller than this are not held to the compression ratio: small XML and text files
// legitimately compress more than 100:1, and their total is bounded by max_uncompressed anyway.
inline constexpr std::uint64_t kRatioGraceBytes = 1024 * 1024;

struct ExtractLimits {
  std::size_t max_input_bytes = kDefaultMaxInputBytes;         // a larger file or entry is not opened
  std::size_t max_text_bytes = kDefaultMaxTextBytes;           // text kept across all parts
  std::size_t max_entries = kDefaultMaxEntries;                // entries of one ZIP, parts of one message
  std::uint64_t max_uncompressed = kDefaultMaxUncompressed;    // bytes inflated across all archives
  double max_ratio = kDefaultMaxRatio;                         // per entry and per archive
  int max_depth = kDefaultMaxDepth;                            // containers inside the attachment
  std::chrono::milliseconds time_budget = kDefaultTimeBudget;  // checked in every long loop
};

enum class ProblemKind : std::uint8_t {
  too_large,         // over max_input_bytes, or the archive expands past max_uncompressed
  too_many_entries,  // more entries than max_entries (counted before reading)
  bomb,              // compression ratio over max_ratio, or an entry inflates past its declared size
  too_deep,          // a container nested deeper than max_depth
  bad_path,          // an entry name with "..", an absolute path, a drive letter, "\", a control byte
  encrypted,         // an encrypted entry or file (nothing read from it)
  corrupt,           // the bytes do not parse as the format they claim
  timeout,           // the time budget ran out; what was read so far is kept
  unsupported,       // a format we do not read (or PDF without an extractor)
  truncated,         // the text budget ran out; the text kept ends there
};

struct Problem {
  ProblemKind kind = ProblemKind::corrupt;
  std::string location;  // where, like TextPart::location ("" = the attachment itself)
  std::string detail;    // English, for logs: never any of the content
};

struct TextPart {
  // "" = the file itself; "Sheet1", "slide 3", "slide 3 notes", "header 1", "footnotes",
  // "comments", "properties", "message", "message/a.csv", "inner.zip/dir/a.csv", "page 2".
  std::string location;
  std::string text;  // valid UTF-8; lines end with "\n", cells are separated by "\t"
};

struct Extracted {
  std::string format;  // "text", "csv", "html", "docx", "xlsx", "pptx", "eml", "zip", "pdf", "unknown"
  std::vector<TextPart> parts;
  std::vector<Problem> problems;
};

// Reads the text of a PDF; called for PDF attachments and PDF entries of archives and messages,
// with limits whose text and time budgets are what remains of the attachment's.
using PdfExtractor = std::function<Extracted(std::string_view bytes, const ExtractLimits&)>;

// The format is recognised from the bytes first (ZIP and its [Content_Types].xml, "%PDF-", mail
// headers), then from the name and the content type. Never throws: whatever goes wrong is a Problem.
[[nodiscard]] Extracted extract_text(std::string_view file_name, std::string_view content_type, std::string_view bytes,
                                     const ExtractLimits& limits = {}, const PdfExtractor& pdf = {});

// Stable ids ("too_large", "bomb", ...) for logs and the wire.
[[nodiscard]] std::string_view problem_id(ProblemKind kind);

// What the problem means, for the user.
[[nodiscard]] Text problem_text(ProblemKind kind);

// The text of a mail message's first text part (text/plain, or text/html made into text):
// transfer encoding and charset decoded, at most `max_bytes` (cut at a character boundary). The
// message may be only its beginning (a header block and the start of its body): what is there is
// read. "" when there is no text part.
[[nodiscard]] std::string message_body_text(std::string_view message, std::size_t max_bytes);

}  // namespace sg::extract
