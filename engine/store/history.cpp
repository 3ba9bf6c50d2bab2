// Per-sender sending history: who each sender writes to, under which names, at which domains, and
// which recipients appear together. Local only; nothing here leaves the machine.
#include "store/history.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <sqlite3.h>

#include "store/schema.h"
#include "text/organisation.h"
#include "text/person_name.h"

namespace sg::store {

namespace {

// Rows of a display name's index entries read to tell whether more than kMaxSameNameContacts
// addresses carry it (an address may appear under several spellings of the name).
constexpr std::size_t kMaxNameProbeRows = 4 * (kMaxSameNameContacts + 1);

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
  kSelectAddressId,
  kInsertAddress,
  kProbeNamed,
  kUpsertOrganisation,
  kSelectOrganisations,
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
    "SELECT ad.address, n.name, c.count, c.last_used FROM contact_names n INDEXED BY contact_names_by_key "
    "JOIN contacts c ON c.sender = n.sender AND c.address = n.address JOIN addresses ad ON ad.id = n.address "
    "WHERE n.sender = ?1 AND n.name_key = ?2 AND n.name_key <> '' AND n.address <> ?3 "
    "ORDER BY c.count DESC, c.last_used DESC, n.count DESC LIMIT " +
        std::to_string(kMaxSameNameContacts + 1),
    "SELECT domain FROM domains WHERE sender = ?1 ORDER BY count DESC, domain",
    "PRAGMA data_version",
    "SELECT id FROM addresses WHERE address = ?1",
    "INSERT INTO addresses (address) VALUES (?1)",
    // The index alone (it holds the primary key's address): how many addresses share the name,
    // without joining or sorting them.
    "SELECT address FROM contact_names INDEXED BY contact_names_by_key "
    "WHERE sender = ?1 AND name_key = ?2 AND name_key <> '' AND address <> ?3 LIMIT " +
        std::to_string(kMaxNameProbeRows),
    // The name of the latest use wins (imports arrive out of order); every expression reads the
    // row as it was.
    "INSERT INTO organisations (sender, org_key, domain, name, count, last_used) VALUES (?1, ?2, ?3, ?4, 1, ?5) "
    "ON CONFLICT (sender, org_key, domain) DO UPDATE SET count = count + 1, "
    "name = CASE WHEN excluded.last_used >= last_used THEN excluded.name ELSE name END, "
    "last_used = max(last_used, excluded.last_used)",
    // The most used organisations, each with its domains, most used first.
    "WITH top AS (SELECT org_key, sum(count) AS total FROM organisations WHERE sender = ?1 GROUP BY org_key "
    "ORDER BY total DESC, org_key LIMIT " +
        std::to_string(kMaxKnownOrganisations) +
        ") SELECT o.org_key, o.name, o.domain, top.total FROM top JOIN organisations o "
        "ON o.sender = ?1 AND o.org_key = top.org_key ORDER BY top.total DESC, o.org_key, o.count DESC, o.domain",
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

Status History::record_sent(std::string_view sender, std::int64_t when, const std::vector<SentRecipient>& recipients,
                            const std::vector<AddressedOrganisation>& organisations) {
  auto tx = Transaction::begin(*db_);
  if (!tx) return std::move(tx).error();
  if (auto st = record_in_transaction(sender, when, recipients); !st) return st;
  if (auto st = record_organisations(sender, when, organisations); !st) return st;
  return tx->commit();
}

Result<bool> History::import_sent(std::string_view message_key, std::string_view sender, std::int64_t when,
                                  const std::vector<SentRecipient>& recipients,
                                  const std::vector<AddressedOrganisation>& organisations) {
  auto tx = Transaction::begin(*db_);
  if (!tx) return std::move(tx).error();
  auto fresh = mark_imported(message_key);
  if (!fresh) return std::move(fresh).error();
  if (!*fresh) return false;  // the destructor ends the empty transaction
  if (auto st = record_in_transaction(sender, when, recipients); !st) return std::move(st).error();
  if (auto st = record_organisations(sender, when, organisations); !st) return std::move(st).error();
  if (auto st = tx->commit(); !st) return std::move(st).error();
  return true;
}

// The organisations a mail showed at a domain, each (key, domain) once (after
// record_in_transaction made the sender's id).
Status History::record_organisations(std::string_view sender, std::int64_t when,
                                     const std::vector<AddressedOrganisation>& organisations) {
  std::set<std::pair<std::string, std::string>> done;
  for (const AddressedOrganisation& o : organisations) {
    std::string key = text::organisation_key(o.name);
    if (key.empty() || o.domain.empty() || !done.emplace(key, o.domain).second) continue;
    auto sid = address_id(sender);
    if (!sid) return std::move(sid).error();
    Statement& u = stmts_[kUpsertOrganisation];
    if (auto st = bind(u, *sid, std::string_view(key), std::string_view(o.domain), std::string_view(o.name), when);
        !st) {
      return st;
    }
    if (auto st = run(u); !st) return st;
  }
  return Ok{};
}

// Display names recorded before schema version 2 (or by an older build) get their key.
Status History::fill_name_keys() {
  auto select = Statement::prepare(*db_, "SELECT sender, address, name FROM contact_names WHERE name_key IS NULL");
  struct Row {
    std::int64_t sender = 0;
    std::int64_t address = 0;
    std::string name;
  };
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
  std::vector<Row> rows;
  for (;;) {
    auto next = select->step();
    if (!next) return std::move(next).error();
    if (!*next) break;
    rows.push_back({select->column_int64(0), select->column_int64(1), select->column_text(2)});
  }
  select->reset();
  for (const auto& [sender, address, name] : rows) {
    const std::string key = text::person_name_key(name);
    if (auto st = bind(*update, sender, address, std::string_view(name), std::string_view(key)); !st) return st;
    if (auto st = run(*update); !st) return st;
  }
  return tx->commit();
}

Result<std::int64_t> History::address_id(std::string_view address) {
  Statement& s = stmts_[kSelectAddressId];
  if (auto st = bind(s, address); !st) return std::move(st).error();
  return single_count(s);
}

Result<std::int64_t> History::ensure_address_id(std::string_view address) {
  auto id = address_id(address);
  if (!id || *id != 0) return id;
  Statement& s = stmts_[kInsertAddress];
  if (auto st = bind(s, address); !st) return std::move(st).error();
  if (auto st = run(s); !st) return std::move(st).error();
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_->handle()));
}

