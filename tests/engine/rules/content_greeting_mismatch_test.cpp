// content.greeting_mismatch: the salutation names a person who is none of the recipients.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {

constexpr std::string_view kId = "content.greeting_mismatch";

struct Span {
  std::size_t start;
  std::size_t end;
  std::string quote;
  bool operator==(const Span&) const = default;
};

std::vector<Span> spans(const Finding& f) {
  std::vector<Span> out;
  for (const Target& t : f.targets) {
    if (t.kind == Target::Kind::body) out.push_back({t.start, t.end, t.quote.value_or("")});
  }
  return out;
}

}  // namespace

TEST_CASE("荒木様 to 古川 修 fires at the greeting, in both languages") {
  const Verdict v =
      test::check(DraftBuilder()
                      .to({"古川 修 <furukawa_osamu@asanagi-kanko.test>"})
                      .body("荒木様\n\nいつも大変お世話になっております。\n菜の花商事株式会社の佐野です。\n"));
  const Finding* f = test::find(v, kId);
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  CHECK(f->group == "content");
  CHECK(f->score == doctest::Approx(6.0));
  CHECK(spans(*f) == std::vector<Span>{{0, 3, "荒木様"}});
  CHECK(f->message.ja == "本文の宛名『荒木様』は宛先のだれでもありません。宛先と本文の宛名を確認してください");
  CHECK(f->message.en ==
        "The mail is addressed to 荒木様 in the text, but 荒木 is none of the recipients; check the recipients and "
        "the greeting");
  CHECK(!f->suggestion.has_value());
  const ValueList* addressees = test::evidence_list(f->evidence, "addressees");
  REQUIRE(addressees != nullptr);
  REQUIRE(addressees->size() == 1);
  CHECK(*test::evidence_string((*addressees)[0], "addressee") == "荒木様");
  CHECK(*test::evidence_string((*addressees)[0], "name") == "荒木");
  const ValueList* checked = test::evidence_list(f->evidence, "recipients_checked");
  REQUIRE(checked != nullptr);
  REQUIRE(checked->size() == 1);
  CHECK(std::get<std::string>((*checked)[0].storage()) == "furukawa_osamu@asanagi-kanko.test");
}

TEST_CASE("an organisation line and a department before the wrong person still fire at the person") {
  const Verdict v =
      test::check(DraftBuilder()
                      .to({"佐々木 裕子 <sasaki-y@nanamisekkei.example>"})
                      .body("株式会社いぶき情報システム\n営業部 小島様\n\nご連絡ありがとうございます。\n"));
  const Finding* f = test::find(v, kId);
  REQUIRE(f != nullptr);
  CHECK(spans(*f) == std::vector<Span>{{18, 21, "小島様"}});
}

TEST_CASE("Dear Mr. Maeda to Alexander Nguyen fires with the title in the span") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"Alexander Nguyen <anguyen@westmarch-textiles.example>"})
                                    .body("Dear Mr. Maeda,\n\nI hope all is well on your side.\n\nRegards,\n"));
  const Finding* f = test::find(v, kId);
  REQUIRE(f != nullptr);
  CHECK(spans(*f) == std::vector<Span>{{5, 14, "Mr. Maeda"}});
  CHECK(f->message.en ==
        "The mail is addressed to Mr. Maeda in the text, but Maeda is none of the recipients; check the recipients "
        "and the greeting");
}

TEST_CASE("the right person in other spellings raises nothing") {
  struct Case {
    const char* to;
    const char* body;
  };
  for (const Case& c : {
           Case{"水野 伸之 <mizunon@nanamisekkei.example>",
                "株式会社七海設計\n総務部\n水野伸之様\n\nいつもお世話になっております。"},
           Case{"大塚 智也 <t.ootsuka@asanagi-kanko.test>",
                "株式会社朝凪観光\nおおつか様\n\nご連絡ありがとうございます。"},
           Case{"大塚 智也 <t.ootsuka@asanagi-kanko.test>", "オオツカ様\n\nご連絡ありがとうございます。"},
           Case{"大塚 智也 <t.ootsuka@asanagi-kanko.test>", "Dear Mr. Otsuka,\n\nThank you for your reply."},
           Case{"松井 沙織 <matsuis@asanagi-kanko.test>",
                "株式会社朝凪観光\n購買部 松井様\n\nご連絡ありがとうございます。"},
           Case{"松井 沙織 <matsuis@asanagi-kanko.test>",
                "株式会社朝凪観光 購買部 松井様\n\nご連絡ありがとうございます。"},
           Case{"John Smith <john.smith@example.com>", "Hi John,\n\nI hope you had a good week."},
           Case{"前田 <maeda@example.co.jp>", "ＭＡＥＤＡ様\n\nお世話になっております。"},
           Case{"辻 大輔 <tsujid@ibukiseisakusho.example>", "辻さん\n\nお疲れさまです。"},
           Case{"三浦 裕子 <y.miura@shirakaba-kensetsu.test>", "白樺建設株式会社\n三浦 裕子様\n\n"},
           Case{"Ren Kubota <kubota-r@westmarch-textiles.example>", "Dear Mr. Kubota,\n\nI hope you had a good week."},
       }) {
    CAPTURE(c.to);
    CAPTURE(c.body);
    const Verdict v = test::check(DraftBuilder().to({c.to}).body(c.body));
    CHECK(!test::fired(v, kId));
  }
}

