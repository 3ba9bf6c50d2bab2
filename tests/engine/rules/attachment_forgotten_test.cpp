// attachment.forgotten: the sender's own words speak of an attachment and nothing is attached.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {

const Target& only_target(const Finding& f) {
  REQUIRE(f.targets.size() == 1);
  return f.targets.front();
}

bool forgotten(std::string body, ComposeType type = ComposeType::new_message) {
  return test::fired(test::check(DraftBuilder().to({"client@customer.example"}).compose(type).body(std::move(body))),
                     "attachment.forgotten");
}

}  // namespace

TEST_CASE("a Japanese mention is reported at code-point offsets, not byte offsets") {
  const std::string body =
      "高木様\n\nいつもお世話になっております。\n菜の花商事の川口でございます。\n\n"
      "ご依頼いただきました年間保守契約のお見積書を添付にてお送りいたします。\n"
      "ご確認のほど、よろしくお願いいたします。\n--\n菜の花商事株式会社\nTEL: 03-4034-2957";
  const Verdict v =
      test::check(DraftBuilder().to({"takagi@kensetsu.example"}).subject("お見積書送付のご案内").body(body));
  const Finding* f = test::find(v, "attachment.forgotten");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  const Target& t = only_target(*f);
  CHECK(t.kind == Target::Kind::body);
  CHECK(t.start == 60);  // the byte offset would be 170
  CHECK(t.end == 62);
  CHECK(t.quote == "添付");
  REQUIRE(f->suggestion.has_value());
  CHECK(f->suggestion->kind == Suggestion::Kind::attach_file);
  CHECK(v.action == Action::confirm);
}

TEST_CASE("an English mention is reported with its span") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"asanders@textiles.example"})
                                    .body("Hi Alexander,\n\nI hope all is well on your side.\n\nI'm attaching the "
                                          "draft contract for your review.\n\n"
                                          "Regards,\n-- \nYuko"));
  const Finding* f = test::find(v, "attachment.forgotten");
  REQUIRE(f != nullptr);
  const Target& t = only_target(*f);
  CHECK(t.start == 53);
  CHECK(t.end == 62);
  CHECK(t.quote == "attaching");
}

TEST_CASE("full-width letters are matched and quoted as written") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"k@freight.example"})
                                    .body("Dear Ms. Kubota,\n\nPlease see the ＡＴＴＡＣＨＥＤ quotation.\n"));
  const Finding* f = test::find(v, "attachment.forgotten");
  REQUIRE(f != nullptr);
  const Target& t = only_target(*f);
  CHECK(t.start == 33);
  CHECK(t.end == 41);
  CHECK(t.quote == "ＡＴＴＡＣＨＥＤ");
}

TEST_CASE("a reply whose only mention of an attachment is in the quoted history raises nothing") {
  CHECK_FALSE(forgotten(
      "水野様\n\n早速ご確認いただき、ありがとうございます。\nご指摘の点は修正いたします。\n--\nはやぶさ印刷\n\n"
      "2026/10/09 13:15 久保田 絵美 wrote:\n> 水野様\n>\n> 仕様書を添付いたしました。\n前回からの変更点は赤字です。",
      ComposeType::reply));
  CHECK_FALSE(
      forgotten("Thanks, will do.\n\nOn Mon, Oct 5, 2026 Riley <r@x.example> wrote:\n> Please find attached "
                "the form.",
                ComposeType::reply));
}

TEST_CASE("a mention in the signature raises nothing") {
  CHECK_FALSE(forgotten("佐藤様\n\n明日の件、承知しました。\n-- \n山田\n※添付ファイルは社外秘です"));
}

TEST_CASE("nothing fires when a file is attached") {
  const Verdict v =
      test::check(DraftBuilder().to({"client@customer.example"}).body("見積書を添付いたします。").attach("見積書.pdf"));
  CHECK_FALSE(test::fired(v, "attachment.forgotten"));
}

TEST_CASE("a mail that never speaks of an attachment raises nothing") {
  CHECK_FALSE(forgotten("佐藤様\n\n次回のお打合せは11月10日でいかがでしょうか。\n"));
  CHECK_FALSE(forgotten("Hi Sam,\n\nCould we move our review to Tuesday?\n"));
}

TEST_CASE("saying there is no attachment, or that it follows separately, cancels the mention") {
  CHECK_FALSE(forgotten("佐藤様\n\n本日は添付なしでご連絡のみです。\n"));
  CHECK_FALSE(forgotten("佐藤様\n\n資料は容量が大きいため添付しておりません。\n"));
  CHECK_FALSE(forgotten("佐藤様\n\n添付ファイルは別途送付いたします。\n"));
  CHECK_FALSE(forgotten("佐藤様\n\n資料は別メールで添付してお送りします。\n"));
  CHECK_FALSE(forgotten("佐藤様\n\n詳細資料の添付は省略いたします。\n"));
  CHECK_FALSE(forgotten("Hi Sam,\n\nThere is no attachment this time.\n"));
  CHECK_FALSE(forgotten("Hi Sam,\n\nI will send the attachment separately.\n"));
  CHECK_FALSE(forgotten("Hi Sam,\n\nI will send the attachment\nseparately tomorrow.\n"));
  CHECK_FALSE(forgotten("Hi Sam,\n\nI haven\u2019t attached the slides yet.\n"));
}

