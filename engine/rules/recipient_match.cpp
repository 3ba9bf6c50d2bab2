// How recipient rules tell organisations apart and find an address on a helpdesk list.
#include "rules/recipient_match.h"

#include <algorithm>
#include <array>
#include <unordered_set>

namespace sg::rules {

namespace {

// Second-level labels under which country-code TLDs register organisations (client.co.jp,
// client.com.au, client.co.uk): the common part of the public suffix list, without its size.
constexpr std::array<std::string_view, 24> kSecondLevelLabels = {
    "co",  "ne",  "or",  "ac",  "ad",  "ed",  "go",  "gr",  "lg",   "com", "net",  "org",
    "edu", "gov", "mil", "ltd", "plc", "nom", "sch", "gob", "govt", "nhs", "info", "biz"};

std::vector<std::string_view> labels_of(std::string_view domain) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    labels.push_back(domain.substr(start, dot - start));
    start = dot + 1;
  }
  return labels;
}

}  // namespace

std::string registrable_domain(std::string_view domain_ascii) {
  while (domain_ascii.ends_with('.')) domain_ascii.remove_suffix(1);  // a rooted name "x.example."
  const std::vector<std::string_view> labels = labels_of(domain_ascii);
  if (labels.size() <= 2) return std::string(domain_ascii);
  const std::string_view tld = labels[labels.size() - 1];
  const std::string_view second = labels[labels.size() - 2];
  std::size_t keep = 2;
  if (tld.size() == 2 &&
      std::find(kSecondLevelLabels.begin(), kSecondLevelLabels.end(), second) != kSecondLevelLabels.end()) {
    keep = 3;
  }
  if (labels.size() <= keep) return std::string(domain_ascii);
  std::size_t offset = 0;
  for (std::size_t i = 0; i < labels.size() - keep; ++i) offset += labels[i].size() + 1;
  return std::string(domain_ascii.substr(offset));
}

bool is_freemail(const Profile& profile, std::string_view domain_ascii) {
  const auto& patterns = profile.list("/lists/freemail_domains");
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return domain_matches(domain_ascii, p); });
}

std::string organization_of(const Address& address, bool freemail) {
  return freemail ? address.key() : registrable_domain(address.domain_ascii);
}

std::optional<std::string> list_entry_for(const std::vector<std::string>& entries, const Address& address) {
  const std::string key = address.key();
  const std::string_view domain = address.domain_ascii;
  for (const std::string& entry : entries) {
    if (entry.find('@') != std::string::npos) {
      if (entry == key) return entry;
    } else if (entry.starts_with("*.")) {
      if (domain_matches(domain, entry)) return entry;
    } else if (domain == entry || (domain.size() > entry.size() + 1 && domain.ends_with(entry) &&
                                   domain[domain.size() - entry.size() - 1] == '.')) {
      return entry;
    }
  }
  return std::nullopt;
}

std::vector<ListHit> recipients_on_list(const DraftFacts& facts, const std::vector<std::string>& entries) {
  std::vector<ListHit> hits;
  if (entries.empty()) return hits;
  std::unordered_set<std::string> seen;
  for (const RecipientFact& r : facts.recipients) {
    if (!seen.insert(r.address->key()).second) continue;
    if (auto entry = list_entry_for(entries, *r.address)) hits.push_back({&r, std::move(*entry)});
  }
  return hits;
}

std::vector<std::string> addresses_of(const std::vector<ListHit>& hits) {
  std::vector<std::string> out;
  out.reserve(hits.size());
  for (const ListHit& h : hits) out.push_back(h.recipient->address->address());
  return out;
}

Finding list_finding(const FindingSpec& spec, const std::vector<ListHit>& hits, Text message) {
  Finding f = make_finding(spec, std::move(message));
  ValueList matches;
  for (const ListHit& h : hits) {
    f.targets.push_back(Target::recipient(*h.recipient->address));
    matches.push_back(Value::object()
                          .set("address", h.recipient->address->address())
                          .set("field", std::string(field_name(h.recipient->field)))
                          .set("entry", h.entry));
  }
  f.evidence.set("matches", std::move(matches));
  return f;
}

}  // namespace sg::rules
