// Per-sender sending history: who each sender writes to, under which names, at which domains, and
// which recipients appear together. Local only; nothing here leaves the machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <map>
#include <memory>

#include "core/history_facts.h"
#include "core/result.h"
#include "core/verdict.h"
#include "store/sqlite.h"

namespace sg::store {

// Co-occurrence pairs are counted among at most this many distinct recipients of one message
// (the first ones, in the order given); recipients beyond it still count as contacts and domains
// but form no pairs. A mail to a 4,500-parent list would otherwise write ~10 million pairs in one
// transaction, and such a list says little about who belongs together. 200 gives at most 19,900.
inline constexpr std::size_t kMaxPairRecipients = 200;

// Known contacts returned per display name (a name shared by more is not a person's: see rules).
inline constexpr std::size_t kMaxSameNameContacts = 8;

// The learned organisation directory (HistoryFacts::organisations) holds at most this many
// organisations, the most used; each with at most kMaxOrganisationDomains domains, the most used.
// 5,000 covers a very large address book (issue 5's 1M-message history has 4,922 domains) and
// keeps a rebuild after a write near the cost of the known-domain list's.
inline constexpr std::size_t kMaxKnownOrganisations = 5000;
inline constexpr std::size_t kMaxOrganisationDomains = 16;

// One distinct recipient of a draft, normalised like SentRecipient.
struct DraftRecipient {
  std::string address;
  std::string domain;
  std::string display_name;
};

// Addresses and domains must already be normalised by the caller (see store/schema.h): the store
// compares them as bytes.
struct SentRecipient {
  std::string address;
  std::string domain;
  std::string display_name;  // as shown in the header; empty when there was none
};

struct NameUse {
  std::string name;
  std::int64_t count = 0;
  std::int64_t last_used = 0;
};

struct ContactInfo {
  bool known = false;  // false: never sent to; the other fields are zero
  std::int64_t first_used = 0;
  std::int64_t last_used = 0;
  std::int64_t count = 0;      // messages sent to this address
  std::vector<NameUse> names;  // most used first
};

// Queries and updates over a migrated Database, which must outlive it. Statements are prepared
// once. Like the Database, one History is used by one thread at a time.
class History {
 public:
  // Migrates the database to the current schema (store/schema.h) and prepares the statements.
  static Result<History> open(Database& db);

  // One sent message, in one transaction (or a savepoint within the caller's transaction):
  // each distinct address counts once (count + 1, first and last use), each distinct non-empty
  // (address, display name) once, each distinct domain once, and each unordered pair of distinct
  // addresses among the first kMaxPairRecipients once, and the organisation each distinct display
  // name carries (text::organisation_in_display_name) once at the address's domain. Times may
  // arrive out of order (imports).
  // `organisations`: organisations the mail showed at a domain (the one its salutation addressed,
  // those in its signature blocks; Verdict::organisations_seen): each counts once there, as a
  // display name carrying it would.
  Status record_sent(std::string_view sender, std::int64_t when, const std::vector<SentRecipient>& recipients,
                     const std::vector<AddressedOrganisation>& organisations = {});

  // An imported message, idempotently: records it unless message_key was imported before, both in
  // one transaction. true when recorded, false when it was already there.
  Result<bool> import_sent(std::string_view message_key, std::string_view sender, std::int64_t when,
                           const std::vector<SentRecipient>& recipients,
                           const std::vector<AddressedOrganisation>& organisations = {});

  Result<bool> seen_address(std::string_view sender, std::string_view address);
  Result<ContactInfo> contact(std::string_view sender, std::string_view address);
  // Messages sent to the domain (0 when never).
  Result<std::int64_t> domain_count(std::string_view sender, std::string_view domain);
  // Messages that had both addresses among their recipients; symmetric in a and b.
  Result<std::int64_t> pair_count(std::string_view sender, std::string_view a, std::string_view b);

  // Messages the sender has sent that the history learned from (0 when none).
  Result<std::int64_t> sender_messages(std::string_view sender);

  // Everything the history rules need about a draft's recipients (core/history_facts.h), in a
  // read transaction so the answers are consistent with each other.
  Result<HistoryFacts> facts_for(std::string_view sender, const std::vector<DraftRecipient>& recipients);

  // The domains the sender has written to, most used first. Cached per sender until this
  // connection writes or another one commits (PRAGMA data_version).
  Result<std::shared_ptr<const std::vector<std::string>>> known_domains(std::string_view sender);

  // The organisations named in the display names of the sender's recipients, most used first, at
  // most kMaxKnownOrganisations. Cached per sender like known_domains.
  Result<std::shared_ptr<const OrganisationDirectory>> known_organisations(std::string_view sender);

  // Remembers an imported message's key: true when new, false when it was already there.
  Result<bool> mark_imported(std::string_view message_key);

  // Removes the address from contacts, contact_names and pairs, for every sender, and, when it is
  // itself a sender, that sender's whole history; then overwrites the freed content
  // (secure_delete) and checkpoints the WAL so the old pages do not linger. The organisations its
  // display names taught other senders are counted again from the names that remain at its domain:
  // one that only this address carried is gone. Domain counts of other senders are aggregates and
  // stay.
  Status forget(std::string_view address);

 private:
  explicit History(Database& db) : db_(&db) {}
  Status record_in_transaction(std::string_view sender, std::int64_t when,
                               const std::vector<SentRecipient>& recipients);

  Status fill_name_keys();
  // The id of an address in `addresses`; 0 when it was never stored.
  Result<std::int64_t> address_id(std::string_view address);
  Result<std::int64_t> ensure_address_id(std::string_view address);
  Result<ContactInfo> contact_by_id(std::int64_t sender, std::int64_t address);
  Result<std::int64_t> domain_count_by_id(std::int64_t sender, std::string_view domain);
  Result<std::int64_t> pair_count_by_id(std::int64_t sender, std::int64_t a, std::int64_t b);
  // Known contacts other than except_address whose name key is name_key, most used first; none
  // and crowded = true when more than kMaxSameNameContacts addresses carry it.
  Result<std::vector<KnownContact>> contacts_named(std::int64_t sender, std::string_view name_key,
                                                   std::int64_t except_address, bool& crowded);
  // Clears the per-sender caches when another connection has committed since they were filled.
  Status refresh_caches();
  Status recount_organisation(std::int64_t sender, std::string_view key, std::string_view domain);
  Status record_organisations(std::string_view sender, std::int64_t when,
                              const std::vector<AddressedOrganisation>& organisations);
  void invalidate_cache() {
    domain_cache_.clear();
    organisation_cache_.clear();
  }

  Database* db_;
  std::vector<Statement> stmts_;  // indexed by the Stmt enum in history.cpp
  std::map<std::string, std::shared_ptr<const std::vector<std::string>>, std::less<>> domain_cache_;
  std::map<std::string, std::shared_ptr<const OrganisationDirectory>, std::less<>> organisation_cache_;
  std::int64_t cache_data_version_ = -1;
};

}  // namespace sg::store
