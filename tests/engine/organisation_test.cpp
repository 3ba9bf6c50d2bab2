// Organisation names: comparison keys, the organisation in a display name (Japanese and English
// mail clients' ways of writing it) and the entries of the customer list.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/organisation.h"

using sg::text::has_legal_form;
using sg::text::has_organisation_affix;
using sg::text::organisation_in_display_name;
using sg::text::organisation_key;
using sg::text::parse_organisation_entry;
using sg::text::same_organisation;

TEST_CASE("an organisation's key drops legal forms, honorifics, width, case and punctuation") {
  CHECK(organisation_key("株式会社アルファ") == "アルファ");
  CHECK(organisation_key("アルファ株式会社") == "アルファ");
  CHECK(organisation_key("(株)アルファ 御中") == "アルファ");
  CHECK(organisation_key("（株）アルファ　様") == "アルファ");
  CHECK(organisation_key("㈱アルファ") == "アルファ");
  CHECK(organisation_key("ｱﾙﾌｧ㈱") == "アルファ");
  CHECK(organisation_key("一般社団法人 日本アルファ協会") == "日本アルファ協会");
  CHECK(organisation_key("Alpha Corp.") == "alpha");
  CHECK(organisation_key("ALPHA INC") == "alpha");
  CHECK(organisation_key("Alpha Trading Co., Ltd.") == "alphatrading");
  CHECK(organisation_key("Ａｌｐｈａ　Ｉｎｃ．") == "alpha");
  CHECK(organisation_key("Ｍ＆Ａ Partners") == "mapartners");
  // Latin forms only as whole words: "Vincent" keeps its "inc", "Incognito" too.
  CHECK(organisation_key("Vincent") == "vincent");
  CHECK(organisation_key("Incognito Labs") == "incognitolabs");
  CHECK(organisation_key("Corporate Planning") == "corporateplanning");
  // Too short to say anything.
  CHECK(organisation_key("株式会社") == "");
  CHECK(organisation_key("林様") == "");
  CHECK(organisation_key("ABC") == "");
  CHECK(organisation_key("") == "");
  CHECK(organisation_key(std::string(2000, 'a')) == "");
}

TEST_CASE("legal forms and honorifics mark an addressee; words that merely contain them do not") {
  CHECK(has_legal_form("株式会社アルファ"));
  CHECK(has_legal_form("㈱アルファ"));
  CHECK(has_legal_form("Alpha Inc."));
  CHECK(has_legal_form("alpha co.,ltd."));
  CHECK_FALSE(has_legal_form("Vincent"));
  CHECK_FALSE(has_legal_form("アルファ商事"));
  CHECK(has_organisation_affix("瑠璃印刷様"));
  CHECK(has_organisation_affix("みなと物産御中 "));
  CHECK(has_organisation_affix("佐藤殿"));
  CHECK_FALSE(has_organisation_affix("仕様書"));
  CHECK_FALSE(has_organisation_affix("見積書"));
  CHECK_FALSE(has_organisation_affix("様式"));
}

TEST_CASE("two keys name the same organisation when equal or one holds the other") {
  CHECK(same_organisation("若葉物産", "若葉物産大阪支店"));
  CHECK(same_organisation("若葉物産大阪支店", "若葉物産"));
  CHECK(same_organisation("alpha", "alpha"));
  CHECK_FALSE(same_organisation("アルファ", "ベータ"));
  CHECK_FALSE(same_organisation("", "アルファ"));
  CHECK_FALSE(same_organisation("アルファ", ""));
}

