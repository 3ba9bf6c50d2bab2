// The history rules (first_time, first_time_domain, lookalike_domain, same_name, outlier) on
// small histories kept in a real SQLite store: each firing and not firing.
#include <doctest/doctest.h>

#include "draft_builder.h"
#include "store/history.h"
#include "support/files.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {

constexpr std::string_view kSender = "yamada@corp.example";
constexpr std::string_view kInternal = R"({"organization": {"internal_domains": ["corp.example"]}})";

// A sender's history in a temporary database, and checks against it.
class HistoryFixture {
 public:
  HistoryFixture()
      : db_(std::move(store::Database::open(dir_.path() / "h.db")).value()),
        history_(std::move(store::History::open(db_)).value()) {}

  // One sent message to these mailboxes, `times` times.
  void sent(std::initializer_list<std::string_view> mailboxes, int times = 1) {
    std::vector<store::SentRecipient> rs;
    for (std::string_view m : mailboxes) {
      const Address a = test::addr(m);
      rs.push_back({a.key(), a.domain_ascii, a.name});
    }
    for (int i = 0; i < times; ++i) REQUIRE(history_.record_sent(kSender, 1'700'000'000 + ++clock_, rs).ok());
  }

  Verdict check(const DraftBuilder& d, std::string_view overrides = kInternal) {
    std::vector<store::DraftRecipient> rs;
    for (Field f : {Field::to, Field::cc, Field::bcc}) {
      for (const Address& a : d.draft().field(f)) rs.push_back({a.key(), a.domain_ascii, a.name});
    }
    auto facts = history_.facts_for(d.draft().from->key(), rs);
    REQUIRE(facts.ok());
    return sg::check(d.draft(), *test::profile(overrides), &*facts);
  }

 private:
  test::TempDir dir_;
  store::Database db_;
  store::History history_;
  int clock_ = 0;
};

}  // namespace

TEST_CASE("first_time: a new address at a known domain fires, a long-standing contact never does") {
  HistoryFixture h;
  h.sent({"佐藤 花子 <sato@client-a.example>"}, 12);
  h.sent({"鈴木 一郎 <suzuki@client-a.example>"});
  const Verdict v = h.check(DraftBuilder().to({"岡本 哲也 <okamoto@client-a.example>", "sato@client-a.example"}));
  const Finding* f = test::find(v, "recipient.first_time");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"okamoto@client-a.example"});
  CHECK(f->severity == Severity::warning);
  CHECK(v.action == Action::confirm);  // a new contact alone asks, it does not block
  const ValueList* listed = test::evidence_list(f->evidence, "recipients");
  REQUIRE(listed != nullptr);
  CHECK(test::evidence_int(listed->front(), "domain_messages") == 13);
  // The verdict's recipients say who is new.
  for (const RecipientView& r : v.recipients) CHECK(*r.first_time == (r.address.local == "okamoto"));

  const Verdict known = h.check(DraftBuilder().to({"sato@client-a.example", "SUZUKI@Client-A.example"}));
  CHECK_FALSE(test::fired(known, "recipient.first_time"));
  CHECK_FALSE(test::fired(known, "recipient.first_time_domain"));
}

TEST_CASE("first_time stays quiet without a history, and for internal colleagues by default") {
  HistoryFixture empty;
  CHECK_FALSE(test::fired(empty.check(DraftBuilder().to({"x@client-a.example"})), "recipient.first_time"));
  CHECK_FALSE(test::fired(empty.check(DraftBuilder().to({"x@client-a.example"})), "recipient.first_time_domain"));

  HistoryFixture h;
  h.sent({"tanaka@corp.example"});
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"new.colleague@corp.example"})), "recipient.first_time"));
  const std::string include =
      R"({"organization": {"internal_domains": ["corp.example"]}, "rules": {"recipient.first_time": {"include_internal": true}}})";
  CHECK(test::fired(h.check(DraftBuilder().to({"new.colleague@corp.example"}), include), "recipient.first_time"));
  // The option raises the bar: with a history of 1 message and a minimum of 50, nothing fires.
  const std::string high =
      R"({"organization": {"internal_domains": ["corp.example"]}, "rules": {"recipient.first_time_domain": {"min_history_messages": 50}}})";
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"a@other.example"}), high), "recipient.first_time_domain"));
}

TEST_CASE("first_time_domain: an organisation never written to; a genuinely new partner is not a look-alike") {
  HistoryFixture h;
  h.sent({"石田 学 <ishida@tancho-unyu.example>"}, 4);
  const Verdict v = h.check(DraftBuilder().to({"工藤 徹 <kudo@tancho-seiki.example>"}));
  const Finding* f = test::find(v, "recipient.first_time_domain");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"kudo@tancho-seiki.example"});
  CHECK_FALSE(test::fired(v, "recipient.first_time"));  // the domain finding covers the address
  CHECK_FALSE(test::fired(v, "recipient.lookalike_domain"));
  CHECK(v.action == Action::confirm);
}

