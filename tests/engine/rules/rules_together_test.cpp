// The rules together through sg::check: what a clean mail raises, weights, group caps, the catalog.
#include <doctest/doctest.h>

#include <set>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

TEST_CASE("a clean, ordinary external mail raises only recipient.external") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"田村 早紀 <s.tamura@seiyaku.example>"})
                                    .subject("お問い合わせへのご回答")
                                    .body("田村様\n\nいつも大変お世話になっております。\n山田です。\n\n"
                                          "先日お問い合わせいただきました件、担当部署に確認いたしました。\n"
                                          "現行品と同等の条件でご提供可能とのことです。\n\n"
                                          "よろしくお願いいたします。\n--\n株式会社コープ\n山田 太郎\n"
                                          "TEL 03-1234-5678\nE-mail: yamada@corp.example"));
  REQUIRE(v.findings.size() == 1);
  CHECK(v.findings[0].id == "recipient.external");
  CHECK(v.findings[0].severity == Severity::info);
  CHECK(v.action <= Action::confirm);
}

TEST_CASE("an external address written in both To and Cc counts as one recipient") {
  const Verdict v = test::check(DraftBuilder().to({"sato@client.example"}).cc({"Sato@client.example"}));
  const Finding* f = test::find(v, "recipient.external");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"sato@client.example"});
  CHECK(test::evidence_int(f->evidence, "count") == 1);
}

TEST_CASE("an internal mail between two configured subdomains raises nothing") {
  const Verdict v = test::check(DraftBuilder()
                                    .from("古川 <furukawa@hq.corp.example>")
                                    .to({"sakai@us.corp.example"})
                                    .cc({"kato@us.corp.example"})
                                    .subject("来週の出張予定")
                                    .body("酒井さん\n\n来週は大阪出張のため不在にします。\n"),
                                R"({"organization": {"internal_domains": ["hq.corp.example", "us.corp.example"]}})");
  CHECK(v.findings.empty());
  CHECK(v.action == Action::allow);
}

TEST_CASE("an announcement correctly in Bcc raises no alarm") {
  const Verdict v = test::check(
      DraftBuilder()
          .to({"yamada@corp.example"})
          .bcc(test::people(23, {"a.example", "b.example", "c.example", "d.example", "e.example", "f.example"}))
          .subject("臨時休業のお知らせ")
          .body("関係者各位\n\n11月6日（金）は臨時休業とさせていただきます。\n"));
  CHECK(test::alarms(v).empty());
}

TEST_CASE("weight 0 disables a finding and its score") {
  const auto d = DraftBuilder().to({"client@customer.example"}).attach("a.pdf");
  const Verdict on = test::check(d);
  const Verdict off = test::check(d, R"({"weights": {"attachment.unencrypted": 0}})");
  CHECK(test::fired(on, "attachment.unencrypted"));
  CHECK_FALSE(test::fired(off, "attachment.unencrypted"));
  CHECK(on.score == doctest::Approx(off.score + 3.0));
}

TEST_CASE("a group cap keeps many weak findings of one kind below its cap") {
  // watch 4 + freemail 3 + external 1 + mass_visible 10 = 18 recipient points, capped at 12.
  const Verdict v = test::check(DraftBuilder().to(test::people(5, {"gmail.com"})).cc({"x@partner.example"}),
                                R"({"lists": {"watch": ["partner.example"]}})");
  CHECK(test::fired(v, "recipient.watch"));
  CHECK(test::fired(v, "recipient.freemail"));
  CHECK(test::fired(v, "recipient.mass_visible"));
  CHECK(v.score == doctest::Approx(12.0));
  CHECK(v.action == Action::justify);
  const Verdict tight = test::check(DraftBuilder().to({"a@gmail.com"}).cc({"x@partner.example"}),
                                    R"({"lists": {"watch": ["partner.example"]}, "group_caps": {"recipient": 5}})");
  CHECK(tight.score == doctest::Approx(5.0));
}

