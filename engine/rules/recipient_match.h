// How recipient rules tell organisations apart and find an address on a helpdesk list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "rules/rule.h"

namespace sg::rules {

// The registrable part of an A-label domain (its "eTLD+1"), by a small built-in approximation of
// the public suffix list: "sales.client.co.jp" -> "client.co.jp", "mail.client.example" ->
// "client.example". Good enough to group one organisation's subdomains; not a security boundary.
[[nodiscard]] std::string registrable_domain(std::string_view domain_ascii);

// True when the domain is on /lists/freemail_domains (exact, or a "*." pattern).
[[nodiscard]] bool is_freemail(const Profile& profile, std::string_view domain_ascii);

// The organisation an address belongs to: its registrable domain, except that every address at a
// free-mail domain is an organisation of its own (4,500 parents at gmail.com do not know each other).
[[nodiscard]] std::string organization_of(const Address& address, bool freemail);

// The first entry of a normalised address-or-domain list that names the address: "x@y.example"
// compared with Address::key(), a domain for itself and its subdomains (a list names whole
// organisations), "*.y.example" for subdomains only.
[[nodiscard]] std::optional<std::string> list_entry_for(const std::vector<std::string>& entries,
                                                        const Address& address);

// One recipient found on a list, with the entry that named it.
struct ListHit {
  const RecipientFact* recipient = nullptr;
  std::string entry;
};

// Every recipient (each address once, in to/cc/bcc order) that a list entry names.
[[nodiscard]] std::vector<ListHit> recipients_on_list(const DraftFacts& facts, const std::vector<std::string>& entries);

// The hits' addresses as written, for messages and suggestions.
[[nodiscard]] std::vector<std::string> addresses_of(const std::vector<ListHit>& hits);

// A finding for recipients on a helpdesk list: a target per hit and evidence "matches":
// [{address, field, entry}].
[[nodiscard]] Finding list_finding(const FindingSpec& spec, const std::vector<ListHit>& hits, Text message);

}  // namespace sg::rules