TEST_CASE("the organisation in Japanese display names") {
  CHECK(organisation_in_display_name("佐藤 花子 (株式会社アルファ)") == "株式会社アルファ");
  CHECK(organisation_in_display_name("佐藤 花子（株式会社アルファ）") == "株式会社アルファ");
  CHECK(organisation_in_display_name("佐藤花子／株式会社アルファ") == "株式会社アルファ");
  CHECK(organisation_in_display_name("株式会社アルファ／佐藤花子") == "株式会社アルファ");
  CHECK(organisation_in_display_name("株式会社アルファ 営業部 佐藤") == "株式会社アルファ");
  CHECK(organisation_in_display_name("株式会社 アルファ 佐藤") == "株式会社 アルファ");
  CHECK(organisation_in_display_name("アルファ株式会社 佐藤 花子") == "アルファ株式会社");
  CHECK(organisation_in_display_name("佐藤 花子 アルファ 株式会社") == "アルファ 株式会社");
  CHECK(organisation_in_display_name("㈱アルファ 佐藤") == "(株)アルファ");
  CHECK(organisation_in_display_name("(株)アルファ 佐藤") == "(株)アルファ");
  CHECK(organisation_in_display_name("佐藤 花子 (株式会社アルファ 東京支店)") == "株式会社アルファ");
  CHECK(organisation_in_display_name("【アルファ】佐藤") == "アルファ");
  CHECK(organisation_in_display_name("【株式会社アルファ】佐藤 花子") == "株式会社アルファ");
  CHECK(organisation_in_display_name("佐藤 花子 (アルファ)") == "アルファ");
  CHECK(organisation_in_display_name("佐藤花子／アルファ") == "アルファ");
  CHECK(organisation_in_display_name("山田太郎＠ABC商事") == "ABC商事");
  CHECK(organisation_in_display_name("山田太郎@アルファ") == "アルファ");
  CHECK(organisation_in_display_name("アルファ商事 佐藤") == "アルファ商事");
  CHECK(organisation_in_display_name("佐藤 (みなと銀行)") == "みなと銀行");
  CHECK(organisation_in_display_name("アルファ御中") == "アルファ");
  CHECK(organisation_in_display_name("株式会社アルファ 御中") == "株式会社アルファ");
  CHECK(organisation_in_display_name("一般社団法人 日本アルファ協会 事務局") == "一般社団法人 日本アルファ協会");
  CHECK(organisation_in_display_name("\"佐藤 花子 (株式会社アルファ)\"") == "株式会社アルファ");
  CHECK(organisation_in_display_name("ｻﾄｳ ﾊﾅｺ(ｱﾙﾌｧ㈱)") == "アルファ(株)");
}

TEST_CASE("the organisation in English display names") {
  CHECK(organisation_in_display_name("Sato Hanako (Alpha Corp.)") == "Alpha Corp.");
  CHECK(organisation_in_display_name("Alpha Inc. - Hanako Sato") == "Alpha Inc.");
  CHECK(organisation_in_display_name("Hanako Sato - Alpha Inc.") == "Alpha Inc.");
  CHECK(organisation_in_display_name("Hanako Sato, Alpha Co., Ltd.") == "Alpha Co., Ltd.");
  CHECK(organisation_in_display_name("Alpha Inc., Hanako Sato") == "Alpha Inc.");
  CHECK(organisation_in_display_name("Hanako Sato | Alpha Trading Co.,Ltd.") == "Alpha Trading Co.,Ltd.");
  CHECK(organisation_in_display_name("Hanako Sato [Alpha GmbH]") == "Alpha GmbH");
  CHECK(organisation_in_display_name("ALPHA INC") == "ALPHA INC");
  CHECK(organisation_in_display_name("Hanako Sato (Alpha)") == "Alpha");
  CHECK(organisation_in_display_name("Hanako Sato / Alpha") == "Alpha");
  CHECK(organisation_in_display_name("Hanako Sato (Alpha Systems)") == "Alpha Systems");
  CHECK(organisation_in_display_name("Hanako Sato – Alpha Corporation") == "Alpha Corporation");
}

TEST_CASE("a plain person's name, a department, a title, a tag or a reading is no organisation") {
  for (const char* name : {"佐藤 花子",
                           "佐藤花子",
                           "佐藤 花子 様",
                           "佐藤 花子 (さとう はなこ)",
                           "佐藤 (さとう)",
                           "佐藤 花子 (営業部)",
                           "佐藤 花子 (部長)",
                           "佐藤 花子【社外】",
                           "【社外】佐藤 花子",
                           "佐藤 花子 (東京支店)",
                           "佐藤 花子 / Hanako Sato",
                           "佐藤 花子 (Hanako Sato)",
                           "Sato Hanako / 佐藤 花子",
                           "Hanako Sato",
                           "Sato, Hanako",
                           "SATO Hanako",
                           "Taro Yamada [EXTERNAL]",
                           "Hanako Sato (Sales)",
                           "Hanako Sato - Sales",
                           "Hanako Sato (Marketing Dept)",
                           "Hanako Sato (PM)",
                           "佐藤 (内線1234)",
                           "Sato (ext. 1234)",
                           "sato@alpha.example",
                           "佐藤 花子 <sato@alpha.example>",
                           "佐藤 (sato@alpha.example)",
                           "営業部 (佐藤)",
                           "Sales Team (Hanako)",
                           "info",
                           "株式会社",
                           "Inc.",
                           "Vincent Corbin",
                           "Hanako Sato - Incognito",
                           "",
                           "   ",
                           "()",
                           "【】"}) {
    CAPTURE(name);
    CHECK(organisation_in_display_name(name) == "");
  }
  CHECK(organisation_in_display_name(std::string(2000, 'x') + " Inc.") == "");
}

