// The history database's schema and its versioned migrations (PRAGMA user_version).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "store/sqlite.h"

namespace sg::store {

// The schema this code writes and reads. Version 1:
//   contacts(sender, address, first_used, last_used, count)       PK (sender, address)
//   contact_names(sender, address, name, count, last_used)        PK (sender, address, name)
//   domains(sender, domain, first_used, last_used, count)         PK (sender, domain)
//   pairs(sender, a, b, count, last_used), a < b                  PK (sender, a, b)
//   imported(message_key)                                         PK
// Version 2 adds:
//   contact_names.name_key (text::person_name_key of name; '' when not a person's name), indexed
//   senders(sender, messages, first_used, last_used)              PK (sender)
// Version 3 stores each address once and refers to it by id everywhere else:
//   addresses(id, address)                                        PK id, UNIQUE address
//   contacts, contact_names, domains, pairs, senders: sender, address, a and b are address ids
//   (pairs ordered by id: a < b); names, domains and times as before
// Version 4 adds the organisations the recipients' display names carry ("佐藤 花子 (株式会社アルファ)"):
//   organisations(sender, org_key, domain, name, count, last_used)  PK (sender, org_key, domain)
//   org_key is text::organisation_key of the organisation text::organisation_in_display_name
//   finds; domain the recipient's; name the organisation as last written; count the sum of the
//   contact_names counts of that sender's names at the domain that carry it (each distinct
//   recipient name of each message once), so it can be rebuilt from contact_names. The migration
//   fills it from the contact_names already stored.
// Times are int64 unix seconds. Senders, addresses and domains are stored as the caller gives
// them: the caller normalises them first (addresses with a lower-case domain, domains as lower-case
// A-labels), so that equal addresses compare equal as bytes.
inline constexpr std::int64_t kSchemaVersion = 4;

// PRAGMA user_version: 0 for a new, empty database.
Result<std::int64_t> schema_version(Database& db);

// Brings the database up to kSchemaVersion, one transaction per version step, so a crash leaves
// it at a whole version. A database newer than this code is refused and left untouched. Safe to
// run again, and by several processes at once (each step re-reads the version under the lock).
Status migrate(Database& db);

// The same up to `target` only (tests build databases of an older version with it).
Status migrate_to(Database& db, std::int64_t target);

}  // namespace sg::store
