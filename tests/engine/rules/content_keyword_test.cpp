// content.keyword: helpdesk keywords in subject, body and attachment names, after NFKC_Casefold.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {

DraftBuilder external() {
  return DraftBuilder().to({"client@customer.example"});
}

std::vector<const Target*> spans(const Finding& f, Target::Kind kind) {
  std::vector<const Target*> out;
  for (const Target& t : f.targets) {
    if (t.kind == kind) out.push_back(&t);
  }
  return out;
}

}  // namespace

TEST_CASE("a keyword in the subject is a subject target with its offsets and quote") {
  const Verdict v = test::check(external().subject("【社外秘】ご発注内容の確認").body("市川様"));
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  CHECK(f->group == "content");
  const auto subject = spans(*f, Target::Kind::subject);
  REQUIRE(subject.size() == 1);
  CHECK(subject[0]->start == 1);
  CHECK(subject[0]->end == 4);
  CHECK(subject[0]->quote == "社外秘");
  CHECK(v.action == Action::confirm);
}

TEST_CASE("a keyword in a Japanese body is reported at code-point offsets") {
  const Verdict v =
      test::check(external().body("永井様\n\nなお、本件は社外秘の情報を含みますので、お取り扱いにご注意ください。\n"));
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  const auto body = spans(*f, Target::Kind::body);
  REQUIRE(body.size() == 1);
  CHECK(body[0]->start == 11);
  CHECK(body[0]->end == 14);
  CHECK(body[0]->quote == "社外秘");
}

TEST_CASE("case does not matter and the quote keeps the original case") {
  const Verdict v = test::check(
      external().body("Dear Ms. Campbell,\n\nI hope you had a good week.\n\nCONFIDENTIAL - please do not forward.\n"));
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  const auto body = spans(*f, Target::Kind::body);
  REQUIRE(body.size() == 2);
  CHECK(body[0]->start == 49);
  CHECK(body[0]->end == 61);
  CHECK(body[0]->quote == "CONFIDENTIAL");
  CHECK(body[1]->quote == "do not forward");
}

TEST_CASE("full-width letters match a half-width keyword") {
  const Verdict v = test::check(external().subject("ＣＯＮＦＩＤＥＮＴＩＡＬ：価格表"));
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  const auto subject = spans(*f, Target::Kind::subject);
  REQUIRE(subject.size() == 1);
  CHECK(subject[0]->start == 0);
  CHECK(subject[0]->end == 12);
  CHECK(subject[0]->quote == "ＣＯＮＦＩＤＥＮＴＩＡＬ");
}

TEST_CASE("half-width katakana match a full-width keyword, with offsets in the original characters") {
  const Verdict v =
      test::check(external().subject("ｺﾝﾌｨﾃﾞﾝｼｬﾙ資料の件"), R"({"lists": {"keywords": ["コンフィデンシャル"]}})");
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  const auto subject = spans(*f, Target::Kind::subject);
  REQUIRE(subject.size() == 1);
  CHECK(subject[0]->start == 0);
  CHECK(subject[0]->end == 10);  // ﾃﾞ is two characters that fold into one
  CHECK(subject[0]->quote == "ｺﾝﾌｨﾃﾞﾝｼｬﾙ");
}

TEST_CASE("an ASCII keyword does not match inside a longer word") {
  const Verdict v = test::check(external().body("Our nonconfidentiality clause and confidentiality terms apply."));
  CHECK_FALSE(test::fired(v, "content.keyword"));
  CHECK(test::fired(test::check(external().body("This is confidential.")), "content.keyword"));
  CHECK(test::fired(test::check(external().body("件名:confidential資料")), "content.keyword"));
}

TEST_CASE("a keyword in quoted history still counts: the quote is sent too") {
  const Verdict v =
      test::check(external()
                      .compose(ComposeType::reply)
                      .body("承知しました。\n\n2026/10/01 10:00 佐藤 wrote:\n> 【極秘】来期の価格改定について"));
  CHECK(test::fired(v, "content.keyword"));
}

TEST_CASE("a standing disclaimer in the sender's signature does not count") {
  const Verdict v =
      test::check(external().body("Hi Sam,\n\nSee you on Monday.\n\n-- \nTaro Yamada\nThis e-mail is confidential and "
                                  "intended for the addressee."));
  CHECK_FALSE(test::fired(v, "content.keyword"));
}

