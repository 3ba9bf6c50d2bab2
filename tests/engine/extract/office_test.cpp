// Word, Excel and PowerPoint files made by the real LibreOffice (make_office_fixtures.sh, run by
// CTest as a fixture): body, headers, footers, footnotes, comments, sheets, slides, notes and the
// document properties come out as text with readable locations.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>

#include "extract/attachment_text.h"
#include "extract_checks.h"
#include "text/utf8.h"
#include "zip_builder.h"

using sg::extract::extract_text;
using sg::extract::ProblemKind;
using sg::test::contains;
using sg::test::describe;
using sg::test::text_at;

namespace {
std::string fixture(const char* name) {
  const auto dir = sg::test::office_fixtures();
  REQUIRE_MESSAGE(std::filesystem::exists(dir / "done"), "run make_office_fixtures.sh first (ctest does)");
  return sg::test::read_file(dir / name);
}
}  // namespace

TEST_CASE("a .docx: body with tabs and breaks, table, header, footer, footnote, comment, properties") {
  const auto x = extract_text("report.docx", "", fixture("report.docx"));
  INFO(describe(x));
  CHECK(x.format == "docx");
  const std::string body = text_at(x, "");
  CHECK(contains(body, "株式会社クライアントA 御中\n"));
  CHECK(contains(body, "見積金額\t1,234,000円\nTotal amount due\n"));
  CHECK(contains(body, "品名\n数量\nノートPC\n3\n"));
  CHECK(contains(text_at(x, "header 1"), "ヘッダー 社外秘 Confidential"));
  CHECK(contains(text_at(x, "footer 1"), "フッター 株式会社サンプル商事"));
  CHECK(contains(text_at(x, "footnotes"), "脚注の本文 footnote text"));
  CHECK(contains(text_at(x, "comments"), "コメント 要確認"));
  const std::string props = text_at(x, "properties");
  CHECK(contains(props, "Title: 見積書 Quotation\n"));
  CHECK(contains(props, "Creator: 山田 太郎\n"));
  CHECK(contains(props, "Company: 株式会社サンプル商事\n"));
  CHECK(x.problems.empty());
}

TEST_CASE("a .docx converted from HTML and one from plain text") {
  const auto html = extract_text("minutes.docx", "", fixture("minutes.docx"));
  INFO(describe(html));
  CHECK(contains(text_at(html, ""), "議事録 Minutes"));
  CHECK(contains(text_at(html, ""), "出席者：山田、佐藤"));
  CHECK(contains(text_at(html, ""), "予算 500万円"));
  const auto memo = extract_text("memo.docx", "", fixture("memo.docx"));
  CHECK(text_at(memo, "") == "備考 Notes\nこのファイルは社外秘です。\nConfidential memo\n");
}

TEST_CASE("an .xlsx: one part per sheet named after it, rows as lines, cells in their columns") {
  const auto x = extract_text("customers.xlsx", "", fixture("customers.xlsx"));
  INFO(describe(x));
  CHECK(x.format == "xlsx");
  CHECK(text_at(x, "顧客一覧") == "氏名\t金額\n山田太郎\t1500.5\n\t\t備考C3\n");
  CHECK(text_at(x, "Summary") == "合計\t42\n");
  CHECK(contains(text_at(x, "properties"), "Company: 株式会社サンプル商事\n"));
  CHECK(contains(text_at(x, "properties"), "Title: 顧客リスト\n"));
}

TEST_CASE("an .xlsx made from a UTF-8 CSV keeps the Japanese cells") {
  const auto x = extract_text("contacts.xlsx", "", fixture("contacts.xlsx"));
  INFO(describe(x));
  CHECK(text_at(x, "contacts") ==
        "氏名\t電話番号\tメール\n山田太郎\t03-1234-5678\ttaro@example.jp\n佐藤花子\t06-9876-5432\thanako@example.jp\n");
}

