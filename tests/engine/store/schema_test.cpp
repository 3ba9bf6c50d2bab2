// Migrations: empty to current, idempotent reopen, and a database newer than the code refused.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "store/history.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "support/files.h"

using sg::store::Database;
using sg::store::Statement;

namespace {

std::int64_t table_count(Database& db) {
  auto s = Statement::prepare(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
  REQUIRE(s.ok());
  REQUIRE(s->step().ok());
  return s->column_int64(0);
}

}  // namespace

TEST_CASE("an empty database migrates to the current version; reopening changes nothing") {
  sg::test::TempDir dir;
  const auto path = dir.path() / "h.db";
  {
    auto db = Database::open(path);
    REQUIRE(db.ok());
    CHECK(*sg::store::schema_version(*db) == 0);
    REQUIRE(sg::store::migrate(*db).ok());
    CHECK(*sg::store::schema_version(*db) == sg::store::kSchemaVersion);
    CHECK(table_count(*db) == 8);
    REQUIRE(db->exec("INSERT INTO imported VALUES ('k1')").ok());
  }
  auto db = Database::open(path);
  REQUIRE(db.ok());
  REQUIRE(sg::store::migrate(*db).ok());
  REQUIRE(sg::store::migrate(*db).ok());
  CHECK(*sg::store::schema_version(*db) == sg::store::kSchemaVersion);
  CHECK(table_count(*db) == 8);
  auto s = Statement::prepare(*db, "SELECT count(*) FROM imported");
  REQUIRE(s.ok());
  REQUIRE(s->step().ok());
  CHECK(s->column_int64(0) == 1);
}

TEST_CASE("the pairs table refuses a pair that is not ordered") {
  sg::test::TempDir dir;
  auto db = Database::open(dir.path() / "h.db");
  REQUIRE(db.ok());
  REQUIRE(sg::store::migrate(*db).ok());
  CHECK_FALSE(db->exec("INSERT INTO pairs VALUES (1, 3, 2, 1, 0)").ok());
  CHECK(db->exec("INSERT INTO pairs VALUES (1, 2, 3, 1, 0)").ok());
}

TEST_CASE("a version-2 history (addresses as text) migrates to ids and keeps every fact") {
  sg::test::TempDir dir;
  const auto path = dir.path() / "h.db";
  {
    auto db = Database::open(path);
    REQUIRE(db.ok());
    REQUIRE(sg::store::migrate_to(*db, 2).ok());
    // Written the way version 2 stored them: sender and addresses as text, pairs in byte order.
    REQUIRE(db->exec(R"sql(
INSERT INTO senders VALUES ('me@corp.example', 7, 100, 700), ('other@corp.example', 1, 50, 50);
INSERT INTO contacts VALUES ('me@corp.example', 'sato@a.example', 100, 700, 5),
  ('me@corp.example', 'suzuki@b.example', 200, 600, 2), ('other@corp.example', 'sato@a.example', 50, 50, 1);
INSERT INTO contact_names VALUES ('me@corp.example', 'sato@a.example', '佐藤 花子', 4, 700, '佐藤花子'),
  ('me@corp.example', 'suzuki@b.example', 'Suzuki', 1, 600, NULL);
INSERT INTO domains VALUES ('me@corp.example', 'a.example', 100, 700, 5), ('me@corp.example', 'b.example', 200, 600, 2);
INSERT INTO pairs VALUES ('me@corp.example', 'sato@a.example', 'suzuki@b.example', 2, 600);
INSERT INTO imported VALUES ('k1');
)sql")
                .ok());
  }
  auto db = Database::open(path);
  REQUIRE(db.ok());
  auto history = sg::store::History::open(*db);  // migrates to the current version
  REQUIRE(history.ok());
  CHECK(*sg::store::schema_version(*db) == sg::store::kSchemaVersion);
  CHECK(*history->sender_messages("me@corp.example") == 7);
  const auto sato = history->contact("me@corp.example", "sato@a.example");
  REQUIRE(sato.ok());
  CHECK(sato->count == 5);
  CHECK(sato->first_used == 100);
  CHECK(sato->last_used == 700);
  REQUIRE(sato->names.size() == 1);
  CHECK(sato->names[0].name == "佐藤 花子");
  CHECK(history->contact("other@corp.example", "sato@a.example")->count == 1);
  CHECK(*history->pair_count("me@corp.example", "suzuki@b.example", "sato@a.example") == 2);
  CHECK(*history->domain_count("me@corp.example", "b.example") == 2);
  CHECK(*history->known_domains("me@corp.example").value() == std::vector<std::string>{"a.example", "b.example"});
  // The name index works on migrated rows, and a NULL key is filled in on open.
  auto facts = history->facts_for(
      "me@corp.example", {{"hanako@c.example", "c.example", "佐藤花子"}, {"s2@d.example", "d.example", "suzuki"}});
  REQUIRE(facts.ok());
  REQUIRE(facts->find("hanako@c.example")->same_name.size() == 1);
  CHECK(facts->find("hanako@c.example")->same_name[0].address == "sato@a.example");
  CHECK(facts->find("s2@d.example")->same_name.size() == 1);
  CHECK_FALSE(history->mark_imported("k1").value());  // imported keys kept
  // Every address once; nothing else refers to text any more.
  auto s = Statement::prepare(*db, "SELECT count(*) FROM addresses");
  REQUIRE(s.ok());
  REQUIRE(s->step().ok());
  CHECK(s->column_int64(0) == 4);
}

TEST_CASE("a database newer than the code is refused and left byte for byte unchanged") {
  sg::test::TempDir dir;
  const auto path = dir.path() / "h.db";
  {
    auto db = Database::open(path);
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE future (x); PRAGMA user_version = 99").ok());
  }
  const std::string before = sg::test::read_text(path);
  {
    auto db = Database::open(path);
    REQUIRE(db.ok());
    const auto st = sg::store::migrate(*db);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == sg::ErrorCode::internal);
    CHECK(st.error().message.en.find("99") != std::string::npos);
    CHECK(st.error().message.en.find("not modified") != std::string::npos);
    CHECK(st.error().message.ja.find("99") != std::string::npos);
    CHECK(*sg::store::schema_version(*db) == 99);
  }
  CHECK(sg::test::read_text(path) == before);
}

