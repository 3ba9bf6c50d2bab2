// Word, Excel and PowerPoint files (Office Open XML): which one a ZIP is, and the text of its
// body, headers, footers, notes, comments, sheets, slides and document properties.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/extract_session.h"
#include "extract/zip_archive.h"

namespace sg::extract {

// The clock is checked every this many XML nodes walked.
inline constexpr std::size_t kXmlNodesPerClockCheck = 4096;
// Excel's last column is XFD: cells past it are ignored (a forged reference cannot pad a row
// with millions of tabs).
inline constexpr std::size_t kMaxSheetColumns = 16384;

enum class OfficeKind : std::uint8_t { none, docx, xlsx, pptx };

struct OfficePackage {
  OfficeKind kind = OfficeKind::none;
  std::string main_part;  // "word/document.xml", "xl/workbook.xml", "ppt/presentation.xml"
};

// The package's kind from the main part named in [Content_Types].xml (macro-enabled files and
// templates included); kind none for a plain ZIP.
[[nodiscard]] OfficePackage detect_office_package(ZipArchive& zip, Session& session, std::string_view location);

// "docx", "xlsx", "pptx" ("zip" for none).
[[nodiscard]] std::string_view office_format(OfficeKind kind);

// Adds the package's text parts, locations under `location`:
//  - docx: the body (paragraphs as lines, w:t text, tabs, breaks, tracked deletions) at
//    `location`, then "header N", "footer N", "footnotes", "endnotes", "comments";
//  - xlsx: one part per worksheet named after the sheet, rows as lines, cells tab-separated in
//    their columns (shared strings, inline strings, numbers as stored in the cell value);
//  - pptx: "slide N" in presentation order, and "slide N notes";
//  - all: "properties" (title, subject, creator, keywords, description, last modified by, company,
//    manager) from docProps/core.xml and docProps/app.xml.
void extract_office_text(ZipArchive& zip, const OfficePackage& package, Session& session, std::string_view location);

}  // namespace sg::extract
