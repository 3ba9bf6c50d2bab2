// The SQLite layer: open settings, statements, errors as values, transactions and savepoints.
#include <doctest/doctest.h>

#include <string>

#include "store/sqlite.h"
#include "support/files.h"

using sg::store::Database;
using sg::store::Statement;
using sg::store::Transaction;

namespace {

std::string pragma(Database& db, const std::string& name) {
  auto s = Statement::prepare(db, "PRAGMA " + name);
  REQUIRE(s.ok());
  auto row = s->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return s->column_text(0);
}

std::int64_t count_rows(Database& db) {
  auto s = Statement::prepare(db, "SELECT count(*) FROM t");
  REQUIRE(s.ok());
  REQUIRE(s->step().ok());
  return s->column_int64(0);
}

}  // namespace

TEST_CASE("open sets WAL, synchronous FULL, foreign keys and a busy timeout") {
  sg::test::TempDir dir;
  auto db = Database::open(dir.path() / "h.db");
  REQUIRE(db.ok());
  CHECK(pragma(*db, "journal_mode") == "wal");
  CHECK(pragma(*db, "synchronous") == "2");
  CHECK(pragma(*db, "foreign_keys") == "1");
  CHECK(pragma(*db, "busy_timeout") == std::to_string(sg::store::kBusyTimeoutMs));
}

TEST_CASE("a failed open is an internal error with SQLite's message in both languages") {
  sg::test::TempDir dir;
  auto db = Database::open(dir.path() / "missing" / "h.db");
  REQUIRE_FALSE(db.ok());
  CHECK(db.error().code == sg::ErrorCode::internal);
  CHECK(db.error().message.en.find("unable to open") != std::string::npos);
  CHECK(db.error().message.ja.find("unable to open") != std::string::npos);
}

TEST_CASE("statements bind, step, read columns and reset; bad SQL is an error") {
  sg::test::TempDir dir;
  auto db = Database::open(dir.path() / "h.db");
  REQUIRE(db.ok());
  REQUIRE(db->exec("CREATE TABLE t (i INTEGER, s TEXT)").ok());
  auto ins = Statement::prepare(*db, "INSERT INTO t VALUES (?1, ?2)");
  REQUIRE(ins.ok());
  REQUIRE(ins->bind_int64(1, -5'000'000'000).ok());
  REQUIRE(ins->bind_text(2, std::string("日本語\0x", 11)).ok());
  REQUIRE(ins->run().ok());
  ins->reset();
  REQUIRE(ins->bind_int64(1, 7).ok());
  REQUIRE(ins->bind_null(2).ok());
  REQUIRE(ins->run().ok());
  CHECK(db->changes() == 1);

  auto sel = Statement::prepare(*db, "SELECT i, s FROM t ORDER BY i");
  REQUIRE(sel.ok());
  auto row = sel->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  CHECK(sel->column_int64(0) == -5'000'000'000);
  CHECK(sel->column_text(1) == std::string("日本語\0x", 11));
  row = sel->step();
  REQUIRE(*row);
  CHECK(sel->column_is_null(1));
  CHECK(sel->column_text(1).empty());
  row = sel->step();
  REQUIRE(row.ok());
  CHECK_FALSE(*row);

  auto bad = Statement::prepare(*db, "SELEKT 1");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == sg::ErrorCode::internal);
  CHECK(bad.error().message.en.find("syntax error") != std::string::npos);
  CHECK_FALSE(db->exec("INSERT INTO nowhere VALUES (1)").ok());
}

TEST_CASE("a transaction not committed rolls back; a committed one stays") {
  sg::test::TempDir dir;
  auto db = Database::open(dir.path() / "h.db");
  REQUIRE(db.ok());
  REQUIRE(db->exec("CREATE TABLE t (i INTEGER)").ok());
  {
    auto tx = Transaction::begin(*db);
    REQUIRE(tx.ok());
    REQUIRE(db->exec("INSERT INTO t VALUES (1)").ok());
    CHECK(count_rows(*db) == 1);
  }
  CHECK(count_rows(*db) == 0);
  CHECK(db->autocommit());
  {
    auto tx = Transaction::begin(*db);
    REQUIRE(tx.ok());
    REQUIRE(db->exec("INSERT INTO t VALUES (1)").ok());
    REQUIRE(tx->commit().ok());
    CHECK_FALSE(tx->commit().ok());
  }
  CHECK(count_rows(*db) == 1);
}

TEST_CASE("a transaction inside another is a savepoint: its rollback keeps the outer work") {
  sg::test::TempDir dir;
  auto db = Database::open(dir.path() / "h.db");
  REQUIRE(db.ok());
  REQUIRE(db->exec("CREATE TABLE t (i INTEGER)").ok());
  {
    auto outer = Transaction::begin(*db);
    REQUIRE(outer.ok());
    REQUIRE(db->exec("INSERT INTO t VALUES (1)").ok());
    {
      auto inner = Transaction::begin(*db);
      REQUIRE(inner.ok());
      REQUIRE(db->exec("INSERT INTO t VALUES (2)").ok());
    }
    {
      auto inner = Transaction::begin(*db);
      REQUIRE(inner.ok());
      REQUIRE(db->exec("INSERT INTO t VALUES (3)").ok());
      REQUIRE(inner->commit().ok());
    }
    CHECK_FALSE(db->autocommit());
    REQUIRE(outer->commit().ok());
  }
  CHECK(count_rows(*db) == 2);
}

TEST_CASE("a second connection waits for the write lock, then gives up with an error") {
  sg::test::TempDir dir;
  auto a = Database::open(dir.path() / "h.db");
  auto b = Database::open(dir.path() / "h.db");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->exec("CREATE TABLE t (i INTEGER)").ok());
  REQUIRE(b->exec("PRAGMA busy_timeout = 50").ok());
  auto tx = Transaction::begin(*a);
  REQUIRE(tx.ok());
  auto blocked = Transaction::begin(*b);
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.error().message.en.find("locked") != std::string::npos);
  CHECK(count_rows(*b) == 0);  // readers are not blocked in WAL mode
}