TEST_CASE("messages follow the request's locale, Japanese and English") {
  const auto d = DraftBuilder().to({"a@gmail.com"});
  const Verdict ja = test::check(DraftBuilder(d).locale(Locale::ja));
  const Verdict en = test::check(DraftBuilder(d).locale(Locale::en));
  CHECK(ja.locale == Locale::ja);
  CHECK(en.locale == Locale::en);
  const Finding* f = test::find(en, "recipient.freemail");
  REQUIRE(f != nullptr);
  CHECK_FALSE(f->message.ja.empty());
  CHECK_FALSE(f->message.en.empty());
}

TEST_CASE("every rule declares its ids with a group, a default weight and descriptions in both languages") {
  const std::set<std::string> expected = {
      "recipient.external",         "recipient.mass_visible", "recipient.freemail",     "recipient.watch",
      "recipient.blocked",          "recipient.reply_drift",  "attachment.unencrypted", "attachment.forgotten",
      "attachment.risky_type",      "content.keyword",        "recipient.first_time",   "recipient.first_time_domain",
      "recipient.lookalike_domain", "recipient.same_name",    "recipient.outlier",      "content.pii",
      "content.greeting_mismatch",  "attachment.mismatch",    "attachment.unreadable"};
  std::set<std::string> declared;
  for (const Rule& r : all_rules()) {
    CHECK(static_cast<bool>(r.run));
    for (const FindingSpec& s : r.findings) {
      declared.insert(std::string(s.id));
      CHECK(s.default_weight > 0);
      CHECK_FALSE(s.description.ja.empty());
      CHECK_FALSE(s.description.en.empty());
      CHECK(s.id.starts_with(std::string(s.group) + "."));
    }
    for (const Parameter& p : r.options) {
      CHECK(p.pointer.starts_with("/rules/"));
      CHECK_FALSE(p.doc.ja.empty());
      CHECK_FALSE(p.doc.en.empty());
    }
  }
  for (const std::string& id : declared) CHECK_MESSAGE(expected.count(id) == 1, id);
  for (const std::string& id : expected) CHECK_MESSAGE(declared.count(id) == 1, id);
  const auto table = default_parameter_table();
  for (const std::string& id : expected) CHECK(table->index_of("/weights/" + id).has_value());
  for (const char* group : {"/group_caps/recipient", "/group_caps/attachment", "/group_caps/content"}) {
    CHECK(table->index_of(group).has_value());
  }
}

TEST_CASE("only recipient.blocked forces an action") {
  for (const Rule& r : all_rules()) {
    for (const FindingSpec& s : r.findings) {
      INFO(s.id);
      CHECK(s.forces.has_value() == (s.id == "recipient.blocked"));
    }
  }
}

TEST_CASE("with megabytes of attachment text the findings are the same, in rule order, as for a small one") {
  // Over 1 MiB of extracted text, content.pii runs on a second thread; its finding must land
  // where it would have in rule order, between content.keyword and content.greeting_mismatch.
  const auto draft = [](std::size_t rows) {
    std::string csv = "氏名,電話番号\n";
    for (std::size_t i = 0; i < rows; ++i)
      csv += "顧客" + std::to_string(i) + ",090-" + std::to_string(1000 + i % 9000) + "-5678\n";
    return DraftBuilder()
        .to({"佐藤 花子 <sato@client-a.example>"})
        .subject("【社外秘】名簿")
        .body("山田様\n\n名簿をお送りします。\n")
        .attach("名簿.csv", csv);
  };
  const auto ids = [](const Verdict& v) {
    std::vector<std::string> out;
    for (const Finding& f : v.findings) out.push_back(f.id);
    return out;
  };
  const Verdict small = test::check(draft(20));
  const Verdict big = test::check(draft(60'000));  // about 1.5 MB of text
  const std::vector<std::string> expected = {"recipient.external", "attachment.unencrypted", "content.keyword",
                                             "content.pii", "content.greeting_mismatch"};
  CHECK(ids(small) == expected);
  CHECK(ids(big) == expected);
  const Finding* pii = test::find(big, "content.pii");
  REQUIRE(pii != nullptr);
  CHECK(pii->severity == Severity::danger);
}