TEST_CASE("groups never fire") {
  for (const char* body : {"各位\n\nお世話になっております。", "関係者各位\n\nお世話になっております。",
                           "ご担当者様\n\nお世話になっております。", "Dear all,\n\nPlease find the agenda below.",
                           "To whom it may concern,\n\nThis is to confirm the order."}) {
    CAPTURE(body);
    const Verdict v = test::check(DraftBuilder().to({"古川 修 <furukawa_osamu@asanagi-kanko.test>"}).body(body));
    CHECK(!test::fired(v, kId));
  }
}

TEST_CASE("a greeting only in the quoted history raises nothing") {
  const Verdict v =
      test::check(DraftBuilder()
                      .to({"古川 修 <furukawa_osamu@asanagi-kanko.test>"})
                      .compose(ComposeType::reply)
                      .body("承知しました。\n\n2026年10月1日 古川 修 <furukawa_osamu@asanagi-kanko.test>:\n> 山田様\n> "
                            "お世話になっております。\n"));
  CHECK(!test::fired(v, kId));
}

TEST_CASE("of two names only the one who is no recipient fires") {
  const Verdict v = test::check(
      DraftBuilder().to({"佐藤 花子 <sato@client-a.example>"}).body("佐藤様、鈴木様\n\nお世話になっております。\n"));
  const Finding* f = test::find(v, kId);
  REQUIRE(f != nullptr);
  CHECK(spans(*f) == std::vector<Span>{{4, 7, "鈴木様"}});
  CHECK(test::count_of(v, kId) == 1);

  const Verdict both = test::check(
      DraftBuilder().to({"田中 一郎 <tanaka@client-a.example>"}).body("佐藤様、鈴木様\n\nお世話になっております。\n"));
  const Finding* g = test::find(both, kId);
  REQUIRE(g != nullptr);
  CHECK(spans(*g).size() == 2);
  CHECK(g->message.ja ==
        "本文の宛名『佐藤様』『鈴木様』は宛先のだれでもありません。宛先と本文の宛名を確認してください");
}

TEST_CASE("the named person in Cc or Bcc is a recipient too") {
  const char* body = "山田様\n\nお世話になっております。\n";
  CHECK(!test::fired(test::check(DraftBuilder()
                                     .to({"佐藤 花子 <sato@client-a.example>"})
                                     .cc({"山田 次郎 <jiro.yamada@client-a.example>"})
                                     .body(body)),
                     kId));
  CHECK(!test::fired(test::check(DraftBuilder()
                                     .to({"佐藤 花子 <sato@client-a.example>"})
                                     .bcc({"山田 次郎 <jiro.yamada@client-a.example>"})
                                     .body(body)),
                     kId));
  CHECK(test::fired(test::check(DraftBuilder()
                                    .to({"佐藤 花子 <sato@client-a.example>"})
                                    .cc({"鈴木 一郎 <suzuki@client-a.example>"})
                                    .body(body)),
                    kId));
}

TEST_CASE("a recipient that cannot be compared keeps the rule quiet") {
  const char* body = "山田様\n\nお世話になっております。\n";
  // No display name and a role address: it may well be 山田's.
  CHECK(!test::fired(test::check(DraftBuilder().to({"info@client-a.example"}).body(body)), kId));
  // One comparable recipient who is someone else and one who cannot be told: still quiet.
  CHECK(!test::fired(
      test::check(DraftBuilder().to({"佐藤 花子 <sato@client-a.example>", "info@client-b.example"}).body(body)), kId));
  // A kanji name against a Latin-only recipient: no reading to compare.
  CHECK(!test::fired(test::check(DraftBuilder().to({"Taro Suzuki <taro@client-a.example>"}).body(body)), kId));
  // A romaji name against an address that names someone: that is a mismatch.
  CHECK(test::fired(
      test::check(DraftBuilder().to({"furukawa_osamu@client-a.example"}).body("Dear Ms. Sato,\n\nThanks.")), kId));
}

TEST_CASE("an organisation addressee alone never fires") {
  const Verdict v = test::check(
      DraftBuilder().to({"古川 修 <furukawa_osamu@asanagi-kanko.test>"}).body("株式会社いぶき情報システム 御中\n\n"));
  CHECK(!test::fired(v, kId));
}

TEST_CASE("a weight of 0 disables the rule") {
  const Verdict v = test::check(DraftBuilder().to({"古川 修 <furukawa_osamu@asanagi-kanko.test>"}).body("荒木様\n\n"),
                                R"({"weights": {"content.greeting_mismatch": 0}})");
  CHECK(!test::fired(v, kId));
}

TEST_CASE("the offsets count code points of an HTML-only body's derived text") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"古川 修 <furukawa_osamu@asanagi-kanko.test>"})
                                    .html("<p>荒木様</p><p>いつもお世話になっております。</p>"));
  const Finding* f = test::find(v, kId);
  REQUIRE(f != nullptr);
  REQUIRE(spans(*f).size() == 1);
  CHECK(spans(*f)[0].quote == "荒木様");
}
