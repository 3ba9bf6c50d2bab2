// The dispatcher: format recognition by content before name, the PDF hook, encrypted and
// unknown files, stable problem ids and messages in both languages.
#include <doctest/doctest.h>

#include <stdexcept>

#include "extract/attachment_text.h"
#include "extract_checks.h"
#include "zip_builder.h"

using sg::extract::extract_text;
using sg::extract::Extracted;
using sg::extract::ExtractLimits;
using sg::extract::ProblemKind;
using sg::test::describe;
using sg::test::has_problem;
using sg::test::text_at;

namespace {
const std::string kPdf = "%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

TEST_CASE("a PDF without an extractor is reported unsupported; with one its pages become parts") {
  const auto none = extract_text("見積書.pdf", "application/pdf", kPdf);
  CHECK(none.format == "pdf");
  CHECK(has_problem(none, ProblemKind::unsupported, ""));
  CHECK(none.parts.empty());

  std::size_t budget_seen = 0;
  const sg::extract::PdfExtractor pdf = [&](std::string_view bytes, const ExtractLimits& limits) {
    budget_seen = limits.max_text_bytes;
    Extracted e;
    e.format = "pdf";
    e.parts.push_back({"page 1", "1ページ目 " + std::to_string(bytes.size())});
    e.parts.push_back({"page 2", std::string("bad \xff byte")});
    e.problems.push_back({ProblemKind::truncated, "page 2", "cut"});
    return e;
  };
  sg::test::ZipWriter w;
  w.add("docs/a.pdf", kPdf);
  w.add("note.txt", "1234567890");
  ExtractLimits limits;
  limits.max_text_bytes = 1000;
  const auto x = extract_text("docs.zip", "", w.finish(), limits, pdf);
  INFO(describe(x));
  CHECK(text_at(x, "docs/a.pdf/page 1") == "1ページ目 " + std::to_string(kPdf.size()));
  CHECK(text_at(x, "docs/a.pdf/page 2") == "bad \uFFFD byte");
  CHECK(has_problem(x, ProblemKind::truncated, "docs/a.pdf/page 2"));
  CHECK(budget_seen == 1000);  // the PDF came first: the whole budget was left
  CHECK(text_at(x, "note.txt") == "1234567890");
}

TEST_CASE("an extractor that throws does not escape extract_text") {
  const sg::extract::PdfExtractor pdf = [](std::string_view, const ExtractLimits&) -> Extracted {
    throw std::runtime_error("poppler exploded");
  };
  const auto x = extract_text("a.pdf", "", kPdf, {}, pdf);
  CHECK(has_problem(x, ProblemKind::corrupt, ""));
}

TEST_CASE("the content decides the format before the name does") {
  sg::test::ZipWriter w;
  w.add("a.txt", "zipped text");
  const auto zip_named_txt = extract_text("report.txt", "text/plain", w.finish());
  CHECK(zip_named_txt.format == "zip");
  CHECK(text_at(zip_named_txt, "a.txt") == "zipped text");
  CHECK(extract_text("scan.jpg", "image/jpeg", kPdf).format == "pdf");
}

TEST_CASE("a password-protected Office file is encrypted; an image is unsupported") {
  std::string ole = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(512, '\0');
  for (char c : std::string_view("EncryptedPackage")) {
    ole.push_back(c);
    ole.push_back('\0');
  }
  const auto enc = extract_text("給与.xlsx", "", ole);
  CHECK(has_problem(enc, ProblemKind::encrypted, ""));
  CHECK(enc.parts.empty());
  const auto png = extract_text("logo.png", "image/png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0'));
  CHECK(png.format == "unknown");
  CHECK(has_problem(png, ProblemKind::unsupported, ""));
}

TEST_CASE("a ZIP's image entries are skipped unread with unsupported") {
  sg::test::ZipWriter w;
  w.add("photo.jpg", std::string(1000, '\xff'));
  w.add("README", "plain words without an extension\n");
  const auto x = extract_text("a.zip", "", w.finish());
  INFO(describe(x));
  CHECK(has_problem(x, ProblemKind::unsupported, "photo.jpg"));
  CHECK(text_at(x, "README") == "plain words without an extension\n");
}

TEST_CASE("garbage that claims to be a ZIP is corrupt, never a crash") {
  const auto x = extract_text("a.zip", "", std::string("PK\x03\x04", 4) + std::string(100, '\x01'));
  CHECK(x.format == "zip");
  CHECK(has_problem(x, ProblemKind::corrupt, ""));
}

TEST_CASE("problem ids are stable and every problem has Japanese and English text") {
  CHECK(sg::extract::problem_id(ProblemKind::too_large) == "too_large");
  CHECK(sg::extract::problem_id(ProblemKind::too_many_entries) == "too_many_entries");
  CHECK(sg::extract::problem_id(ProblemKind::bomb) == "bomb");
  CHECK(sg::extract::problem_id(ProblemKind::too_deep) == "too_deep");
  CHECK(sg::extract::problem_id(ProblemKind::bad_path) == "bad_path");
  CHECK(sg::extract::problem_id(ProblemKind::encrypted) == "encrypted");
  CHECK(sg::extract::problem_id(ProblemKind::corrupt) == "corrupt");
  CHECK(sg::extract::problem_id(ProblemKind::timeout) == "timeout");
  CHECK(sg::extract::problem_id(ProblemKind::unsupported) == "unsupported");
  CHECK(sg::extract::problem_id(ProblemKind::truncated) == "truncated");
  for (int k = 0; k <= static_cast<int>(ProblemKind::truncated); ++k) {
    const auto t = sg::extract::problem_text(static_cast<ProblemKind>(k));
    CHECK_FALSE(t.ja.empty());
    CHECK_FALSE(t.en.empty());
    CHECK(t.ja != t.en);
  }
}

TEST_CASE("ZIP entry names written by Japanese Windows (CP932 bytes) become readable locations") {
  sg::test::ZipWriter w;
  w.add("XXXX.txt", "顧客データ");
  std::string zip = w.finish();
  sg::test::patch_bytes(zip, "XXXX.txt", "\x8c\xda\x8b\x71.txt");  // 顧客.txt in CP932
  const auto x = extract_text("old.zip", "", zip);
  INFO(describe(x));
  CHECK(text_at(x, "顧客.txt") == "顧客データ");
}
