// Look-alike domains: a recipient domain that resembles, but is not, one the user knows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sg::text {

enum class LookalikeKind {
  typo,            // the labels differ by a small edit, or only by an added/removed hyphen or dot
  swapped_suffix,  // same label under another public suffix: abc-shoji.jp / abc-shoji.co.jp
  homoglyph,       // same confusable skeleton (UTS #39): exarnple / example, Cyrillic а / Latin a
};

struct LookalikeMatch {
  std::string known;  // the known domain it resembles, as given in `known`
  LookalikeKind kind;
  int distance;  // typo: the edit distance; swapped_suffix and homoglyph: 0
};

// The registrable domain (eTLD+1, Public Suffix List, private section included) of an ASCII
// (A-label) domain, lower-cased: "mail.abc-shoji.co.jp" -> "abc-shoji.co.jp". Unknown TLDs fall
// under the list's default rule "*" (the last two labels: "corp.example"). "" when the domain is
// itself a public suffix ("co.jp", "localhost") or empty.
[[nodiscard]] std::string registrable_domain(std::string_view ascii_domain);

// The best match of `candidate` among `known` (the user's internal domains and the domains of
// their sending history), or nullopt. Both are ASCII (A-label) domains. The candidate's case and
// trailing dot are ignored; `known` must already be lower case without a trailing dot, as the
// history stores domains (they are not normalised again on every call).
//
// A candidate that is one of the known domains, a subdomain of one, or shares its registrable
// domain with one, is never a look-alike (whatever the other known domains). Otherwise the
// registrable domains are compared; "label" is the part left of the public suffix
// ("abc-shoji" in "abc-shoji.co.jp"):
//  - homoglyph: equal confusable skeletons of the Unicode forms (rn/m, 0/o, 1/l, Cyrillic а/a);
//  - swapped_suffix: equal labels, different public suffixes;
//  - typo: Damerau-Levenshtein distance (an adjacent transposition counts 1) between the labels
//    of at most 1 when the shorter has >= 5 characters, at most 2 when it has >= 10; or the parts
//    left of the public suffix equal once hyphens and dots are removed (ruri-insatsu /
//    ruriinsatsu, ruri.insatsu / ruriinsatsu), again for >= 5 characters. The public suffixes may
//    differ. IDN labels (xn--) are compared by homoglyph only: edits of Punycode mean nothing.
// Best: homoglyph, then swapped_suffix, then typo; then the lower distance; then the earlier
// position in `known`.
//
// This is evidence, not a verdict: one edit in an 8-character label also matches names that
// really are different customers (client-a.example / client-b.example), so the rule combines a
// match with other evidence (first-time recipient, the known domain's history) before warning.
//
// Cost: builds a LookalikeIndex of `known` (below) for the one search; callers that search one
// list many times keep the index.
[[nodiscard]] std::optional<LookalikeMatch> find_lookalike(std::string_view candidate,
                                                           std::span<const std::string> known);

// find_lookalike over one list of known domains, many times: the Public Suffix List and skeleton
// work is done once per known domain when the index is built (about 1 µs each; `previous` lends
// the entries of domains it already has, so a reordered or grown list costs a hash lookup per
// domain), and a search looks at the domains with the same skeleton, label or hyphen-free form
// and at labels of a length within two of the candidate's, not at every known domain.
// Immutable once built: one index may be searched from several threads.
class LookalikeIndex {
 public:
  struct Entry;
  explicit LookalikeIndex(std::span<const std::string> known, const LookalikeIndex* previous = nullptr);
  LookalikeIndex(const LookalikeIndex&) = delete;
  LookalikeIndex& operator=(const LookalikeIndex&) = delete;
  ~LookalikeIndex();
  [[nodiscard]] std::optional<LookalikeMatch> find(std::string_view candidate) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  // Whether a known domain has this registrable domain (lower case).
  [[nodiscard]] bool has_registrable(const std::string& registrable) const { return regs_.count(registrable) > 0; }

 private:
  std::vector<std::shared_ptr<const Entry>> entries_;  // in the order given
  std::unordered_map<std::string, std::uint32_t> by_domain_;
  std::unordered_set<std::string> parted_;  // known domains that are not bare public suffixes
  std::unordered_set<std::string> regs_;    // their registrable domains
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_skeleton_, by_label_, by_compact_;
  struct EditLabel {
    std::uint32_t index;
    std::uint64_t chars;     // which characters occur (text::domain_similarity.cpp: char_mask)
    std::string_view label;  // into the entry, which the index keeps alive
  };
  std::unordered_map<std::size_t, std::vector<EditLabel>> by_label_length_;
};

}  // namespace sg::text