TEST_CASE("a customer-list entry is a name, an equals sign and domains") {
  auto e = parse_organisation_entry("株式会社アルファ = alpha.example, alpha.co.jp");
  REQUIRE(e.has_value());
  CHECK(e->name == "株式会社アルファ");
  CHECK(e->domains == std::vector<std::string>{"alpha.example", "alpha.co.jp"});
  e = parse_organisation_entry("  Alpha Inc.=alpha.example  ");
  REQUIRE(e.has_value());
  CHECK(e->name == "Alpha Inc.");
  CHECK(e->domains == std::vector<std::string>{"alpha.example"});
  e = parse_organisation_entry("アルファ＝alpha.example、alpha.jp　alpha.co.jp,,");
  REQUIRE(e.has_value());
  CHECK(e->name == "アルファ");
  CHECK(e->domains == std::vector<std::string>{"alpha.example", "alpha.jp", "alpha.co.jp"});
  e = parse_organisation_entry(" = alpha.example");
  REQUIRE(e.has_value());
  CHECK(e->name.empty());
  e = parse_organisation_entry("アルファ =  ");
  REQUIRE(e.has_value());
  CHECK(e->domains.empty());
  CHECK_FALSE(parse_organisation_entry("株式会社アルファ alpha.example").has_value());
}

TEST_CASE("organisations in signature blocks, quoted or not, with the domain of the address beside them") {
  const std::string body =
      "佐藤様\n\nご確認ありがとうございます。\n\n"
      "--\n株式会社いぶき製作所 技術部\n丸山 悠人\nmaruyama@ibuki.example\n\n"
      "> 2026/10/01 10:00 佐藤 花子 <sato@alpha.example>:\n"
      "> お見積りをお願いします。\n"
      ">\n"
      "> ----------------------------\n"
      "> 株式会社アルファ 営業部\n"
      "> 佐藤 花子\n"
      "> TEL 03-1234-5678\n"
      "> E-mail: Sato@Alpha.Example\n"
      ">\n"
      "> Beta Systems Inc.\n"
      "> John Smith <john@beta.example>\n";
  const auto found = sg::text::organisations_in_signatures(body);
  REQUIRE(found.size() == 3);
  CHECK(found[0].name == "株式会社いぶき製作所");
  CHECK(found[0].domain == "ibuki.example");
  CHECK(found[1].name == "株式会社アルファ");
  CHECK(found[1].domain == "alpha.example");  // lower-cased
  CHECK(found[2].name == "Beta Systems Inc.");
  CHECK(found[2].domain == "beta.example");
}

TEST_CASE("an address without a company above it, or too far below one, names no organisation") {
  CHECK(sg::text::organisations_in_signatures("山田 太郎\nyamada@corp.example\n").empty());
  // An empty line ends the block.
  CHECK(sg::text::organisations_in_signatures("株式会社アルファ\n\nsato@alpha.example\n").empty());
  // More than kSignatureLinesAbove lines between.
  CHECK(sg::text::organisations_in_signatures("株式会社アルファ\n営業部\n佐藤\nTEL 1\nFAX 2\nsato@alpha.example\n")
            .empty());
  CHECK(sg::text::organisations_in_signatures("株式会社アルファ\n営業部\n佐藤\nTEL 1\nsato@alpha.example\n").size() ==
        1);
  // Not an address: no dot in the domain, or an @ with nothing before it.
  CHECK(sg::text::organisations_in_signatures("株式会社アルファ\nsato@localhost\n@alpha.example\n").empty());
}
