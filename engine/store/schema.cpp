// The history database's schema and its versioned migrations (PRAGMA user_version).
#include "store/schema.h"

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace sg::store {

namespace {

// migrations[i] takes the database from version i to version i + 1. Never edit a shipped entry:
// append a new one.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    // 1: per-sender history.
    R"sql(
CREATE TABLE contacts (
  sender TEXT NOT NULL,
  address TEXT NOT NULL,
  first_used INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (sender, address)
) WITHOUT ROWID;
CREATE TABLE contact_names (
  sender TEXT NOT NULL,
  address TEXT NOT NULL,
  name TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (sender, address, name)
) WITHOUT ROWID;
CREATE TABLE domains (
  sender TEXT NOT NULL,
  domain TEXT NOT NULL,
  first_used INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (sender, domain)
) WITHOUT ROWID;
CREATE TABLE pairs (
  sender TEXT NOT NULL,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (sender, a, b),
  CHECK (a < b)
) WITHOUT ROWID;
-- The partners of an address are found through a (the primary key) and through b (this index).
CREATE INDEX pairs_by_b ON pairs (sender, b);
CREATE TABLE imported (
  message_key TEXT NOT NULL PRIMARY KEY
) WITHOUT ROWID;
)sql",
    // 2: display names findable by their comparison key (recipient.same_name) and messages per
    // sender (the history rules stay quiet until there is a history). name_key is NULL until
    // History::open fills it in (the key is computed in C++); the senders of a version-1
    // database get the highest per-address count as their message count, a lower bound.
    R"sql(
ALTER TABLE contact_names ADD COLUMN name_key TEXT;
CREATE INDEX contact_names_by_key ON contact_names (sender, name_key) WHERE name_key <> '';
CREATE TABLE senders (
  sender TEXT NOT NULL PRIMARY KEY,
  messages INTEGER NOT NULL,
  first_used INTEGER NOT NULL,
  last_used INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO senders (sender, messages, first_used, last_used)
  SELECT sender, max(count), min(first_used), max(last_used) FROM contacts GROUP BY sender;
)sql",
};

Error too_new(std::int64_t found) {
  const std::string v = std::to_string(found);
  const std::string ours = std::to_string(kSchemaVersion);
  return make_error(
      ErrorCode::internal,
      Text{"履歴データベースのスキーマ（バージョン " + v + "）はこの SendGuard（バージョン " + ours +
               " まで対応）より新しいため開けません。SendGuard を更新してください。データベースは変更していません。",
           "The history database has schema version " + v + ", newer than this SendGuard supports (" + ours +
               "); update SendGuard. The database was not modified."});
}

}  // namespace

Result<std::int64_t> schema_version(Database& db) {
  auto stmt = Statement::prepare(db, "PRAGMA user_version");
  if (!stmt) return std::move(stmt).error();
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!*row) return db.error("PRAGMA user_version");
  return stmt->column_int64(0);
}

Status migrate(Database& db) {
  // A read first, without the write lock: a newer database is refused before anything is written.
  auto current = schema_version(db);
  if (!current) return std::move(current).error();
  if (*current > kSchemaVersion) return too_new(*current);
  if (*current < 0) return db.error("unexpected negative user_version");
  while (*current < kSchemaVersion) {
    auto tx = Transaction::begin(db);
    if (!tx) return std::move(tx).error();
    current = schema_version(db);  // another process may have migrated while we waited for the lock
    if (!current) return std::move(current).error();
    if (*current > kSchemaVersion) return too_new(*current);
    if (*current == kSchemaVersion) return tx->commit();
    const auto step = static_cast<std::size_t>(*current);
    if (auto st = db.exec(kMigrations.at(step)); !st) return st;
    if (auto st = db.exec("PRAGMA user_version = " + std::to_string(*current + 1)); !st) return st;
    if (auto st = tx->commit(); !st) return st;
    current = *current + 1;
  }
  return Ok{};
}

}  // namespace sg::store