TEST_CASE("lookalike_domain: a typo, a swapped suffix and the internal domain, with the intended address") {
  HistoryFixture h;
  h.sent({"安田 直美 <naomi.yasuda@nanamisekkei.example>"}, 6);
  h.sent({"上野 京子 <uenok@ruriinsatsu.co.jp>"}, 3);
  {
    const Verdict v = h.check(DraftBuilder().to({"安田 直美 <naomi.yasuda@nanamisekei.example>"}));
    const Finding* f = test::find(v, "recipient.lookalike_domain");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::danger);
    CHECK(*test::evidence_string(f->evidence, "resembles") == "nanamisekkei.example");
    CHECK(*test::evidence_string(f->evidence, "kind") == "typo");
    REQUIRE(f->suggestion.has_value());
    CHECK(f->suggestion->kind == Suggestion::Kind::replace_recipient);
    CHECK(f->suggestion->with == "naomi.yasuda@nanamisekkei.example");
    CHECK_FALSE(test::fired(v, "recipient.first_time_domain"));  // one reason per recipient
    CHECK(v.action >= Action::justify);
  }
  {
    const Verdict v = h.check(DraftBuilder().to({"uenok@ruriinsatsu.jp"}));
    const Finding* f = test::find(v, "recipient.lookalike_domain");
    REQUIRE(f != nullptr);
    CHECK(*test::evidence_string(f->evidence, "kind") == "swapped_suffix");
  }
  {
    // The internal domain is known without any history.
    HistoryFixture empty;
    const Verdict v = empty.check(DraftBuilder().to({"sato@nanohana-syoji.example"}),
                                  R"({"organization": {"internal_domains": ["nanohana-shoji.example"]}})");
    const Finding* f = test::find(v, "recipient.lookalike_domain");
    REQUIRE(f != nullptr);
    CHECK(*test::evidence_string(f->evidence, "resembles") == "nanohana-shoji.example");
  }
  // The known domain itself, and a subdomain of it, are not look-alikes.
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"x@nanamisekkei.example"})), "recipient.lookalike_domain"));
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"x@mail.nanamisekkei.example"})), "recipient.lookalike_domain"));
}

TEST_CASE("same_name: the display name of a known contact at another address, across width and spacing") {
  HistoryFixture h;
  h.sent({"工藤 絵美 <emi.kudo@ibuki-giken.example>"}, 3);
  h.sent({"Ren Kubota <kubotar@silverline-media.example>"}, 3);
  {
    const Verdict v = h.check(DraftBuilder().to({"工藤絵美 <kudoe@hayabusa-kensetsu.example>"}));
    const Finding* f = test::find(v, "recipient.same_name");
    REQUIRE(f != nullptr);
    CHECK(test::target_addresses(*f) == std::vector<std::string>{"kudoe@hayabusa-kensetsu.example"});
    CHECK(*test::evidence_string(f->evidence, "known_address") == "emi.kudo@ibuki-giken.example");
    REQUIRE(f->suggestion.has_value());
    CHECK(f->suggestion->with == "emi.kudo@ibuki-giken.example");
  }
  CHECK(test::fired(h.check(DraftBuilder().to({"Kubota Ren <kubota-r@westmarch.example>"})), "recipient.same_name"));
  // The known address itself, a different name, or both addresses on purpose: no finding.
  CHECK_FALSE(
      test::fired(h.check(DraftBuilder().to({"工藤 絵美 <emi.kudo@ibuki-giken.example>"})), "recipient.same_name"));
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"工藤 一郎 <kudo.i@hayabusa.example>"})), "recipient.same_name"));
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"工藤 絵美 <emi.kudo@ibuki-giken.example>",
                                                     "工藤 絵美 <emi.private@hayabusa.example>"})),
                          "recipient.same_name"));
}

TEST_CASE("same_name: a name shared by many known addresses says nothing") {
  HistoryFixture h;
  for (const char* a : {"info@a.example", "info@b.example", "info@c.example", "info@d.example"}) {
    h.sent({a});
  }
  h.sent({"営業部 <eigyo@a.example>"});
  h.sent({"営業部 <eigyo@b.example>"});
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"営業部 <eigyo@e.example>"})), "recipient.same_name"));
}

