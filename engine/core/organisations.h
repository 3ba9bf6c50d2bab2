// Organisations and the domains they write from: learned from a sender's history (display names)
// or listed by the helpdesk (/lists/customers). attachment.mismatch asks it who is where.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg {

// An organisation: from the display names of a sender's recipients ("佐藤 花子 (株式会社アルファ)"),
// with the domains of the addresses that carried it, or from the helpdesk's customer list.
struct KnownOrganisation {
  std::string key;                   // text::organisation_key of the name
  std::string name;                  // as written (NFKC), from its most used domain
  std::vector<std::string> domains;  // A-labels, most used first
  std::int64_t count = 0;            // uses over all its domains (one per recipient name per message)
};

// The organisations learned from a sender's history, most used first, with lookups by key and by
// domain. Immutable once built: the store shares one per sender between checks.
class OrganisationDirectory {
 public:
  OrganisationDirectory() = default;
  explicit OrganisationDirectory(std::vector<KnownOrganisation> entries) : entries_(std::move(entries)) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      by_key_.emplace(entries_[i].key, i);  // the first (most used) entry of a key wins
      for (const std::string& d : entries_[i].domains) by_domain_.emplace(d, i);
    }
  }

  [[nodiscard]] const std::vector<KnownOrganisation>& entries() const { return entries_; }
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  // The organisation with exactly this key, or null.
  [[nodiscard]] const KnownOrganisation* find(std::string_view key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : &entries_[it->second];
  }
  // The organisations seen at this domain (A-label), most used first.
  [[nodiscard]] std::vector<const KnownOrganisation*> at_domain(std::string_view domain) const {
    std::vector<std::size_t> found;
    for (auto [it, end] = by_domain_.equal_range(domain); it != end; ++it) found.push_back(it->second);
    std::sort(found.begin(), found.end());
    std::vector<const KnownOrganisation*> out;
    for (const std::size_t i : found) out.push_back(&entries_[i]);
    return out;
  }

 private:
  std::vector<KnownOrganisation> entries_;
  std::map<std::string, std::size_t, std::less<>> by_key_;
  std::multimap<std::string, std::size_t, std::less<>> by_domain_;
};

}  // namespace sg
