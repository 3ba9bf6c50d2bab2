// The per-sender history: recording sent mail, the queries, the pair cap, forget and imports.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "store/history.h"
#include "store/sqlite.h"
#include "support/files.h"

using sg::store::Database;
using sg::store::History;
using sg::store::SentRecipient;
using sg::store::Statement;

namespace {

struct Fixture {
  sg::test::TempDir dir;
  Database db = std::move(Database::open(dir.path() / "h.db")).value();
  History history = std::move(History::open(db)).value();

  std::int64_t rows(const std::string& sql) {
    auto s = Statement::prepare(db, sql);
    REQUIRE(s.ok());
    REQUIRE(s->step().ok());
    return s->column_int64(0);
  }
};

SentRecipient r(std::string address, std::string name = {}) {
  const auto at = address.find('@');
  std::string domain = address.substr(at + 1);
  return SentRecipient{std::move(address), std::move(domain), std::move(name)};
}

constexpr std::string_view kMe = "me@example.co.jp";

}  // namespace

TEST_CASE_FIXTURE(Fixture, "record_sent then the queries") {
  REQUIRE(history.record_sent(kMe, 1000, {r("sato@a.example", "佐藤 一郎"), r("suzuki@b.example")}).ok());
  REQUIRE(history.record_sent(kMe, 500, {r("sato@a.example", "Sato Ichiro"), r("tanaka@a.example")}).ok());
  REQUIRE(history.record_sent(kMe, 2000, {r("sato@a.example", "佐藤 一郎"), r("sato@a.example", "佐藤 一郎")}).ok());

  CHECK(*history.seen_address(kMe, "sato@a.example"));
  CHECK_FALSE(*history.seen_address(kMe, "nobody@a.example"));
  CHECK_FALSE(*history.seen_address("other@example.co.jp", "sato@a.example"));  // per sender

  const auto sato = history.contact(kMe, "sato@a.example");
  REQUIRE(sato.ok());
  CHECK(sato->known);
  CHECK(sato->first_used == 500);  // imports may arrive out of order
  CHECK(sato->last_used == 2000);
  CHECK(sato->count == 3);  // listed twice in one message counts once
  REQUIRE(sato->names.size() == 2);
  CHECK(sato->names[0].name == "佐藤 一郎");
  CHECK(sato->names[0].count == 2);
  CHECK(sato->names[0].last_used == 2000);
  CHECK(sato->names[1].name == "Sato Ichiro");

  const auto nobody = history.contact(kMe, "nobody@a.example");
  REQUIRE(nobody.ok());
  CHECK_FALSE(nobody->known);
  CHECK(nobody->count == 0);
  CHECK(nobody->names.empty());

  CHECK(*history.domain_count(kMe, "a.example") == 3);  // once per message, not per recipient
  CHECK(*history.domain_count(kMe, "b.example") == 1);
  CHECK(*history.domain_count(kMe, "c.example") == 0);

  CHECK(*history.pair_count(kMe, "sato@a.example", "suzuki@b.example") == 1);
  CHECK(*history.pair_count(kMe, "sato@a.example", "tanaka@a.example") == 1);
  CHECK(*history.pair_count(kMe, "suzuki@b.example", "tanaka@a.example") == 0);
  CHECK(*history.pair_count(kMe, "sato@a.example", "sato@a.example") == 0);
}

TEST_CASE_FIXTURE(Fixture, "pairs are symmetric and stored once, ordered") {
  REQUIRE(history.record_sent(kMe, 10, {r("z@x.example"), r("a@x.example"), r("m@x.example")}).ok());
  REQUIRE(history.record_sent(kMe, 20, {r("a@x.example"), r("z@x.example")}).ok());
  CHECK(*history.pair_count(kMe, "a@x.example", "z@x.example") == 2);
  CHECK(*history.pair_count(kMe, "z@x.example", "a@x.example") == 2);
  CHECK(*history.pair_count(kMe, "m@x.example", "a@x.example") == 1);
  CHECK(rows("SELECT count(*) FROM pairs") == 3);
  CHECK(rows("SELECT count(*) FROM pairs WHERE a >= b") == 0);
  CHECK(
      rows("SELECT max(p.last_used) FROM pairs p JOIN addresses x ON x.id = p.a JOIN addresses y ON y.id = p.b "
           "WHERE (x.address, y.address) IN (VALUES ('a@x.example', 'z@x.example'), ('z@x.example', 'a@x.example'))") ==
      20);
  CHECK(rows("SELECT count(*) FROM addresses") == 4);  // each address stored once, the sender's too
}

