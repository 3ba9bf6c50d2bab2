// What the sender's history says about a draft's recipients, gathered before the rules run (by
// engine/store from SQLite, or by a test by hand), so the rules stay pure functions of facts.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/organisations.h"

namespace sg {

// Co-occurrence is looked up among at most this many distinct recipients of a draft (n(n-1)/2
// indexed lookups: 435 at 30). Larger drafts are mass mail, where "the one who does not belong"
// means little; their recipients still get their per-address facts.
inline constexpr std::size_t kMaxPairLookupRecipients = 30;

// A known contact of the sender: an address they have written to, under a display name.
struct KnownContact {
  std::string address;  // Address::key() form
  std::string name;     // the display name it was used with ("" when none)
  std::int64_t count = 0;
  std::int64_t last_used = 0;
};

struct RecipientHistory {
  std::int64_t count = 0;  // messages sent to this address (0: never)
  std::int64_t first_used = 0;
  std::int64_t last_used = 0;
  std::vector<std::string> names;       // display names used with it, most used first
  std::int64_t domain_count = 0;        // messages sent to anyone at its domain
  std::vector<KnownContact> same_name;  // other known addresses whose name key equals this display name's
  // More other known addresses carry the name than the store returns (store::kMaxSameNameContacts):
  // a common name that says nothing about who is meant. same_name is then empty.
  bool same_name_crowded = false;
};

struct HistoryFacts {
  std::int64_t messages = 0;  // messages the sender has sent that the history learned from
  // By Address::key() of each distinct recipient of the draft.
  std::map<std::string, RecipientHistory> recipients;
  // Messages that had both recipients among theirs, by the two keys in byte order (a < b).
  std::map<std::pair<std::string, std::string>, std::int64_t> pairs;
  // Domains (A-labels) the sender has written to, most used first; shared with a cache.
  std::shared_ptr<const std::vector<std::string>> known_domains;
  // Organisations named in the display names of the sender's recipients (store::
  // kMaxKnownOrganisations at most); shared with a cache. Null or empty when none.
  std::shared_ptr<const OrganisationDirectory> organisations;

  [[nodiscard]] const RecipientHistory* find(const std::string& key) const {
    auto it = recipients.find(key);
    return it == recipients.end() ? nullptr : &it->second;
  }
  [[nodiscard]] std::int64_t pair(const std::string& a, const std::string& b) const {
    auto it = a < b ? pairs.find({a, b}) : pairs.find({b, a});
    return it == pairs.end() ? 0 : it->second;
  }
};

}  // namespace sg
