// Migrations: empty to current, idempotent reopen, and a database newer than the code refused.
#include <doctest/doctest.h>

#include <string>

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
    CHECK(table_count(*db) == 6);
    REQUIRE(db->exec("INSERT INTO imported VALUES ('k1')").ok());
  }
  auto db = Database::open(path);
  REQUIRE(db.ok());
  REQUIRE(sg::store::migrate(*db).ok());
  REQUIRE(sg::store::migrate(*db).ok());
  CHECK(*sg::store::schema_version(*db) == sg::store::kSchemaVersion);
  CHECK(table_count(*db) == 6);
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
  CHECK_FALSE(db->exec("INSERT INTO pairs VALUES ('s', 'b@x', 'a@x', 1, 0)").ok());
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
