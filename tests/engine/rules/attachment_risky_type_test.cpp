// attachment.risky_type: executables, scripts and macro-enabled files, by name and by content.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {

// A Windows PE stand-in: "MZ", e_lfanew at 0x3C pointing at "PE\0\0".
std::string pe_bytes() {
  std::string b(256, '\0');
  b[0] = 'M';
  b[1] = 'Z';
  b[0x3C] = static_cast<char>(0x80);
  b.replace(0x80, 4, std::string("PE\0\0", 4));
  return b;
}

// The risky_type finding of a check, if any (a copy: it outlives the verdict).
std::optional<Finding> risky(const DraftBuilder& d, std::string_view profile = "{}") {
  const Verdict v = test::check(d, profile);
  const Finding* f = test::find(v, "attachment.risky_type");
  return f == nullptr ? std::nullopt : std::optional<Finding>(*f);
}

std::string reason_of(const Finding& f, std::size_t i = 0) {
  return *test::evidence_string((*test::evidence_list(f.evidence, "attachments"))[i], "reason");
}

DraftBuilder mail() {
  return DraftBuilder().to({"client@customer.example"}).body("資料をお送りします。");
}

}  // namespace

TEST_CASE("an executable is flagged as danger") {
  const std::optional<Finding> f = risky(mail().attach("setup.exe", pe_bytes()));
  REQUIRE(f.has_value());
  CHECK(f->severity == Severity::danger);
  CHECK(test::target_names(*f) == std::vector<std::string>{"setup.exe"});
  CHECK(reason_of(*f) == "extension");
  CHECK(*test::evidence_string((*test::evidence_list(f->evidence, "attachments"))[0], "detail") == "exe");
}

TEST_CASE("the last extension counts: a PDF-looking executable is caught, an upper-case one too") {
  CHECK(risky(mail().attach("invoice.pdf.exe")).has_value());
  CHECK(risky(mail().attach("REPORT.PDF.SCR")).has_value());
  CHECK_FALSE(risky(mail().attach("exe.pdf")).has_value());
}

TEST_CASE("trailing dots and spaces, which Windows ignores, do not hide the extension") {
  CHECK(risky(mail().attach("setup.exe.")).has_value());
  CHECK(risky(mail().attach("setup.exe  ")).has_value());
}

TEST_CASE("macro-enabled Office files and scripts are flagged") {
  for (const char* name : {"見積書.xlsm", "提案.docm", "deck.pptm", "run.ps1", "tool.vbs", "install.bat", "x.js",
                           "app.jar", "shortcut.lnk", "disk.iso", "deploy.sh"}) {
    INFO(name);
    CHECK(risky(mail().attach(name)).has_value());
  }
}

TEST_CASE("ordinary documents, archives and files without an extension are not risky") {
  for (const char* name : {"見積書.pdf", "report.docx", "list.xlsx", "deck.pptx", "photo.jpg", "README", ".profile",
                           "archive.zip", "notes.txt"}) {
    INFO(name);
    CHECK_FALSE(risky(mail().attach(name)).has_value());
  }
}

TEST_CASE("a right-to-left override that disguises a name is flagged whatever the extension") {
  const std::optional<Finding> f = risky(mail().attach("photo\u202Egnp.txt"));
  REQUIRE(f.has_value());
  CHECK(reason_of(*f) == "bidi_control");
}

TEST_CASE("an executable renamed to .txt is recognised from its content") {
  const std::optional<Finding> f = risky(mail().attach("notes.txt", pe_bytes()));
  REQUIRE(f.has_value());
  CHECK(reason_of(*f) == "executable_content");
  const std::string elf = std::string(
                              "\x7F"
                              "ELF\x02\x01\x01",
                              7) +
                          std::string(64, '\0');
  CHECK(risky(mail().attach("data.csv", elf)).has_value());
}

TEST_CASE("a text file that merely starts with MZ is not an executable") {
  CHECK_FALSE(risky(mail().attach("names.txt", "MZ-series price list\n" + std::string(100, 'x'))).has_value());
}

TEST_CASE("a ZIP holding an executable is flagged through its entry names, even when encrypted") {
  const std::optional<Finding> f =
      risky(mail().attach("docs.zip", test::zip_of({{"readme.txt", 0, 8}, {"bin/setup.exe", 1, 99}})));
  REQUIRE(f.has_value());
  CHECK(reason_of(*f) == "archive_entry");
  CHECK(*test::evidence_string((*test::evidence_list(f->evidence, "attachments"))[0], "detail") == "bin/setup.exe");
  const std::string documents = test::zip_of({{"仕様書.docx", 1, 99}, {"図面/", 0, 0}});
  CHECK_FALSE(risky(mail().attach("docs.zip", documents)).has_value());
}

TEST_CASE("an Office file renamed from .xlsm to .xlsx still carries its macros") {
  const std::string xlsx =
      test::zip_of({{"[Content_Types].xml", 0, 8}, {"xl/workbook.xml", 0, 8}, {"xl/vbaProject.bin", 0, 8}});
  const std::optional<Finding> f = risky(mail().attach("見積書.xlsx", xlsx));
  REQUIRE(f.has_value());
  CHECK(reason_of(*f) == "macro_content");
  const std::string plain = test::zip_of({{"[Content_Types].xml", 0, 8}, {"xl/workbook.xml", 0, 8}});
  CHECK_FALSE(risky(mail().attach("見積書.xlsx", plain)).has_value());
}

TEST_CASE("several risky attachments make one finding; harmless ones are left out") {
  const std::optional<Finding> f = risky(mail().attach("a.exe").attach("b.pdf").attach("c.xlsm"));
  REQUIRE(f.has_value());
  CHECK(test::target_names(*f) == std::vector<std::string>{"a.exe", "c.xlsm"});
}

TEST_CASE("the extension list comes from the profile") {
  constexpr std::string_view kOnlyPdf = R"({"rules": {"attachment.risky_type": {"extensions": [".PDF"]}}})";
  CHECK(risky(mail().attach("a.pdf"), kOnlyPdf).has_value());
  CHECK_FALSE(risky(mail().attach("a.xlsm"), kOnlyPdf).has_value());
  // Content still betrays an executable whatever the list says.
  CHECK(risky(mail().attach("a.bin", pe_bytes()), kOnlyPdf).has_value());
}

TEST_CASE("risky attachments are flagged in internal mail too") {
  CHECK(risky(DraftBuilder().to({"colleague@corp.example"}).attach("tool.exe")).has_value());
}