TEST_CASE("keywords are counted per keyword in the evidence") {
  const Verdict v = test::check(external()
                                    .subject("【社外秘】価格表")
                                    .body("社外秘資料です。社外秘につき転送しないでください。機密")
                                    .attach("社外秘_価格表.xlsx"));
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  const ValueList* found = test::evidence_list(f->evidence, "keywords");
  REQUIRE(found != nullptr);
  REQUIRE(found->size() == 1);  // 機密 is not a default keyword
  CHECK(*test::evidence_string((*found)[0], "keyword") == "社外秘");
  CHECK(test::evidence_int((*found)[0], "count") == 4);
  CHECK(test::evidence_int((*found)[0], "subject") == 1);
  CHECK(test::evidence_int((*found)[0], "body") == 2);
  CHECK(test::evidence_int((*found)[0], "attachment_names") == 1);
  CHECK(test::target_names(*f) == std::vector<std::string>{"社外秘_価格表.xlsx"});
}

TEST_CASE("a keyword in purely internal mail raises nothing unless the helpdesk asks") {
  const auto d = DraftBuilder().to({"colleague@corp.example"}).subject("【社外秘】来期計画");
  CHECK_FALSE(test::fired(test::check(d), "content.keyword"));
  CHECK(test::fired(test::check(d, R"({"rules": {"content.keyword": {"external_only": false}}})"), "content.keyword"));
}

TEST_CASE("an empty keyword list raises nothing") {
  CHECK_FALSE(
      test::fired(test::check(external().subject("【社外秘】"), R"({"lists": {"keywords": []}})"), "content.keyword"));
}

namespace {

constexpr std::string_view kPatterns = R"({"lists": {"keywords": [], "patterns": [
  "社員番号 = EMP-\\d{6}", "案件コード = PRJ-[A-Z]{2}-\\d{4}"]}})";

}  // namespace

TEST_CASE("a helpdesk pattern in the body fires content.keyword with the pattern's name and span") {
  const std::string body = "市川様\n\n担当者の社員番号は EMP-004711 です。\n";
  const Verdict v = test::check(external().body(body), kPatterns);
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  CHECK(f->message.ja.find("社員番号") != std::string::npos);
  CHECK(f->message.en.find("the pattern \"社員番号\"") != std::string::npos);
  const auto body_spans = spans(*f, Target::Kind::body);
  REQUIRE(body_spans.size() == 1);
  CHECK(body_spans[0]->quote == "EMP-004711");
  const ValueList* found = test::evidence_list(f->evidence, "patterns");
  REQUIRE(found != nullptr);
  REQUIRE(found->size() == 1);
  CHECK(*test::evidence_string((*found)[0], "pattern") == "社員番号");
  CHECK(*test::evidence_int((*found)[0], "count") == 1);
}

TEST_CASE("patterns match after folding: full-width and lower-case forms, and inside attachments") {
  // ＥＭＰ－００４７１１ folds to emp-004711; matching is case-insensitive.
  const Verdict v = test::check(
      external().body("社員番号：ＥＭＰ－００４７１１\n").attach("名簿.csv", "氏名,番号\n佐藤,prj-ab-1234\n"),
      kPatterns);
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  const ValueList* found = test::evidence_list(f->evidence, "patterns");
  REQUIRE(found != nullptr);
  CHECK(found->size() == 2);
  CHECK(!spans(*f, Target::Kind::attachment).empty());
  // A near miss does not fire: five digits.
  CHECK_FALSE(test::fired(test::check(external().body("EMP-00471 です\n"), kPatterns), "content.keyword"));
}

TEST_CASE("a bad pattern is refused with its JSON path and RE2's reason") {
  ProfileLoad load = load_profile(default_parameter_table(),
                                  R"({"lists": {"patterns": ["ok = \\d+", "broken = (unclosed", "no equals sign"]}})");
  REQUIRE(load.profile == nullptr);
  REQUIRE(load.problems.size() == 2);
  CHECK(load.problems[0].path == "/lists/patterns/1");
  CHECK(load.problems[0].message.en.find("missing )") != std::string::npos);
  CHECK(load.problems[1].path == "/lists/patterns/2");
  // More than kMaxPatterns: the list itself is refused.
  std::string many = R"({"lists": {"patterns": [)";
  for (std::size_t i = 0; i <= sg::text::kMaxPatterns; ++i)
    many += (i ? "," : "") + std::string("\"p = x") + std::to_string(i) + "\"";
  many += "]}}";
  ProfileLoad too_many = load_profile(default_parameter_table(), many);
  REQUIRE(too_many.profile == nullptr);
  CHECK(too_many.problems.at(0).path == "/lists/patterns");
}