TEST_CASE("speaking of the other party's attachment is not a promise to attach") {
  CHECK_FALSE(forgotten("佐藤様\n\nご送付いただいた添付ファイルを確認いたしました。\n", ComposeType::reply));
  CHECK_FALSE(forgotten("佐藤様\n\n添付いただいた資料、拝見しました。\n", ComposeType::reply));
  CHECK_FALSE(forgotten("佐藤様\n\n添付の見積書を確認いたしました。ありがとうございます。\n", ComposeType::reply));
  CHECK_FALSE(forgotten("Hi Sam,\n\nThank you for your attachment.\n", ComposeType::reply));
  CHECK_FALSE(forgotten("Hi Sam,\n\nThe attachment you sent would not open.\n", ComposeType::reply));
  CHECK_FALSE(forgotten("Hi Sam,\n\nCould you attach the signed form?\n", ComposeType::reply));
  CHECK_FALSE(forgotten("Hi Sam,\n\nThanks, I have reviewed the attached contract.\n", ComposeType::reply));
}

TEST_CASE("a cancelled mention does not hide a real one in the next sentence") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"client@customer.example"})
                                    .body("佐藤様\n\nご送付いただいた資料を拝見しました。修正版を添付いたします。\n"));
  const Finding* f = test::find(v, "attachment.forgotten");
  REQUIRE(f != nullptr);
  CHECK(only_target(*f).quote == "添付");
}

TEST_CASE("English phrases match whole words only") {
  CHECK_FALSE(forgotten("Hi Sam,\n\nThe house is semi-detached and the garage is unattached.\n"));
  CHECK(forgotten("Hi Sam,\n\nPlease find attached the quotation.\n"));
  CHECK(forgotten("Hi Sam,\n\nEnclosed is the quotation.\n"));
}

TEST_CASE("one finding per draft: the first mention is the target and evidence lists every mention") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"client@customer.example"})
                                    .subject("【添付あり】見積書")
                                    .body("佐藤様\n\n見積書を添付します。\n別添の仕様書もご確認ください。\n"));
  REQUIRE(test::count_of(v, "attachment.forgotten") == 1);
  const Finding* f = test::find(v, "attachment.forgotten");
  CHECK(only_target(*f).kind == Target::Kind::body);
  CHECK(only_target(*f).quote == "添付");
  const ValueList* mentions = test::evidence_list(f->evidence, "mentions");
  REQUIRE(mentions != nullptr);
  REQUIRE(mentions->size() == 3);
  CHECK(*test::evidence_string((*mentions)[1], "quote") == "別添");
  CHECK(*test::evidence_string((*mentions)[2], "part") == "subject");
}

TEST_CASE("a new message's subject alone can speak of an attachment; a reply's subject cannot") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"client@customer.example"})
                                    .subject("【添付】見積書")
                                    .body("佐藤様\n\nよろしくお願いします。\n"));
  const Finding* f = test::find(v, "attachment.forgotten");
  REQUIRE(f != nullptr);
  const Target& t = only_target(*f);
  CHECK(t.kind == Target::Kind::subject);
  CHECK(t.start == 1);
  CHECK(t.end == 3);
  const Verdict r = test::check(DraftBuilder()
                                    .compose(ComposeType::reply)
                                    .to({"client@customer.example"})
                                    .subject("Re: 【添付】見積書")
                                    .body("佐藤様\n\n承知しました。\n"));
  CHECK_FALSE(test::fired(r, "attachment.forgotten"));
  const Verdict n = test::check(
      DraftBuilder().to({"client@customer.example"}).subject("RE: 資料添付の件").body("佐藤様\n\n承知しました。\n"));
  CHECK_FALSE(test::fired(n, "attachment.forgotten"));
}

TEST_CASE("an HTML-only body is checked through the text derived from it") {
  const Verdict v = test::check(
      DraftBuilder().to({"client@customer.example"}).html("<p>佐藤様</p><p>資料を<b>添付</b>いたします。</p>"));
  CHECK(test::fired(v, "attachment.forgotten"));
}

TEST_CASE("the phrases and negations come from the profile") {
  const auto d = DraftBuilder().to({"client@customer.example"}).body("佐藤様\n\n資料を送付いたします。\n");
  CHECK_FALSE(test::fired(test::check(d), "attachment.forgotten"));
  CHECK(test::fired(test::check(d, R"({"rules": {"attachment.forgotten": {"phrases": ["資料を送付"]}}})"),
                    "attachment.forgotten"));
  const auto e = DraftBuilder().to({"client@customer.example"}).body("佐藤様\n\n添付は郵送にてお送りします。\n");
  CHECK(test::fired(test::check(e), "attachment.forgotten"));
  CHECK_FALSE(test::fired(test::check(e, R"({"rules": {"attachment.forgotten": {"negations": ["郵送"]}}})"),
                          "attachment.forgotten"));
}

TEST_CASE("weight 0 disables the forgotten-attachment check") {
  const Verdict v = test::check(DraftBuilder().to({"client@customer.example"}).body("資料を添付します。"),
                                R"({"weights": {"attachment.forgotten": 0}})");
  CHECK_FALSE(test::fired(v, "attachment.forgotten"));
}