TEST_CASE("outlier: the known contact who has never been on a mail with the group") {
  HistoryFixture h;
  h.sent({"mizuno@ruri.example", "ichikawa.yuka@ruri.example", "kawaguchi@corp.example"}, 5);
  h.sent({"ichikawa.ren@akane.example", "hirano@akane.example"}, 4);
  const Verdict v = h.check(DraftBuilder()
                                .to({"mizuno@ruri.example", "ichikawa.yuka@ruri.example"})
                                .cc({"kawaguchi@corp.example", "ichikawa.ren@akane.example"}));
  const Finding* f = test::find(v, "recipient.outlier");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"ichikawa.ren@akane.example"});
  CHECK(test::evidence_int(f->evidence, "messages_with_the_others") == 0);
  REQUIRE(f->suggestion.has_value());
  CHECK(f->suggestion->kind == Suggestion::Kind::remove_recipient);
  CHECK(test::count_of(v, "recipient.outlier") == 1);

  // Having been on a mail with an internal colleague who is copied everywhere does not make the
  // recipient belong with the external group.
  h.sent({"ichikawa.ren@akane.example", "kawaguchi@corp.example"});
  CHECK(test::fired(h.check(DraftBuilder()
                                .to({"mizuno@ruri.example", "ichikawa.yuka@ruri.example"})
                                .cc({"kawaguchi@corp.example", "ichikawa.ren@akane.example"})),
                    "recipient.outlier"));
  // Colleagues alone are not a group to stand out from.
  HistoryFixture colleagues;
  colleagues.sent({"a@corp.example", "b@corp.example"}, 3);
  colleagues.sent({"client@far.example"});
  CHECK_FALSE(
      test::fired(colleagues.check(DraftBuilder().to({"a@corp.example", "b@corp.example", "client@far.example"})),
                  "recipient.outlier"));

  // The usual group alone, or a group that has never been together: no outlier.
  CHECK_FALSE(test::fired(
      h.check(DraftBuilder().to({"mizuno@ruri.example", "ichikawa.yuka@ruri.example", "kawaguchi@corp.example"})),
      "recipient.outlier"));
  HistoryFixture loose;
  loose.sent({"a@x.example"});
  loose.sent({"b@y.example"});
  loose.sent({"c@z.example"});
  CHECK_FALSE(
      test::fired(loose.check(DraftBuilder().to({"a@x.example", "b@y.example", "c@z.example"})), "recipient.outlier"));
  // A colleague of the group (same domain) is not an outlier even if never with them before.
  h.sent({"boss@ruri.example"});
  CHECK_FALSE(test::fired(
      h.check(DraftBuilder().to({"mizuno@ruri.example", "ichikawa.yuka@ruri.example", "boss@ruri.example"})),
      "recipient.outlier"));
}

TEST_CASE("after a send is learned, the same address is no longer first-time") {
  HistoryFixture h;
  h.sent({"sato@client-a.example"});
  CHECK(test::fired(h.check(DraftBuilder().to({"kato@client-a.example"})), "recipient.first_time"));
  h.sent({"kato@client-a.example"});
  CHECK_FALSE(test::fired(h.check(DraftBuilder().to({"kato@client-a.example"})), "recipient.first_time"));
}

TEST_CASE("attachment.mismatch: organisations the history learned from display names tell where a named company is") {
  HistoryFixture h;
  h.sent({"\"佐野 哲也 (株式会社みなと物産)\" <t.sano@minato-bussan.example>"}, 3);
  h.sent({"\"田村 直美 (若葉物産株式会社)\" <tamura-n@wakaba-bussan.example>"}, 2);
  // A bare address at 若葉物産 and the file for みなと物産: the history knows both.
  const auto draft = [](std::string_view to, std::string_view file) {
    return DraftBuilder().to({std::string(to)}).body("資料を添付します。\n").attach(std::string(file));
  };
  const Verdict v = h.check(draft("info@wakaba-bussan.example", "見積書_株式会社みなと物産御中.xlsx"));
  const Finding* f = test::find(v, "attachment.mismatch");
  REQUIRE(f != nullptr);
  CHECK(f->message.ja.find("minato-bussan.example") != std::string::npos);
  CHECK(f->message.ja.find("若葉物産") != std::string::npos);
  // To みなと物産 itself, at an address never written to: quiet.
  CHECK_FALSE(test::fired(h.check(draft("new@minato-bussan.example", "見積書_株式会社みなと物産御中.xlsx")),
                          "attachment.mismatch"));
  // Without the history the same mail says nothing about its recipient: quiet.
  CHECK_FALSE(test::fired(test::check(draft("info@wakaba-bussan.example", "見積書_株式会社みなと物産御中.xlsx")),
                          "attachment.mismatch"));
}
