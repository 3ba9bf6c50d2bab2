// Per-sender sending history: who each sender writes to, under which names, at which domains, and
// which recipients appear together. Local only; nothing here leaves the machine.
#include "store/history.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <utility>

#include "store/schema.h"

namespace sg::store {

namespace {

enum Stmt : std::size_t {
  kUpsertContact,
  kUpsertName,
  kUpsertDomain,
  kUpsertPair,
  kInsertImported,
  kSelectContact,
  kSelectNames,
  kSelectDomain,
  kSelectPair,
  kStmtCount,
};

constexpr std::array<std::string_view, kStmtCount> kSql = {
    "INSERT INTO contacts (sender, address, first_used, last_used, count) VALUES (?1, ?2, ?3, ?3, 1) "
    "ON CONFLICT (sender, address) DO UPDATE SET first_used = min(first_used, excluded.first_used), "
    "last_used = max(last_used, excluded.last_used), count = count + 1",
    "INSERT INTO contact_names (sender, address, name, count, last_used) VALUES (?1, ?2, ?3, 1, ?4) "
    "ON CONFLICT (sender, address, name) DO UPDATE SET count = count + 1, "
    "last_used = max(last_used, excluded.last_used)",
    "INSERT INTO domains (sender, domain, first_used, last_used, count) VALUES (?1, ?2, ?3, ?3, 1) "
    "ON CONFLICT (sender, domain) DO UPDATE SET first_used = min(first_used, excluded.first_used), "
    "last_used = max(last_used, excluded.last_used), count = count + 1",
    "INSERT INTO pairs (sender, a, b, count, last_used) VALUES (?1, ?2, ?3, 1, ?4) "
    "ON CONFLICT (sender, a, b) DO UPDATE SET count = count + 1, last_used = max(last_used, excluded.last_used)",
    "INSERT OR IGNORE INTO imported (message_key) VALUES (?1)",
    "SELECT first_used, last_used, count FROM contacts WHERE sender = ?1 AND address = ?2",
    "SELECT name, count, last_used FROM contact_names WHERE sender = ?1 AND address = ?2 "
    "ORDER BY count DESC, last_used DESC, name",
    "SELECT count FROM domains WHERE sender = ?1 AND domain = ?2",
    "SELECT count FROM pairs WHERE sender = ?1 AND a = ?2 AND b = ?3",
};

Status bind_one(Statement& s, int index, std::string_view v) {
  return s.bind_text(index, v);
}
Status bind_one(Statement& s, int index, std::int64_t v) {
  return s.bind_int64(index, v);
}

// Resets the statement and binds the arguments to ?1, ?2, ...
template <class... Args>
Status bind(Statement& s, Args... args) {
  s.reset();
  int index = 0;
  Status status = Ok{};
  ((status.ok() ? (void)(status = bind_one(s, ++index, args)) : (void)0), ...);
  return status;
}

// Runs a bound INSERT/UPDATE/DELETE and resets it (releasing its read of the database).
Status run(Statement& s) {
  Status st = s.run();
  s.reset();
  return st;
}

// The single int64 of a one-row, one-column query, or 0 when there is no row.
Result<std::int64_t> single_count(Statement& s) {
  auto row = s.step();
  if (!row) return std::move(row).error();
  const std::int64_t value = *row ? s.column_int64(0) : 0;
  s.reset();
  return value;
}

}  // namespace

Result<History> History::open(Database& db) {
  if (auto st = migrate(db); !st) return std::move(st).error();
  History history(db);
  history.stmts_.reserve(kStmtCount);
  for (const std::string_view sql : kSql) {
    auto stmt = Statement::prepare(db, sql);
    if (!stmt) return std::move(stmt).error();
    history.stmts_.push_back(std::move(stmt).value());
  }
  return history;
}

Status History::record_sent(std::string_view sender, std::int64_t when, const std::vector<SentRecipient>& recipients) {
  auto tx = Transaction::begin(*db_);
  if (!tx) return std::move(tx).error();
  if (auto st = record_in_transaction(sender, when, recipients); !st) return st;
  return tx->commit();
}

Result<bool> History::import_sent(std::string_view message_key, std::string_view sender, std::int64_t when,
                                  const std::vector<SentRecipient>& recipients) {
  auto tx = Transaction::begin(*db_);
  if (!tx) return std::move(tx).error();
  auto fresh = mark_imported(message_key);
  if (!fresh) return std::move(fresh).error();
  if (!*fresh) return false;  // the destructor ends the empty transaction
  if (auto st = record_in_transaction(sender, when, recipients); !st) return std::move(st).error();
  if (auto st = tx->commit(); !st) return std::move(st).error();
  return true;
}

Status History::record_in_transaction(std::string_view sender, std::int64_t when,
                                      const std::vector<SentRecipient>& recipients) {
  std::set<std::string_view> addresses;
  std::set<std::pair<std::string_view, std::string_view>> names;
  std::set<std::string_view> domains;
  std::vector<std::string_view> pair_members;  // distinct addresses, first seen first
  for (const SentRecipient& r : recipients) {
    if (r.address.empty()) continue;
    if (addresses.insert(r.address).second && pair_members.size() < kMaxPairRecipients) {
      pair_members.push_back(r.address);
    }
    if (!r.display_name.empty()) names.emplace(r.address, r.display_name);
    if (!r.domain.empty()) domains.insert(r.domain);
  }
  for (const std::string_view address : addresses) {
    Statement& s = stmts_[kUpsertContact];
    if (auto st = bind(s, sender, address, when); !st) return st;
    if (auto st = run(s); !st) return st;
  }
  for (const auto& [address, name] : names) {
    Statement& s = stmts_[kUpsertName];
    if (auto st = bind(s, sender, address, name, when); !st) return st;
    if (auto st = run(s); !st) return st;
  }
  for (const std::string_view domain : domains) {
    Statement& s = stmts_[kUpsertDomain];
    if (auto st = bind(s, sender, domain, when); !st) return st;
    if (auto st = run(s); !st) return st;
  }
  std::sort(pair_members.begin(), pair_members.end());
  for (std::size_t i = 0; i < pair_members.size(); ++i) {
    for (std::size_t j = i + 1; j < pair_members.size(); ++j) {
      Statement& s = stmts_[kUpsertPair];
      if (auto st = bind(s, sender, pair_members[i], pair_members[j], when); !st) return st;
      if (auto st = run(s); !st) return st;
    }
  }
  return Ok{};
}

Result<bool> History::seen_address(std::string_view sender, std::string_view address) {
  Statement& s = stmts_[kSelectContact];
  if (auto st = bind(s, sender, address); !st) return std::move(st).error();
  auto row = s.step();
  s.reset();
  if (!row) return std::move(row).error();
  return *row;
}

Result<ContactInfo> History::contact(std::string_view sender, std::string_view address) {
  ContactInfo info;
  {
    Statement& s = stmts_[kSelectContact];
    if (auto st = bind(s, sender, address); !st) return std::move(st).error();
    auto row = s.step();
    if (!row) return std::move(row).error();
    if (!*row) {
      s.reset();
      return info;
    }
    info.known = true;
    info.first_used = s.column_int64(0);
    info.last_used = s.column_int64(1);
    info.count = s.column_int64(2);
    s.reset();
  }
  Statement& s = stmts_[kSelectNames];
  if (auto st = bind(s, sender, address); !st) return std::move(st).error();
  for (;;) {
    auto row = s.step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    info.names.push_back(NameUse{s.column_text(0), s.column_int64(1), s.column_int64(2)});
  }
  s.reset();
  return info;
}

Result<std::int64_t> History::domain_count(std::string_view sender, std::string_view domain) {
  Statement& s = stmts_[kSelectDomain];
  if (auto st = bind(s, sender, domain); !st) return std::move(st).error();
  return single_count(s);
}

Result<std::int64_t> History::pair_count(std::string_view sender, std::string_view a, std::string_view b) {
  if (a == b) return std::int64_t{0};
  if (b < a) std::swap(a, b);
  Statement& s = stmts_[kSelectPair];
  if (auto st = bind(s, sender, a, b); !st) return std::move(st).error();
  return single_count(s);
}

Result<bool> History::mark_imported(std::string_view message_key) {
  Statement& s = stmts_[kInsertImported];
  if (auto st = bind(s, message_key); !st) return std::move(st).error();
  if (auto st = run(s); !st) return std::move(st).error();
  return db_->changes() == 1;
}

Status History::forget(std::string_view address) {
  const bool outermost = db_->autocommit();
  if (outermost) {
    // Zero the deleted content in the database file rather than leave it in free pages.
    if (auto st = db_->exec("PRAGMA secure_delete = ON"); !st) return st;
  }
  Status result = [&]() -> Status {
    auto tx = Transaction::begin(*db_);
    if (!tx) return std::move(tx).error();
    for (const std::string_view sql :
         {"DELETE FROM contacts WHERE address = ?1", "DELETE FROM contact_names WHERE address = ?1",
          "DELETE FROM pairs WHERE a = ?1 OR b = ?1"}) {
      auto stmt = Statement::prepare(*db_, sql);
      if (!stmt) return std::move(stmt).error();
      if (auto st = bind(*stmt, address); !st) return st;
      if (auto st = stmt->run(); !st) return st;
    }
    return tx->commit();
  }();
  if (outermost) {
    (void)db_->exec("PRAGMA secure_delete = OFF");
    // Copy the WAL into the database and truncate it, so the old pages leave the -wal file too.
    // Best effort: another process reading at this moment keeps the WAL alive until it is done.
    if (result) (void)db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  return result;
}

}  // namespace sg::store
