// The forward-only XML reader of large Office parts: events, attributes with prefixes and either
// quote, references, CDATA, comments and declarations skipped, broken markup ending in an error,
// and worksheets written by hand with the markup Excel and LibreOffice use.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extract/attachment_text.h"
#include "extract/xml_reader.h"
#include "extract_checks.h"
#include "text/utf8.h"
#include "zip_builder.h"

using sg::extract::XmlReader;
using Event = sg::extract::XmlReader::Event;

namespace {

// The events of a document as a compact string: <name attrs…> </name> "text" !error.
std::string trace(std::string_view doc) {
  XmlReader x(doc);
  std::string out;
  for (;;) {
    const Event e = x.next();
    if (e == Event::eof) return out;
    if (e == Event::error) return out + "!" + std::string(x.error());
    if (e == Event::start) out += "<" + std::string(x.name()) + (x.self_closing() ? "/>" : ">");
    if (e == Event::end) out += "</" + std::string(x.name()) + ">";
    if (e == Event::text) {
      std::string t;
      x.append_text(t);
      out += "\"" + t + "\"";
    }
  }
}

std::string sheet_package(const std::string& sheet_xml, const std::string& shared_xml) {
  sg::test::ZipWriter w;
  w.add(
      "[Content_Types].xml",
      R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>)");
  w.add("xl/workbook.xml",
        R"(<workbook xmlns="m" xmlns:r="r"><sheets><sheet name="一覧" sheetId="1" r:id="rId1"/></sheets></workbook>)");
  w.add("xl/_rels/workbook.xml.rels",
        R"(<Relationships xmlns="p"><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/>)"
        R"(<Relationship Id="rId2" Type="http://x/sharedStrings" Target="sharedStrings.xml"/></Relationships>)");
  w.add("xl/worksheets/sheet1.xml", sheet_xml);
  w.add("xl/sharedStrings.xml", shared_xml);
  return w.finish();
}

}  // namespace

TEST_CASE("elements, empty elements, text and the end of input") {
  CHECK(trace("<?xml version=\"1.0\"?>\n<a><b/>x<c>y</c></a>") == "\"\n\"<a><b/>\"x\"<c>\"y\"</c></a>");
  CHECK(trace("") == "");
  CHECK(trace("\xEF\xBB\xBF<a/>") == "<a/>");
}

TEST_CASE("attributes: prefixed or not, either quote, '>' inside a value, spaces around '='") {
  XmlReader x(R"(<x:c r="B7" s = '1' x:t="s" note="a>b"/>)");
  REQUIRE(x.next() == Event::start);
  CHECK(x.name() == "x:c");
  CHECK(x.local_name() == "c");
  CHECK(x.self_closing());
  CHECK(x.attribute("r") == "B7");
  CHECK(x.attribute("s") == "1");
  CHECK(x.attribute("t") == "s");
  CHECK(x.attribute("note") == "a>b");
  CHECK(x.attribute("missing").empty());
  CHECK(x.next() == Event::eof);
}

TEST_CASE("references are decoded; unknown, malformed and forbidden ones are kept as written") {
  CHECK(trace("<t>&lt;a&gt; &amp; &quot;&apos; &#x5C71;&#30000;</t>") == "<t>\"<a> & \"' 山田\"</t>");
  CHECK(trace("<t>&nbsp; &#0; &#xD800; & alone &#12x;</t>") == "<t>\"&nbsp; &#0; &#xD800; & alone &#12x;\"</t>");
}

TEST_CASE("CDATA is text as it is; comments, processing instructions and a DOCTYPE are skipped") {
  CHECK(trace("<t><![CDATA[a<b>&amp;]]></t>") == "<t>\"a<b>&amp;\"</t>");
  CHECK(trace("<!DOCTYPE x [<!ENTITY e \"boom\">]><a><!-- <b> --><?pi x?>&e;</a>") == "<a>\"&e;\"</a>");
}

TEST_CASE("broken markup ends the walk with an error, never reads past the input") {
  CHECK(trace("<a><b") == "<a>!malformed tag");
  CHECK(trace("<a x=\"1>") == "!unterminated attribute value");
  CHECK(trace("<a><!-- open") == "<a>!unterminated comment");
  CHECK(trace("<a><![CDATA[x") == "<a>!unterminated CDATA section");
  CHECK(trace("<a></a ") == "<a>!unterminated end tag");
  CHECK(trace("< a>") == "!malformed tag");
}

TEST_CASE("skip_element skips nested content through the matching end tag") {
  XmlReader x("<r><rPh><t>ヤマダ</t><x/></rPh><t>山田</t></r>");
  REQUIRE(x.next() == Event::start);  // r
  REQUIRE(x.next() == Event::start);  // rPh
  CHECK(x.skip_element());
  REQUIRE(x.next() == Event::start);
  CHECK(x.name() == "t");
}

TEST_CASE("which parts it reads as they are: UTF-8 and ASCII; UTF-16 and other declared encodings are not") {
  CHECK(XmlReader::readable("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"));
  CHECK(XmlReader::readable("<?xml version='1.0' encoding='us-ascii'?><a/>"));
  CHECK(XmlReader::readable("<a/>"));
  CHECK_FALSE(XmlReader::readable("\xFF\xFE<\0a\0/\0>\0"));
  CHECK_FALSE(XmlReader::readable(std::string("<\0?\0x\0", 6)));
  CHECK_FALSE(XmlReader::readable("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>"));
}

TEST_CASE("a worksheet with shared, inline, boolean, numeric and formula cells, phonetic runs left out") {
  const std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<worksheet xmlns="m"><sheetData>)"
      R"(<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>直接</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2"><f>SUM(A1:A2)</f><v>42</v></c><c r="D2" s="3"/></row>)"
      R"(<row r="3"><c r="B3" t="s"><v> 1 </v></c><c r="C3" t="s"><v>99</v></c></row>)"
      R"(<row r="4"></row></sheetData></worksheet>)";
  const std::string shared =
      R"(<sst xmlns="m" count="2"><si><t>氏名 &amp; 住所</t></si>)"
      R"(<si><r><t>山田</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 太郎</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh></si></sst>)";
  const auto x = sg::extract::extract_text("list.xlsx", "", sheet_package(sheet, shared));
  INFO(sg::test::describe(x));
  CHECK(x.format == "xlsx");
  CHECK(sg::test::text_at(x, "一覧") == "氏名 & 住所\t\t直接\nTRUE\t42\n\t山田 太郎\n");
  CHECK(x.problems.empty());
}