Status History::record_in_transaction(std::string_view sender, std::int64_t when,
                                      const std::vector<SentRecipient>& recipients) {
  invalidate_cache();
  auto sender_id = ensure_address_id(sender);
  if (!sender_id) return std::move(sender_id).error();
  const std::int64_t sid = *sender_id;
  {
    Statement& s = stmts_[kUpsertSender];
    if (auto st = bind(s, sid, when); !st) return st;
    if (auto st = run(s); !st) return st;
  }
  std::map<std::string_view, std::int64_t> ids;
  std::map<std::int64_t, std::string_view> domain_of;  // each address's domain, as the caller gave it
  std::set<std::pair<std::int64_t, std::string_view>> names;
  std::set<std::string_view> domains;
  std::vector<std::int64_t> pair_members;  // ids of the distinct addresses, first seen first
  for (const SentRecipient& r : recipients) {
    if (r.address.empty()) continue;
    auto [it, fresh] = ids.emplace(r.address, 0);
    if (fresh) {
      auto id = ensure_address_id(r.address);
      if (!id) return std::move(id).error();
      it->second = *id;
      domain_of.emplace(*id, r.domain);
      if (pair_members.size() < kMaxPairRecipients) pair_members.push_back(*id);
    }
    if (!r.display_name.empty()) names.emplace(it->second, r.display_name);
    if (!r.domain.empty()) domains.insert(r.domain);
  }
  for (const auto& [address, id] : ids) {
    Statement& s = stmts_[kUpsertContact];
    if (auto st = bind(s, sid, id, when); !st) return st;
    if (auto st = run(s); !st) return st;
  }
  for (const auto& [id, name] : names) {
    Statement& s = stmts_[kUpsertName];
    const std::string key = text::person_name_key(name);
    if (auto st = bind(s, sid, id, name, when, std::string_view(key)); !st) return st;
    if (auto st = run(s); !st) return st;
    const auto found = domain_of.find(id);
    const std::string_view domain = found == domain_of.end() ? std::string_view() : found->second;
    const std::string organisation = text::organisation_in_display_name(name);
    const std::string org_key = text::organisation_key(organisation);
    if (domain.empty() || org_key.empty()) continue;
    Statement& o = stmts_[kUpsertOrganisation];
    if (auto st = bind(o, sid, std::string_view(org_key), domain, std::string_view(organisation), when); !st) return st;
    if (auto st = run(o); !st) return st;
  }
  for (const std::string_view domain : domains) {
    Statement& s = stmts_[kUpsertDomain];
    if (auto st = bind(s, sid, domain, when); !st) return st;
    if (auto st = run(s); !st) return st;
  }
  std::sort(pair_members.begin(), pair_members.end());
  for (std::size_t i = 0; i < pair_members.size(); ++i) {
    for (std::size_t j = i + 1; j < pair_members.size(); ++j) {
      Statement& s = stmts_[kUpsertPair];
      if (auto st = bind(s, sid, pair_members[i], pair_members[j], when); !st) return st;
      if (auto st = run(s); !st) return st;
    }
  }
  return Ok{};
}