TEST_CASE("a .pptx: one part per slide in order, notes apart") {
  const auto x = extract_text("proposal.pptx", "", fixture("proposal.pptx"));
  INFO(describe(x));
  CHECK(x.format == "pptx");
  CHECK(text_at(x, "slide 1") == "提案書 Proposal\n株式会社クライアントA 様\n");
  CHECK(contains(text_at(x, "slide 1 notes"), "発表者メモ 価格は非公開"));
  CHECK(text_at(x, "slide 2") == "スケジュール Schedule\n");
  CHECK(sg::test::part_at(x, "slide 3") == nullptr);
}

TEST_CASE("a Shift_JIS CSV made by iconv") {
  const auto x = extract_text("contacts_sjis.csv", "text/csv", fixture("contacts_sjis.csv"));
  CHECK(x.format == "csv");
  CHECK(contains(text_at(x, ""), "山田太郎,03-1234-5678,taro@example.jp\n"));
}

TEST_CASE("Office files and a CSV inside a ZIP are read with their paths as locations") {
  sg::test::ZipWriter w;
  w.add("見積/report.docx", fixture("report.docx"));
  w.add("data/contacts_sjis.csv", fixture("contacts_sjis.csv"));
  w.add("proposal.pptx", fixture("proposal.pptx"), true);
  const auto x = extract_text("bundle.zip", "application/zip", w.finish());
  INFO(describe(x));
  CHECK(x.format == "zip");
  CHECK(contains(text_at(x, "見積/report.docx"), "株式会社クライアントA 御中"));
  CHECK(contains(text_at(x, "見積/report.docx/header 1"), "社外秘"));
  CHECK(contains(text_at(x, "見積/report.docx/properties"), "Company: 株式会社サンプル商事"));
  CHECK(contains(text_at(x, "data/contacts_sjis.csv"), "佐藤花子"));
  CHECK(text_at(x, "proposal.pptx/slide 2") == "スケジュール Schedule\n");
  CHECK(x.problems.empty());
}

TEST_CASE("a truncated .docx is corrupt, named docx, and costs no more than a look") {
  const std::string whole = fixture("report.docx");
  const auto x = extract_text("report.docx", "", whole.substr(0, whole.size() / 2));
  INFO(describe(x));
  CHECK(x.format == "docx");
  CHECK(sg::test::has_problem(x, ProblemKind::corrupt, ""));
  CHECK(x.parts.empty());
}

TEST_CASE("a .docx whose document part is damaged reports it and keeps the other parts") {
  sg::test::ZipWriter w;
  w.add(
      "[Content_Types].xml",
      R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)");
  w.add("word/document.xml", "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>broken");
  w.add("docProps/core.xml",
        R"(<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:creator>佐藤</dc:creator></cp:coreProperties>)");
  const auto x = extract_text("bad.docx", "", w.finish());
  INFO(describe(x));
  CHECK(x.format == "docx");
  CHECK(sg::test::has_problem(x, ProblemKind::corrupt, "word/document.xml"));
  CHECK(text_at(x, "properties") == "Creator: 佐藤\n");
}

TEST_CASE("Office files with bytes overwritten here and there never crash and end in time") {
  const std::string originals[] = {fixture("report.docx"), fixture("customers.xlsx"), fixture("proposal.pptx")};
  std::uint32_t seed = 12345;
  const auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;  // a fixed LCG: the same mutations every run
    return seed >> 8;
  };
  std::size_t with_problems = 0;
  for (int round = 0; round < 300; ++round) {
    std::string bytes = originals[round % 3];
    const int flips = 1 + static_cast<int>(next() % 8);
    for (int i = 0; i < flips; ++i) bytes[next() % bytes.size()] = static_cast<char>(next() & 0xFF);
    sg::extract::ExtractLimits limits;
    limits.time_budget = std::chrono::seconds(10);
    const auto start = std::chrono::steady_clock::now();
    const auto x = extract_text("mutated", "", bytes, limits);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
    for (const auto& p : x.parts) CHECK(sg::text::is_valid_utf8(p.text));
    if (!x.problems.empty()) ++with_problems;
  }
  CHECK(with_problems > 0);
}