TEST_CASE("a worksheet whose markup breaks off keeps the rows before it and reports the part") {
  const std::string sheet =
      R"(<worksheet xmlns="m"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>残る行</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="inlineStr"><is><t>途中)";
  const auto x = sg::extract::extract_text("cut.xlsx", "", sheet_package(sheet, "<sst/>"));
  INFO(sg::test::describe(x));
  CHECK(sg::test::text_at(x, "一覧") == "残る行\n");
  CHECK(sg::test::has_problem(x, sg::extract::ProblemKind::corrupt, "一覧"));
}

TEST_CASE("a worksheet in UTF-16 is converted and read") {
  const std::string utf8 = R"(<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="m"><sheetData><row r="1">)"
                           R"(<c r="A1" t="inlineStr"><is><t>ユニコード</t></is></c></row></sheetData></worksheet>)";
  std::string utf16 = "\xFF\xFE";
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = sg::text::decode_utf8(utf8, i);
    utf16 += static_cast<char>(cp & 0xFF);
    utf16 += static_cast<char>((cp >> 8) & 0xFF);
  }
  const auto x = sg::extract::extract_text("u16.xlsx", "", sheet_package(utf16, "<sst/>"));
  INFO(sg::test::describe(x));
  CHECK(sg::test::text_at(x, "一覧") == "ユニコード\n");
}
