// The history database's schema and its versioned migrations (PRAGMA user_version).
#include "store/schema.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "text/organisation.h"

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
    // 3: addresses as integer ids. Every key began with the sender's address and pairs held two
    // more addresses as text, so each lookup compared ~80 bytes per B-tree step and a
    // 1M-message history spread over 127 MB (issue 5's benchmark: 2.5 ms of lookups per
    // 20-recipient check). Now each address is stored once, in `addresses`, and the per-sender
    // tables hold its id; pairs are ordered by id. Display names and domains stay text.
    R"sql(
CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL UNIQUE
);
INSERT INTO addresses (address)
  SELECT sender FROM senders UNION SELECT sender FROM contacts UNION SELECT address FROM contacts
  UNION SELECT sender FROM contact_names UNION SELECT address FROM contact_names
  UNION SELECT sender FROM domains UNION SELECT sender FROM pairs UNION SELECT a FROM pairs
  UNION SELECT b FROM pairs;

CREATE TABLE contacts_v3 (
  sender INTEGER NOT NULL,
  address INTEGER NOT NULL,
  first_used INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (sender, address)
) WITHOUT ROWID;
INSERT INTO contacts_v3 SELECT s.id, a.id, c.first_used, c.last_used, c.count
  FROM contacts c JOIN addresses s ON s.address = c.sender JOIN addresses a ON a.address = c.address;
DROP TABLE contacts;
ALTER TABLE contacts_v3 RENAME TO contacts;

CREATE TABLE contact_names_v3 (
  sender INTEGER NOT NULL,
  address INTEGER NOT NULL,
  name TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  name_key TEXT,
  PRIMARY KEY (sender, address, name)
) WITHOUT ROWID;
INSERT INTO contact_names_v3 SELECT s.id, a.id, n.name, n.count, n.last_used, n.name_key
  FROM contact_names n JOIN addresses s ON s.address = n.sender JOIN addresses a ON a.address = n.address;
DROP TABLE contact_names;
ALTER TABLE contact_names_v3 RENAME TO contact_names;
CREATE INDEX contact_names_by_key ON contact_names (sender, name_key) WHERE name_key <> '';

CREATE TABLE domains_v3 (
  sender INTEGER NOT NULL,
  domain TEXT NOT NULL,
  first_used INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (sender, domain)
) WITHOUT ROWID;
INSERT INTO domains_v3 SELECT s.id, d.domain, d.first_used, d.last_used, d.count
  FROM domains d JOIN addresses s ON s.address = d.sender;
DROP TABLE domains;
ALTER TABLE domains_v3 RENAME TO domains;

CREATE TABLE pairs_v3 (
  sender INTEGER NOT NULL,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  count INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (sender, a, b),
  CHECK (a < b)
) WITHOUT ROWID;
INSERT INTO pairs_v3 SELECT s.id, min(x.id, y.id), max(x.id, y.id), p.count, p.last_used
  FROM pairs p JOIN addresses s ON s.address = p.sender JOIN addresses x ON x.address = p.a
  JOIN addresses y ON y.address = p.b;
DROP TABLE pairs;
ALTER TABLE pairs_v3 RENAME TO pairs;
CREATE INDEX pairs_by_b ON pairs (sender, b);

CREATE TABLE senders_v3 (
  sender INTEGER NOT NULL PRIMARY KEY,
  messages INTEGER NOT NULL,
  first_used INTEGER NOT NULL,
  last_used INTEGER NOT NULL
);
INSERT INTO senders_v3 SELECT s.id, x.messages, x.first_used, x.last_used
  FROM senders x JOIN addresses s ON s.address = x.sender;
DROP TABLE senders;
ALTER TABLE senders_v3 RENAME TO senders;
)sql",
    // 4: organisations learned from display names (attachment.mismatch: which organisation is at
    // which domain). Filled from the stored names by backfill_organisations in the same step.
    R"sql(
CREATE TABLE organisations (
  sender INTEGER NOT NULL,
  org_key TEXT NOT NULL,
  domain TEXT NOT NULL,
  name TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (sender, org_key, domain)
) WITHOUT ROWID;
)sql",
};

// Version 4's organisations from the display names stored before it, like record_sent would have
// counted them: each (sender, address, name) row adds its count to the organisation its name
// carries at the address's domain; the name of the most recent use is kept.
Status backfill_organisations(Database& db) {
  auto select = Statement::prepare(db,
                                   "SELECT n.sender, ad.address, n.name, n.count, n.last_used FROM contact_names n "
                                   "JOIN addresses ad ON ad.id = n.address");
  if (!select) return std::move(select).error();
  struct Learned {
    std::string name;
    std::int64_t count = 0;
    std::int64_t last_used = 0;
  };
  std::map<std::tuple<std::int64_t, std::string, std::string>, Learned> learned;
  for (;;) {
    auto row = select->step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    const std::string name = text::organisation_in_display_name(select->column_text(2));
    if (name.empty()) continue;
    std::string key = text::organisation_key(name);
    const std::string address = select->column_text(1);
    const std::size_t at = address.rfind('@');
    if (key.empty() || at == std::string::npos || at + 1 == address.size()) continue;
    Learned& l = learned[{select->column_int64(0), std::move(key), address.substr(at + 1)}];
    const std::int64_t last_used = select->column_int64(4);
    l.count += select->column_int64(3);
    if (l.name.empty() || last_used >= l.last_used) l.name = name;
    l.last_used = std::max(l.last_used, last_used);
  }
  select->reset();
  auto insert = Statement::prepare(
      db,
      "INSERT INTO organisations (sender, org_key, domain, name, count, last_used) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert) return std::move(insert).error();
  for (const auto& [k, l] : learned) {
    const auto& [sender, key, domain] = k;
    insert->reset();
    for (Status st :
         {insert->bind_int64(1, sender), insert->bind_text(2, key), insert->bind_text(3, domain),
          insert->bind_text(4, l.name), insert->bind_int64(5, l.count), insert->bind_int64(6, l.last_used)}) {
      if (!st) return st;
    }
    if (auto st = insert->run(); !st) return st;
  }
  return Ok{};
}

// What runs after migrations[i]'s SQL, in the same transaction (work that needs C++).
using Backfill = Status (*)(Database&);
constexpr std::array<Backfill, kSchemaVersion> kBackfills = {nullptr, nullptr, nullptr, backfill_organisations};

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
  return migrate_to(db, kSchemaVersion);
}

Status migrate_to(Database& db, std::int64_t target) {
  if (target < 0 || target > kSchemaVersion) return db.error("migrate_to: no such schema version");
  // A read first, without the write lock: a newer database is refused before anything is written.
  auto current = schema_version(db);
  if (!current) return std::move(current).error();
  if (*current > kSchemaVersion) return too_new(*current);
  if (*current < 0) return db.error("unexpected negative user_version");
  while (*current < target) {
    auto tx = Transaction::begin(db);
    if (!tx) return std::move(tx).error();
    current = schema_version(db);  // another process may have migrated while we waited for the lock
    if (!current) return std::move(current).error();
    if (*current > kSchemaVersion) return too_new(*current);
    if (*current >= target) return tx->commit();
    const auto step = static_cast<std::size_t>(*current);
    if (auto st = db.exec(kMigrations.at(step)); !st) return st;
    if (kBackfills.at(step) != nullptr) {
      if (auto st = kBackfills.at(step)(db); !st) return st;
    }
    if (auto st = db.exec("PRAGMA user_version = " + std::to_string(*current + 1)); !st) return st;
    if (auto st = tx->commit(); !st) return st;
    current = *current + 1;
  }
  return Ok{};
}

}  // namespace sg::store