TEST_CASE_FIXTURE(Fixture, "pairs are formed among the first kMaxPairRecipients recipients only") {
  std::vector<SentRecipient> many;
  const std::size_t n = sg::store::kMaxPairRecipients + 50;
  for (std::size_t i = 0; i < n; ++i) many.push_back(r("p" + std::to_string(i) + "@list.example"));
  REQUIRE(history.record_sent(kMe, 1, many).ok());
  const auto cap = static_cast<std::int64_t>(sg::store::kMaxPairRecipients);
  CHECK(rows("SELECT count(*) FROM pairs") == cap * (cap - 1) / 2);
  CHECK(rows("SELECT count(*) FROM contacts") == static_cast<std::int64_t>(n));  // all are contacts
  CHECK(*history.pair_count(kMe, "p0@list.example", "p199@list.example") == 1);
  CHECK(*history.pair_count(kMe, "p0@list.example", "p200@list.example") == 0);
  CHECK(*history.seen_address(kMe, "p249@list.example"));
}

TEST_CASE_FIXTURE(Fixture, "forget removes the address from contacts, names and pairs for every sender") {
  for (const std::string_view sender : {kMe, std::string_view("other@example.co.jp")}) {
    REQUIRE(history.record_sent(sender, 1, {r("gone@a.example", "消す人"), r("stay@a.example", "残る人")}).ok());
    REQUIRE(history.record_sent(sender, 2, {r("stay@a.example"), r("also@b.example")}).ok());
  }
  REQUIRE(history.forget("gone@a.example").ok());
  CHECK(rows("SELECT count(*) FROM addresses WHERE address = 'gone@a.example'") == 0);
  CHECK(rows("SELECT count(*) FROM contacts") == 4);       // stay and also, for each sender
  CHECK(rows("SELECT count(*) FROM contact_names") == 2);  // 残る人, for each sender
  CHECK(rows("SELECT count(*) FROM pairs") == 2);          // stay with also, for each sender
  CHECK(rows("SELECT count(*) FROM contacts WHERE address NOT IN (SELECT id FROM addresses)") == 0);
  CHECK_FALSE(*history.seen_address(kMe, "gone@a.example"));
  CHECK(*history.seen_address(kMe, "stay@a.example"));
  CHECK(*history.pair_count("other@example.co.jp", "stay@a.example", "also@b.example") == 1);
  CHECK(history.contact(kMe, "stay@a.example")->names.size() == 1);
  CHECK(db.autocommit());
  // secure_delete: the name is gone from the file's bytes too (the WAL was checkpointed).
  const std::string bytes = sg::test::read_text(dir.path() / "h.db");
  CHECK(bytes.find("消す人") == std::string::npos);
  CHECK(bytes.find("gone@a.example") == std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "forgetting a sender's own address removes that sender's whole history") {
  REQUIRE(history.record_sent("leaver@corp.example", 1, {r("a@x.example", "甲"), r("b@y.example")}).ok());
  REQUIRE(history.record_sent(kMe, 2, {r("leaver@corp.example"), r("a@x.example")}).ok());
  REQUIRE(history.forget("leaver@corp.example").ok());
  // What is left is kMe's: a@x.example as a contact, its domains, its message count.
  CHECK(rows("SELECT count(*) FROM addresses WHERE address = 'leaver@corp.example'") == 0);
  CHECK(rows("SELECT count(*) FROM contacts") == 1);
  CHECK(rows("SELECT count(*) FROM contact_names") == 0);
  CHECK(rows("SELECT count(*) FROM pairs") == 0);
  CHECK(rows("SELECT count(*) FROM domains") == 2);
  CHECK(rows("SELECT count(*) FROM senders") == 1);
  CHECK(*history.seen_address(kMe, "a@x.example"));
  CHECK(*history.sender_messages(kMe) == 1);
}

TEST_CASE_FIXTURE(Fixture, "mark_imported and import_sent are idempotent") {
  CHECK(*history.mark_imported("<a@mid>"));
  CHECK_FALSE(*history.mark_imported("<a@mid>"));
  CHECK(*history.mark_imported("<b@mid>"));

  CHECK(*history.import_sent("<c@mid>", kMe, 5, {r("x@c.example")}));
  CHECK_FALSE(*history.import_sent("<c@mid>", kMe, 5, {r("x@c.example")}));
  CHECK(history.contact(kMe, "x@c.example")->count == 1);
  CHECK(db.autocommit());
}

TEST_CASE_FIXTURE(Fixture, "record_sent inside a caller's transaction that rolls back leaves nothing") {
  {
    auto tx = sg::store::Transaction::begin(db);
    REQUIRE(tx.ok());
    REQUIRE(history.record_sent(kMe, 1, {r("a@x.example"), r("b@x.example")}).ok());
    CHECK(*history.seen_address(kMe, "a@x.example"));
  }
  CHECK_FALSE(*history.seen_address(kMe, "a@x.example"));
  CHECK(rows("SELECT count(*) FROM pairs") == 0);
}

TEST_CASE_FIXTURE(Fixture, "facts_for: counts, names, domain, pairs and known domains from one snapshot") {
  REQUIRE(history.record_sent(kMe, 100, {r("a@x.example", "佐藤 花子"), r("b@x.example")}).ok());
  REQUIRE(history.record_sent(kMe, 200, {r("a@x.example", "佐藤　花子様"), r("c@y.example")}).ok());
  auto facts = history.facts_for(kMe, {{"a@x.example", "x.example", ""},
                                       {"b@x.example", "x.example", ""},
                                       {"new@x.example", "x.example", "Sato Hanako"},
                                       {"other@z.example", "z.example", "佐藤花子"}});
  REQUIRE(facts.ok());
  CHECK(facts->messages == 2);
  CHECK(facts->find("a@x.example")->count == 2);
  CHECK(facts->find("new@x.example")->count == 0);
  CHECK(facts->find("new@x.example")->domain_count == 2);
  CHECK(facts->find("other@z.example")->domain_count == 0);
  // The name key folds width, spacing and honorifics: both spellings are the same known person.
  REQUIRE(facts->find("other@z.example")->same_name.size() == 1);
  CHECK(facts->find("other@z.example")->same_name.front().address == "a@x.example");
  CHECK(facts->pair("a@x.example", "b@x.example") == 1);
  CHECK(facts->pair("b@x.example", "a@x.example") == 1);
  CHECK(facts->pair("a@x.example", "new@x.example") == 0);
  REQUIRE(facts->known_domains != nullptr);
  CHECK(*facts->known_domains == std::vector<std::string>{"x.example", "y.example"});
  // Another sender's history says nothing about this one.
  auto other = history.facts_for("someone@else.example", {{"a@x.example", "x.example", ""}});
  REQUIRE(other.ok());
  CHECK(other->messages == 0);
  CHECK(other->find("a@x.example")->count == 0);
}

TEST_CASE_FIXTURE(Fixture, "the known-domain cache sees this connection's writes and other connections' commits") {
  REQUIRE(history.record_sent(kMe, 100, {r("a@x.example")}).ok());
  CHECK(history.known_domains(kMe).value()->size() == 1);
  REQUIRE(history.record_sent(kMe, 101, {r("a@y.example")}).ok());
  CHECK(history.known_domains(kMe).value()->size() == 2);
  Database second = std::move(Database::open(dir.path() / "h.db")).value();
  History other = std::move(History::open(second)).value();
  REQUIRE(other.record_sent(kMe, 102, {r("a@z.example")}).ok());
  CHECK(history.known_domains(kMe).value()->size() == 3);
}

TEST_CASE_FIXTURE(Fixture, "opening fills in the name keys of names recorded without one (schema version 1)") {
  REQUIRE(history.record_sent(kMe, 100, {r("a@x.example", "工藤 絵美 様")}).ok());
  REQUIRE(db.exec("UPDATE contact_names SET name_key = NULL").ok());
  auto reopened = History::open(db);
  REQUIRE(reopened.ok());
  CHECK(rows("SELECT count(*) FROM contact_names WHERE name_key IS NULL") == 0);
  auto facts = reopened->facts_for(kMe, {{"b@y.example", "y.example", "工藤絵美"}});
  REQUIRE(facts.ok());
  CHECK(facts->find("b@y.example")->same_name.size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "organisations in display names are learned with the domains that carried them") {
  REQUIRE(history
              .record_sent(kMe, 100,
                           {r("sato@alpha.example", "佐藤 花子 (株式会社アルファ)"),
                            r("ito@alpha.example", "伊藤 (アルファ株式会社)"), r("kato@beta.example", "加藤 一郎")})
              .ok());
  REQUIRE(history.record_sent(kMe, 200, {r("sato@alpha.co.jp", "佐藤花子／株式会社アルファ")}).ok());
  REQUIRE(history.record_sent(kMe, 300, {r("x@gamma.example", "Hanako Sato (Gamma Corp.)")}).ok());

  const auto orgs = history.known_organisations(kMe);
  REQUIRE(orgs.ok());
  REQUIRE((*orgs)->entries().size() == 2);  // 加藤 一郎 names no organisation
  const auto* alpha = (*orgs)->find("アルファ");
  REQUIRE(alpha != nullptr);
  CHECK(alpha->count == 3);  // two names at alpha.example in one message, one at alpha.co.jp
  CHECK(alpha->domains == std::vector<std::string>{"alpha.example", "alpha.co.jp"});  // most used first
  CHECK(alpha->name == "アルファ株式会社");  // of the latest use at its most used domain (ties: the last written)
  CHECK((*orgs)->entries().front().key == "アルファ");  // most used first
  REQUIRE((*orgs)->find("gamma") != nullptr);
  CHECK((*orgs)->find("gamma")->domains == std::vector<std::string>{"gamma.example"});
  REQUIRE((*orgs)->at_domain("alpha.co.jp").size() == 1);
  CHECK((*orgs)->at_domain("beta.example").empty());
  // Per sender.
  CHECK(history.known_organisations("other@example.co.jp").value()->empty());
  // facts_for hands the same directory to the rules.
  auto facts = history.facts_for(kMe, {{"new@alpha.example", "alpha.example", ""}});
  REQUIRE(facts.ok());
  REQUIRE(facts->organisations != nullptr);
  CHECK(facts->organisations->find("アルファ") != nullptr);
}

TEST_CASE_FIXTURE(Fixture,
                  "the organisation directory sees new writes, and forget takes away what only that address taught") {
  REQUIRE(history.record_sent(kMe, 100, {r("sato@alpha.example", "佐藤 (株式会社アルファ)")}).ok());
  CHECK(history.known_organisations(kMe).value()->entries().size() == 1);
  REQUIRE(history.record_sent(kMe, 110, {r("ito@alpha.example", "伊藤 (株式会社アルファ)")}).ok());
  REQUIRE(history.record_sent(kMe, 120, {r("ko@delta.example", "小野 (デルタ工業株式会社)")}).ok());
  const auto before = history.known_organisations(kMe).value();
  REQUIRE(before->entries().size() == 2);
  CHECK(before->find("アルファ")->count == 2);

  REQUIRE(history.forget("sato@alpha.example").ok());
  const auto after = history.known_organisations(kMe).value();
  REQUIRE(after->find("アルファ") != nullptr);
  CHECK(after->find("アルファ")->count == 1);  // ito still carries it

  REQUIRE(history.forget("ko@delta.example").ok());
  CHECK(history.known_organisations(kMe).value()->find("デルタ工業") == nullptr);
  CHECK(rows("SELECT count(*) FROM organisations WHERE org_key = 'デルタ工業'") == 0);
  // The cached directory handed out earlier is unchanged: checks in flight keep their snapshot.
  CHECK(before->find("アルファ")->count == 2);
}

TEST_CASE_FIXTURE(Fixture, "a person's name, a department or a tag is not learned as an organisation") {
  REQUIRE(history
              .record_sent(
                  kMe, 100,
                  {r("a@x.example", "佐藤 花子"), r("b@x.example", "鈴木 (営業部)"), r("c@x.example", "【社外】田中"),
                   r("d@x.example", "Sato Hanako"), r("e@x.example", "山本 (さとう)")})
              .ok());
  CHECK(history.known_organisations(kMe).value()->empty());
}

TEST_CASE_FIXTURE(Fixture, "a sent mail's addressed organisation counts at its domain") {
  const sg::AddressedOrganisation alpha{"株式会社アルファ", "alpha.example"};
  REQUIRE(history.record_sent(kMe, 100, {r("sato@alpha.example", "佐藤 花子")}, {alpha, alpha})
              .ok());  // twice in one mail: once
  REQUIRE(history.record_sent(kMe, 200, {r("ito@alpha.example")}, {alpha}).ok());
  const auto orgs = history.known_organisations(kMe);
  REQUIRE(orgs.ok());
  REQUIRE((*orgs)->find("アルファ") != nullptr);
  CHECK((*orgs)->find("アルファ")->count == 2);
  CHECK((*orgs)->find("アルファ")->domains == std::vector<std::string>{"alpha.example"});
}