Result<bool> History::seen_address(std::string_view sender, std::string_view address) {
  auto info = contact(sender, address);
  if (!info) return std::move(info).error();
  return info->known;
}

Result<ContactInfo> History::contact(std::string_view sender, std::string_view address) {
  auto sid = address_id(sender);
  if (!sid) return std::move(sid).error();
  auto aid = address_id(address);
  if (!aid) return std::move(aid).error();
  if (*sid == 0 || *aid == 0) return ContactInfo{};
  return contact_by_id(*sid, *aid);
}

Result<ContactInfo> History::contact_by_id(std::int64_t sender, std::int64_t address) {
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
  auto st = each_row(s, [&] { info.names.push_back(NameUse{s.column_text(0), s.column_int64(1), s.column_int64(2)}); });
  if (!st) return std::move(st).error();
  return info;
}

Result<std::int64_t> History::domain_count(std::string_view sender, std::string_view domain) {
  auto sid = address_id(sender);
  if (!sid) return std::move(sid).error();
  if (*sid == 0) return std::int64_t{0};
  return domain_count_by_id(*sid, domain);
}

Result<std::int64_t> History::domain_count_by_id(std::int64_t sender, std::string_view domain) {
  Statement& s = stmts_[kSelectDomain];
  if (auto st = bind(s, sender, domain); !st) return std::move(st).error();
  return single_count(s);
}

Result<std::int64_t> History::pair_count(std::string_view sender, std::string_view a, std::string_view b) {
  if (a == b) return std::int64_t{0};
  std::array<std::int64_t, 3> ids{};
  const std::array<std::string_view, 3> addresses{sender, a, b};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto id = address_id(addresses[i]);
    if (!id) return std::move(id).error();
    if (*id == 0) return std::int64_t{0};
    ids[i] = *id;
  }
  return pair_count_by_id(ids[0], ids[1], ids[2]);
}

Result<std::int64_t> History::pair_count_by_id(std::int64_t sender, std::int64_t a, std::int64_t b) {
  if (a == b) return std::int64_t{0};
  if (b < a) std::swap(a, b);
  Statement& s = stmts_[kSelectPair];
  if (auto st = bind(s, sender, a, b); !st) return std::move(st).error();
  return single_count(s);
}

Result<std::int64_t> History::sender_messages(std::string_view sender) {
  auto sid = address_id(sender);
  if (!sid) return std::move(sid).error();
  if (*sid == 0) return std::int64_t{0};
  Statement& s = stmts_[kSelectSender];
  if (auto st = bind(s, *sid); !st) return std::move(st).error();
  return single_count(s);
}

