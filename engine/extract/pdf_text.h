// Text of a PDF attachment, extracted by the low-privilege helper process sendguard-pdftext under
// a timeout, so a hostile PDF can cost a little time but never crash or hang the host.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "extract/attachment_text.h"

namespace sg::extract {

// Limits shared by the host side and the helper (native-host/pdf_helper), named once here.
inline constexpr std::size_t kMaxPdfInputBytes = std::size_t{64} * 1024 * 1024;
inline constexpr std::size_t kMaxPdfTextBytes = std::size_t{4} * 1024 * 1024;
inline constexpr std::size_t kMaxPdfPages = 2000;
inline constexpr std::chrono::milliseconds kDefaultPdfTimeout{5000};
// "%PDF-" must start within this many bytes (the window readers such as Acrobat accept).
inline constexpr std::size_t kPdfHeaderWindow = 1024;
// Pages are separated in the helper's output by this byte; it never appears inside a page.
inline constexpr char kPdfPageSeparator = '\f';
// The helper's file name, installed next to the sendguard executable.
inline constexpr std::string_view kPdfHelperName = "sendguard-pdftext";

// The helper's exit codes, the contract between sendguard-pdftext and extract_pdf_text.
namespace pdf_exit {
inline constexpr int ok = 0;
inline constexpr int failure = 1;     // the helper itself failed (I/O error, bad arguments)
inline constexpr int unreadable = 2;  // not a PDF, or damaged beyond repair
inline constexpr int encrypted = 3;   // needs a password to open
inline constexpr int too_large = 4;   // input over kMaxPdfInputBytes
inline constexpr int truncated = 5;   // text written up to kMaxPdfTextBytes / kMaxPdfPages, rest dropped
}  // namespace pdf_exit

struct PdfHelper {
  std::vector<std::string> argv;  // argv[0] = absolute path of sendguard-pdftext
  std::chrono::milliseconds timeout{kDefaultPdfTimeout};
  std::size_t max_output_bytes = kMaxPdfTextBytes;
};

struct PdfResult {
  enum class Status { ok, not_pdf, corrupt, encrypted, too_large, timeout, crashed, no_helper };
  Status status = Status::ok;
  std::vector<std::string> pages;  // UTF-8 text, one entry per page (ok, possibly truncated)
  bool truncated = false;          // output stopped at a limit; the last page may be partial
  std::string detail;              // English, for logs; never PDF content
};

// Runs the helper on `pdf_bytes`: bounded by the size limit, the timeout and max_output_bytes.
// Never throws for anything the PDF or the helper does; the child is always reaped.
[[nodiscard]] PdfResult extract_pdf_text(const PdfHelper& helper, std::string_view pdf_bytes);

// The helper installed next to a given executable (e.g. /proc/self/exe), or nullopt.
[[nodiscard]] std::optional<std::string> find_pdf_helper_next_to(const std::filesystem::path& exe);

// extract_pdf_text as the PdfExtractor extract_text takes: one TextPart per page ("page N"), the
// status as a Problem (timeout, encrypted, corrupt, ...), the helper's timeout and output capped by
// the limits' time budget and text budget.
[[nodiscard]] PdfExtractor pdf_extractor(PdfHelper helper);

// Stable ASCII name of a status ("ok", "not_pdf", ...), and what it means for the user.
[[nodiscard]] std::string_view pdf_status_name(PdfResult::Status status);
[[nodiscard]] Text pdf_status_text(PdfResult::Status status);

}  // namespace sg::extract