TEST_CASE("a version-3 history learns its organisations from the display names already stored") {
  sg::test::TempDir dir;
  const auto path = dir.path() / "h.db";
  {
    auto db = Database::open(path);
    REQUIRE(db.ok());
    REQUIRE(sg::store::migrate_to(*db, 3).ok());
    REQUIRE(db->exec(R"sql(
INSERT INTO addresses VALUES (1, 'me@corp.example'), (2, 'sato@alpha.example'), (3, 'ito@alpha.example'),
  (4, 'sato@alpha.co.jp'), (5, 'kato@beta.example');
INSERT INTO contact_names VALUES (1, 2, '佐藤 花子 (株式会社アルファ)', 4, 700, '佐藤花子'),
  (1, 2, '佐藤 花子 (ｱﾙﾌｧ㈱)', 1, 900, '佐藤花子'),
  (1, 3, '伊藤 (アルファ株式会社)', 2, 500, '伊藤'), (1, 4, 'アルファ御中', 1, 100, 'アルファ'),
  (1, 5, '加藤 一郎', 3, 300, '加藤一郎');
)sql")
                .ok());
  }
  auto db = Database::open(path);
  REQUIRE(db.ok());
  auto history = sg::store::History::open(*db);
  REQUIRE(history.ok());
  CHECK(*sg::store::schema_version(*db) == sg::store::kSchemaVersion);
  const auto orgs = history->known_organisations("me@corp.example");
  REQUIRE(orgs.ok());
  REQUIRE((*orgs)->entries().size() == 1);
  const auto& alpha = (*orgs)->entries().front();
  CHECK(alpha.key == "アルファ");
  CHECK(alpha.count == 8);  // 4 + 1 + 2 at alpha.example, 1 at alpha.co.jp
  CHECK(alpha.domains == std::vector<std::string>{"alpha.example", "alpha.co.jp"});
  // The spelling of the latest use at the most used domain.
  CHECK(alpha.name == "アルファ(株)");
}
