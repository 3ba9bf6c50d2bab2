// Per-sender sending history: who each sender writes to, under which names, at which domains, and
// which recipients appear together. Local only; nothing here leaves the machine.
#include "store/history.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <utility>

#include "store/schema.h"
#include "text/person_name.h"

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
  kUpsertSender,
  kSelectSender,
  kSelectNamed,
  kSelectDomains,
  kDataVersion,
  kStmtCount,
};

const std::array<std::string, kStmtCount> kSql = {
    "INSERT INTO contacts (sender, address, first_used, last_used, count) VALUES (?1, ?2, ?3, ?3, 1) "
    "ON CONFLICT (sender, address) DO UPDATE SET first_used = min(first_used, excluded.first_used), "
    "last_used = max(last_used, excluded.last_used), count = count + 1",
    "INSERT INTO contact_names (sender, address, name, count, last_used, name_key) VALUES (?1, ?2, ?3, 1, ?4, ?5) "
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
    "INSERT INTO senders (sender, messages, first_used, last_used) VALUES (?1, 1, ?2, ?2) "
    "ON CONFLICT (sender) DO UPDATE SET messages = messages + 1, first_used = min(first_used, excluded.first_used), "
    "last_used = max(last_used, excluded.last_used)",
    "SELECT messages FROM senders WHERE sender = ?1",
    // INDEXED BY: without ANALYZE statistics the planner prefers the primary key's sender prefix
    // and scans every name of the sender (measured: 96 ms per check on a 1M-message history).
    "SELECT n.address, n.name, c.count, c.last_used FROM contact_names n INDEXED BY contact_names_by_key "
    "JOIN contacts c ON c.sender = n.sender AND c.address = n.address "
    "WHERE n.sender = ?1 AND n.name_key = ?2 AND n.name_key <> '' AND n.address <> ?3 "
    "ORDER BY c.count DESC, c.last_used DESC, n.count DESC LIMIT " +
        std::to_string(kMaxSameNameContacts + 1),
    "SELECT domain FROM domains WHERE sender = ?1 ORDER BY count DESC, domain",
    "PRAGMA data_version",
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

// Steps a bound query to its end, calling `on_row` for each row, and resets it either way.
template <class F>
Status each_row(Statement& s, F&& on_row) {
  for (;;) {
    auto row = s.step();
    if (!row) {
      s.reset();
      return std::move(row).error();
    }
    if (!*row) break;
    on_row();
  }
  s.reset();
  return Ok{};
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
  for (const std::string& sql : kSql) {
    auto stmt = Statement::prepare(db, sql);
    if (!stmt) return std::move(stmt).error();
    history.stmts_.push_back(std::move(stmt).value());
  }
  if (auto st = history.fill_name_keys(); !st) return std::move(st).error();
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

// Display names recorded before schema version 2 (or by an older build) get their key.
Status History::fill_name_keys() {
  auto select = Statement::prepare(*db_, "SELECT sender, address, name FROM contact_names WHERE name_key IS NULL");
  if (!select) return std::move(select).error();
  auto row = select->step();
  if (!row) return std::move(row).error();
  if (!*row) return Ok{};
  select->reset();
  auto tx = Transaction::begin(*db_);
  if (!tx) return std::move(tx).error();
  auto update = Statement::prepare(
      *db_, "UPDATE contact_names SET name_key = ?4 WHERE sender = ?1 AND address = ?2 AND name = ?3");
  if (!update) return std::move(update).error();
  std::vector<std::array<std::string, 3>> rows;
  for (;;) {
    auto next = select->step();
    if (!next) return std::move(next).error();
    if (!*next) break;
    rows.push_back({select->column_text(0), select->column_text(1), select->column_text(2)});
  }
  select->reset();
  for (const auto& [sender, address, name] : rows) {
    const std::string key = text::person_name_key(name);
    if (auto st = bind(*update, std::string_view(sender), std::string_view(address), std::string_view(name),
                       std::string_view(key));
        !st)
      return st;
    if (auto st = run(*update); !st) return st;
  }
  return tx->commit();
}

Status History::record_in_transaction(std::string_view sender, std::int64_t when,
                                      const std::vector<SentRecipient>& recipients) {
  invalidate_cache();
  {
    Statement& s = stmts_[kUpsertSender];
    if (auto st = bind(s, sender, when); !st) return st;
    if (auto st = run(s); !st) return st;
  }
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
    const std::string key = text::person_name_key(name);
    if (auto st = bind(s, sender, address, name, when, std::string_view(key)); !st) return st;
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

Result<std::int64_t> History::sender_messages(std::string_view sender) {
  Statement& s = stmts_[kSelectSender];
  if (auto st = bind(s, sender); !st) return std::move(st).error();
  return single_count(s);
}

Result<std::vector<KnownContact>> History::contacts_named(std::string_view sender, std::string_view name_key,
                                                          std::string_view except_address) {
  std::vector<KnownContact> out;
  if (name_key.empty()) return out;
  Statement& s = stmts_[kSelectNamed];
  if (auto st = bind(s, sender, name_key, except_address); !st) return std::move(st).error();
  auto st = each_row(s, [&] {
    std::string address = s.column_text(0);
    // One entry per address, under its most used matching name (rows come most used first).
    if (std::any_of(out.begin(), out.end(), [&](const KnownContact& c) { return c.address == address; })) return;
    out.push_back(KnownContact{std::move(address), s.column_text(1), s.column_int64(2), s.column_int64(3)});
  });
  if (!st) return std::move(st).error();
  return out;
}

Result<std::shared_ptr<const std::vector<std::string>>> History::known_domains(std::string_view sender) {
  auto version = single_count(stmts_[kDataVersion]);
  if (!version) return std::move(version).error();
  if (*version != cache_data_version_) {
    domain_cache_.clear();
    cache_data_version_ = *version;
  }
  if (auto it = domain_cache_.find(sender); it != domain_cache_.end()) return it->second;
  auto domains = std::make_shared<std::vector<std::string>>();
  Statement& s = stmts_[kSelectDomains];
  if (auto st = bind(s, sender); !st) return std::move(st).error();
  if (auto st = each_row(s, [&] { domains->push_back(s.column_text(0)); }); !st) return std::move(st).error();
  std::shared_ptr<const std::vector<std::string>> shared = std::move(domains);
  domain_cache_.emplace(std::string(sender), shared);
  return shared;
}

Result<HistoryFacts> History::facts_for(std::string_view sender, const std::vector<DraftRecipient>& recipients) {
  HistoryFacts facts;
  // A read transaction: every answer below comes from the same snapshot.
  auto tx = Transaction::begin_read(*db_);
  if (!tx) return std::move(tx).error();
  auto messages = sender_messages(sender);
  if (!messages) return std::move(messages).error();
  facts.messages = *messages;
  auto domains = known_domains(sender);
  if (!domains) return std::move(domains).error();
  facts.known_domains = std::move(*domains);
  std::vector<std::string_view> pair_members;
  for (const DraftRecipient& r : recipients) {
    if (r.address.empty() || facts.recipients.count(r.address) > 0) continue;
    RecipientHistory& h = facts.recipients[r.address];
    if (facts.messages == 0) continue;  // nothing learned for this sender: every answer is "never"
    auto info = contact(sender, r.address);
    if (!info) return std::move(info).error();
    h.count = info->count;
    h.first_used = info->first_used;
    h.last_used = info->last_used;
    for (const NameUse& n : info->names) h.names.push_back(n.name);
    if (h.count > 0) {
      h.domain_count = h.count;  // a lower bound: the rules need the domain's count for new addresses only
    } else {
      auto dc = domain_count(sender, r.domain);
      if (!dc) return std::move(dc).error();
      h.domain_count = *dc;
    }
    auto named = contacts_named(sender, text::person_name_key(r.display_name), r.address);
    if (!named) return std::move(named).error();
    h.same_name = std::move(*named);
    // An address never written to has been with nobody: no pairs to look up.
    if (h.count > 0 && pair_members.size() < kMaxPairLookupRecipients) pair_members.push_back(r.address);
  }
  for (std::size_t i = 0; i < pair_members.size(); ++i) {
    for (std::size_t j = i + 1; j < pair_members.size(); ++j) {
      auto n = pair_count(sender, pair_members[i], pair_members[j]);
      if (!n) return std::move(n).error();
      if (*n == 0) continue;
      std::string a(pair_members[i]);
      std::string b(pair_members[j]);
      if (b < a) std::swap(a, b);
      facts.pairs.emplace(std::make_pair(std::move(a), std::move(b)), *n);
    }
  }
  return facts;
}

Result<bool> History::mark_imported(std::string_view message_key) {
  Statement& s = stmts_[kInsertImported];
  if (auto st = bind(s, message_key); !st) return std::move(st).error();
  if (auto st = run(s); !st) return std::move(st).error();
  return db_->changes() == 1;
}

Status History::forget(std::string_view address) {
  invalidate_cache();
  const bool outermost = db_->autocommit();
  if (outermost) {
    // Zero the deleted content in the database file rather than leave it in free pages.
    if (auto st = db_->exec("PRAGMA secure_delete = ON"); !st) return st;
  }
  Status result = [&]() -> Status {
    auto tx = Transaction::begin(*db_);
    if (!tx) return std::move(tx).error();
    for (const std::string_view sql :
         {"DELETE FROM contacts WHERE address = ?1 OR sender = ?1",
          "DELETE FROM contact_names WHERE address = ?1 OR sender = ?1",
          "DELETE FROM pairs WHERE a = ?1 OR b = ?1 OR sender = ?1", "DELETE FROM domains WHERE sender = ?1",
          "DELETE FROM senders WHERE sender = ?1"}) {
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