Result<std::vector<KnownContact>> History::contacts_named(std::int64_t sender, std::string_view name_key,
                                                          std::int64_t except_address, bool& crowded) {
  std::vector<KnownContact> out;
  crowded = false;
  if (name_key.empty()) return out;
  {
    // A common name (佐藤美咲 at dozens of addresses) is answered from the index: sorting all its
    // contacts would cost more than the rest of the check, and the rule ignores such names.
    Statement& probe = stmts_[kProbeNamed];
    if (auto st = bind(probe, sender, name_key, except_address); !st) return std::move(st).error();
    std::set<std::int64_t> distinct;
    if (auto st = each_row(probe, [&] { distinct.insert(probe.column_int64(0)); }); !st) {
      return std::move(st).error();
    }
    if (distinct.empty()) return out;
    if (distinct.size() > kMaxSameNameContacts) {
      crowded = true;
      return out;
    }
  }
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

Status History::refresh_caches() {
  auto version = single_count(stmts_[kDataVersion]);
  if (!version) return std::move(version).error();
  if (*version != cache_data_version_) {
    invalidate_cache();
    cache_data_version_ = *version;
  }
  return Ok{};
}

Result<std::shared_ptr<const std::vector<std::string>>> History::known_domains(std::string_view sender) {
  if (auto st = refresh_caches(); !st) return std::move(st).error();
  if (auto it = domain_cache_.find(sender); it != domain_cache_.end()) return it->second;
  auto domains = std::make_shared<std::vector<std::string>>();
  auto sid = address_id(sender);
  if (!sid) return std::move(sid).error();
  if (*sid != 0) {
    Statement& s = stmts_[kSelectDomains];
    if (auto st = bind(s, *sid); !st) return std::move(st).error();
    if (auto st = each_row(s, [&] { domains->push_back(s.column_text(0)); }); !st) return std::move(st).error();
  }
  std::shared_ptr<const std::vector<std::string>> shared = std::move(domains);
  domain_cache_.emplace(std::string(sender), shared);
  return shared;
}

Result<std::shared_ptr<const OrganisationDirectory>> History::known_organisations(std::string_view sender) {
  if (auto st = refresh_caches(); !st) return std::move(st).error();
  if (auto it = organisation_cache_.find(sender); it != organisation_cache_.end()) return it->second;
  std::vector<KnownOrganisation> entries;
  auto sid = address_id(sender);
  if (!sid) return std::move(sid).error();
  if (*sid != 0) {
    Statement& s = stmts_[kSelectOrganisations];
    if (auto st = bind(s, *sid); !st) return std::move(st).error();
    // Rows come grouped by organisation, most used first, and each group's domains most used first.
    auto st = each_row(s, [&] {
      std::string key = s.column_text(0);
      if (entries.empty() || entries.back().key != key) {
        entries.push_back(KnownOrganisation{std::move(key), s.column_text(1), {}, s.column_int64(3)});
      }
      if (entries.back().domains.size() < kMaxOrganisationDomains) entries.back().domains.push_back(s.column_text(2));
    });
    if (!st) return std::move(st).error();
  }
  auto shared = std::make_shared<const OrganisationDirectory>(std::move(entries));
  organisation_cache_.emplace(std::string(sender), shared);
  return std::shared_ptr<const OrganisationDirectory>(std::move(shared));
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
  auto organisations = known_organisations(sender);
  if (!organisations) return std::move(organisations).error();
  facts.organisations = std::move(*organisations);
  auto sender_id = address_id(sender);
  if (!sender_id) return std::move(sender_id).error();
  const std::int64_t sid = *sender_id;
  struct Member {
    std::string_view address;
    std::int64_t id = 0;
  };
  std::vector<Member> pair_members;
  for (const DraftRecipient& r : recipients) {
    if (r.address.empty() || facts.recipients.count(r.address) > 0) continue;
    RecipientHistory& h = facts.recipients[r.address];
    if (facts.messages == 0) continue;  // nothing learned for this sender: every answer is "never"
    auto aid = address_id(r.address);
    if (!aid) return std::move(aid).error();
    if (*aid != 0) {
      auto info = contact_by_id(sid, *aid);
      if (!info) return std::move(info).error();
      h.count = info->count;
      h.first_used = info->first_used;
      h.last_used = info->last_used;
      for (const NameUse& n : info->names) h.names.push_back(n.name);
    }
    if (h.count > 0) {
      h.domain_count = h.count;  // a lower bound: the rules need the domain's count for new addresses only
    } else {
      auto dc = domain_count_by_id(sid, r.domain);
      if (!dc) return std::move(dc).error();
      h.domain_count = *dc;
    }
    auto named = contacts_named(sid, text::person_name_key(r.display_name), *aid, h.same_name_crowded);
    if (!named) return std::move(named).error();
    h.same_name = std::move(*named);
    // An address never written to has been with nobody: no pairs to look up.
    if (h.count > 0 && pair_members.size() < kMaxPairLookupRecipients) pair_members.push_back({r.address, *aid});
  }
  for (std::size_t i = 0; i < pair_members.size(); ++i) {
    for (std::size_t j = i + 1; j < pair_members.size(); ++j) {
      auto n = pair_count_by_id(sid, pair_members[i].id, pair_members[j].id);
      if (!n) return std::move(n).error();
      if (*n == 0) continue;
      std::string a(pair_members[i].address);
      std::string b(pair_members[j].address);
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

// Sets the sender's organisation row for (key, domain) to what the stored names still say: the
// sum of the counts of the names at the domain that carry it, the latest one's spelling; deletes
// it when none is left. Reads every name of the sender (forget is rare; no index by domain).
Status History::recount_organisation(std::int64_t sender, std::string_view key, std::string_view domain) {
  auto names = Statement::prepare(*db_,
                                  "SELECT ad.address, n.name, n.count, n.last_used FROM contact_names n "
                                  "JOIN addresses ad ON ad.id = n.address WHERE n.sender = ?1");
  if (!names) return std::move(names).error();
  if (auto st = bind(*names, sender); !st) return st;
  std::int64_t count = 0;
  std::int64_t last_used = 0;
  std::string spelling;
  auto st = each_row(*names, [&] {
    const std::string address = names->column_text(0);
    const std::size_t at = address.rfind('@');
    if (at == std::string::npos || std::string_view(address).substr(at + 1) != domain) return;
    std::string organisation = text::organisation_in_display_name(names->column_text(1));
    if (text::organisation_key(organisation) != key) return;
    count += names->column_int64(2);
    const std::int64_t used = names->column_int64(3);
    if (spelling.empty() || used >= last_used) spelling = std::move(organisation);
    last_used = std::max(last_used, used);
  });
  if (!st) return st;
  auto update = Statement::prepare(
      *db_, count == 0 ? "DELETE FROM organisations WHERE sender = ?1 AND org_key = ?2 AND domain = ?3"
                       : "UPDATE organisations SET count = ?4, last_used = ?5, name = ?6 "
                         "WHERE sender = ?1 AND org_key = ?2 AND domain = ?3");
  if (!update) return std::move(update).error();
  if (count == 0) {
    if (auto b = bind(*update, sender, key, domain); !b) return b;
  } else {
    if (auto b = bind(*update, sender, key, domain, count, last_used, std::string_view(spelling)); !b) return b;
  }
  return update->run();
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
    auto id = address_id(address);
    if (!id) return std::move(id).error();
    if (*id == 0) return tx->commit();  // never stored
    // The organisations this address's names taught other senders, counted again below.
    std::set<std::pair<std::int64_t, std::string>> taught;
    const std::size_t at = address.rfind('@');
    const std::string_view domain = at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
    {
      auto names = Statement::prepare(*db_, "SELECT sender, name FROM contact_names WHERE address = ?1");
      if (!names) return std::move(names).error();
      if (auto st = bind(*names, *id); !st) return st;
      auto st = each_row(*names, [&] {
        std::string key = text::organisation_key(text::organisation_in_display_name(names->column_text(1)));
        if (!key.empty() && names->column_int64(0) != *id) taught.emplace(names->column_int64(0), std::move(key));
      });
      if (!st) return st;
    }
    for (const std::string_view sql :
         {"DELETE FROM contacts WHERE address = ?1 OR sender = ?1",
          "DELETE FROM contact_names WHERE address = ?1 OR sender = ?1",
          "DELETE FROM pairs WHERE a = ?1 OR b = ?1 OR sender = ?1", "DELETE FROM domains WHERE sender = ?1",
          "DELETE FROM organisations WHERE sender = ?1", "DELETE FROM senders WHERE sender = ?1",
          "DELETE FROM addresses WHERE id = ?1"}) {
      auto stmt = Statement::prepare(*db_, sql);
      if (!stmt) return std::move(stmt).error();
      if (auto st = bind(*stmt, *id); !st) return st;
      if (auto st = stmt->run(); !st) return st;
    }
    for (const auto& [sender, key] : taught) {
      if (auto st = recount_organisation(sender, key, domain); !st) return st;
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
