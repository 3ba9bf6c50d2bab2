// Look-alike domains: registrable domains from the Public Suffix List, edit distance, skeletons.
#include "text/domain_similarity.h"

#include <libpsl.h>
#include <unicode/uidna.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sg::text {

namespace {

constexpr std::size_t kMinTypoLabel = 5;   // shorter labels never match as typos
constexpr std::size_t kTwoEditLabel = 10;  // from this length two edits are still a typo
constexpr std::size_t kMaxLabel = 63;      // the DNS label limit; longer labels are not edited
constexpr int kMaxTypoDistance = 2;

const psl_ctx_t* public_suffixes() {
  // The list compiled into libpsl; psl_latest() (the distribution's file) only if it has none.
  static const psl_ctx_t* ctx = [] {
    const psl_ctx_t* p = psl_builtin();
    return p != nullptr ? p : psl_latest(nullptr);
  }();
  return ctx;
}

const USpoofChecker* spoof_checker() {
  static const std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* p = uspoof_open(&status);
    if (U_FAILURE(status)) p = nullptr;
    return std::unique_ptr<USpoofChecker, decltype(&uspoof_close)>(p, &uspoof_close);
  }();
  return checker.get();
}

const UIDNA* uts46() {
  static const std::unique_ptr<UIDNA, decltype(&uidna_close)> idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* p = uidna_openUTS46(UIDNA_NONTRANSITIONAL_TO_UNICODE, &status);
    if (U_FAILURE(status)) p = nullptr;
    return std::unique_ptr<UIDNA, decltype(&uidna_close)>(p, &uidna_close);
  }();
  return idna.get();
}

std::int32_t icu_length(std::size_t n) {
  return static_cast<std::int32_t>(std::min<std::size_t>(n, INT32_MAX));
}

// Lower case, surrounding space and one trailing dot removed.
std::string normalize_domain(std::string_view d) {
  d = trim(d);
  if (!d.empty() && d.back() == '.') d.remove_suffix(1);
  return ascii_lower(d);
}

bool is_idn_label(std::string_view label) {
  return label.size() >= 4 && label[0] == 'x' && label[1] == 'n' && label[2] == '-' && label[3] == '-';
}

bool has_idn_label(std::string_view domain) {
  return is_idn_label(domain) || domain.find(".xn--") != std::string_view::npos;
}

struct DomainParts {
  std::string_view reg;     // registrable domain, a tail of the whole
  std::string_view label;   // its first label
  std::string_view suffix;  // the public suffix
  std::string_view left;    // the whole without "." + suffix
};

// `whole` must be normalised and NUL-terminated.
std::optional<DomainParts> split_domain(std::string_view whole) {
  const psl_ctx_t* psl = public_suffixes();
  if (psl == nullptr || whole.empty() || whole.find('\0') != std::string_view::npos) return std::nullopt;
  const char* reg = psl_registrable_domain(psl, whole.data());
  if (reg == nullptr) return std::nullopt;
  DomainParts p;
  p.reg = whole.substr(static_cast<std::size_t>(reg - whole.data()));
  const std::size_t dot = p.reg.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  p.label = p.reg.substr(0, dot);
  p.suffix = p.reg.substr(dot + 1);
  p.left = whole.substr(0, whole.size() - p.suffix.size() - 1);
  return p;
}

// UTS #39 skeleton of UTF-8 text, case-folded: ICU maps 0 to "O", and domains ignore case.
std::optional<std::string> icu_skeleton(std::string_view utf8) {
  const USpoofChecker* checker = spoof_checker();
  if (checker == nullptr) return std::nullopt;
  std::string out(utf8.size() * 3 + 16, '\0');
  UErrorCode status = U_ZERO_ERROR;
  std::int32_t n = uspoof_getSkeletonUTF8(checker, 0, utf8.data(), icu_length(utf8.size()), out.data(),
                                          icu_length(out.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    out.assign(static_cast<std::size_t>(n), '\0');
    status = U_ZERO_ERROR;
    n = uspoof_getSkeletonUTF8(checker, 0, utf8.data(), icu_length(utf8.size()), out.data(), icu_length(out.size()),
                               &status);
  }
  if (U_FAILURE(status)) return std::nullopt;
  out.resize(static_cast<std::size_t>(n));
  return fold(out);
}

// The skeleton of each ASCII character, taken from ICU once. The skeleton of ASCII text is the
// concatenation of its characters' skeletons (NFD leaves ASCII alone, and no prototype of an ASCII
// character starts with a combining mark), so plain domains need no ICU call per comparison.
const std::array<std::string, 128>& ascii_skeletons() {
  static const std::array<std::string, 128> table = [] {
    std::array<std::string, 128> t;
    for (std::size_t c = 0; c < t.size(); ++c) {
      const std::string one(1, static_cast<char>(c));
      t[c] = icu_skeleton(one).value_or(one);
    }
    return t;
  }();
  return table;
}

// ASCII without IDN labels: its skeleton comes from the per-character table.
bool plain_ascii(std::string_view domain) {
  return std::all_of(domain.begin(), domain.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }) &&
         !has_idn_label(domain);
}

// Skeleton of a registrable domain's Unicode form; nullopt when the A-labels are not valid IDNA.
std::optional<std::string> domain_skeleton(std::string_view ascii) {
  if (plain_ascii(ascii)) {
    const auto& table = ascii_skeletons();
    std::string s;
    for (const char ch : ascii) s += table[static_cast<unsigned char>(ch)];
    return s;
  }
  const UIDNA* idna = uts46();
  if (idna == nullptr) return std::nullopt;
  std::string unicode(ascii.size() * 3 + 16, '\0');
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  std::int32_t n = uidna_nameToUnicodeUTF8(idna, ascii.data(), icu_length(ascii.size()), unicode.data(),
                                           icu_length(unicode.size()), &info, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    unicode.assign(static_cast<std::size_t>(n), '\0');
    status = U_ZERO_ERROR;
    info = UIDNA_INFO_INITIALIZER;
    n = uidna_nameToUnicodeUTF8(idna, ascii.data(), icu_length(ascii.size()), unicode.data(),
                                icu_length(unicode.size()), &info, &status);
  }
  if (U_FAILURE(status) || info.errors != 0) return std::nullopt;
  unicode.resize(static_cast<std::size_t>(n));
  return icu_skeleton(unicode);
}

// Whether f(label) holds for a label of `k` other than the last (the registrable label never is
// the last: every top-level domain is a public suffix). Stops at the first that does.
std::string without_separators(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    if (ch != '-' && ch != '.') out += ch;
  }
  return out;
}

// Optimal-string-alignment Damerau-Levenshtein distance (an adjacent transposition counts one
// edit), or bound + 1 when it exceeds `bound`. Read from the front: after the common prefix and
// suffix the first edit is a substitution, deletion, insertion or transposition there. With the
// small bounds used here (<= 2) that is at most 5 calls, most of which stop at their first byte.
int bounded_distance(std::string_view a, std::string_view b, int bound) {
  // A common prefix or suffix does not change the distance.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  a.remove_prefix(prefix);
  b.remove_prefix(prefix);
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  const auto longer = static_cast<int>(std::max(a.size(), b.size()));
  if (a.empty() || b.empty()) return std::min(longer, bound + 1);
  if (bound == 0 || std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > bound) return bound + 1;
  if (bound == 1) {
    // One edit leaves one differing character on each side, or a swapped pair.
    const bool substitution = a.size() == 1 && b.size() == 1;
    const bool transposition = a.size() == 2 && b.size() == 2 && a[0] == b[1] && a[1] == b[0];
    return substitution || transposition ? 1 : 2;
  }
  int best = 1 + bounded_distance(a.substr(1), b.substr(1), bound - 1);
  best = std::min(best, 1 + bounded_distance(a.substr(1), b, bound - 1));
  best = std::min(best, 1 + bounded_distance(a, b.substr(1), bound - 1));
  if (a.size() > 1 && b.size() > 1 && a[0] == b[1] && a[1] == b[0]) {
    best = std::min(best, 1 + bounded_distance(a.substr(2), b.substr(2), bound - 1));
  }
  return std::min(best, bound + 1);
}

// The same by dynamic programming, unbounded, for parts of any length (only to report the
// distance of a match already found).
int distance(std::string_view a, std::string_view b) {
  std::vector<int> before(b.size() + 1);  // row i - 2
  std::vector<int> prev(b.size() + 1);    // row i - 1
  std::vector<int> cur(b.size() + 1);     // row i
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string registrable_domain(std::string_view ascii_domain) {
  const std::string whole = normalize_domain(ascii_domain);
  const auto parts = split_domain(whole);
  return parts ? std::string(parts->reg) : std::string();
}

// What the search needs of one known domain, worked out once when the index is built.
struct LookalikeIndex::Entry {
  std::string domain;  // as given
  bool has_parts = false;
  std::string reg, label, suffix, left;  // DomainParts, owned
  std::optional<std::string> skeleton;   // of reg
  std::string compact_left;              // left without separators; "" when IDN or too short to count
  bool edit_label = false;               // the label may match by edits (not IDN, 5..63 characters)
};

namespace {

// One bit per character that occurs (letters, digits, hyphen; anything else shares bit 63). One
// edit changes at most two bits (a substitution: one character gone, one new; an insertion or
// deletion: one; a transposition: none), so labels whose masks differ in more than 2 * bound bits
// are further apart than bound and need no distance computation.
std::uint64_t char_mask(std::string_view label) {
  std::uint64_t mask = 0;
  for (const char ch : label) {
    unsigned bit = 63;
    if (ch >= 'a' && ch <= 'z')
      bit = static_cast<unsigned>(ch - 'a');
    else if (ch >= '0' && ch <= '9')
      bit = 26 + static_cast<unsigned>(ch - '0');
    else if (ch == '-')
      bit = 36;
    mask |= std::uint64_t{1} << bit;
  }
  return mask;
}

std::shared_ptr<const LookalikeIndex::Entry> make_entry(const std::string& k) {
  auto e = std::make_shared<LookalikeIndex::Entry>();
  e->domain = k;
  if (k.empty()) return e;
  const auto p = split_domain(k);
  if (!p) return e;
  e->has_parts = true;
  e->reg = p->reg;
  e->label = p->label;
  e->suffix = p->suffix;
  e->left = p->left;
  e->skeleton = domain_skeleton(p->reg);
  if (!has_idn_label(p->left)) e->compact_left = without_separators(p->left);
  e->edit_label = !is_idn_label(p->label) && p->label.size() >= kMinTypoLabel && p->label.size() <= kMaxLabel;
  return e;
}

}  // namespace

LookalikeIndex::LookalikeIndex(std::span<const std::string> known, const LookalikeIndex* previous) {
  entries_.reserve(known.size());
  for (const std::string& k : known) {
    std::shared_ptr<const Entry> e;
    if (previous != nullptr) {
      if (auto it = previous->by_domain_.find(k); it != previous->by_domain_.end()) {
        e = previous->entries_[it->second];
      }
    }
    if (!e) e = make_entry(k);
    const auto index = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(e);
    by_domain_.emplace(e->domain, index);  // the first position of a repeated domain
    if (!e->has_parts) continue;
    parted_.insert(e->domain);
    regs_.insert(e->reg);
    if (e->skeleton) by_skeleton_[*e->skeleton].push_back(index);
    by_label_[e->label].push_back(index);
    if (e->compact_left.size() >= kMinTypoLabel) by_compact_[e->compact_left].push_back(index);
    if (e->edit_label) by_label_length_[e->label.size()].push_back({index, char_mask(e->label), e->label});
  }
}

LookalikeIndex::~LookalikeIndex() = default;

std::optional<LookalikeMatch> LookalikeIndex::find(std::string_view candidate) const {
  const std::string cand = normalize_domain(candidate);
  const auto c = split_domain(cand);
  if (!c) return std::nullopt;

  // One of the known domains, a subdomain of one (that is not a bare public suffix), or the same
  // registrable domain as one: never a look-alike, whatever the other known domains.
  if (by_domain_.count(cand) > 0) return std::nullopt;
  for (std::size_t at = 0;;) {
    if (parted_.count(cand.substr(at)) > 0) return std::nullopt;
    const std::size_t dot = cand.find('.', at);
    if (dot == std::string::npos) break;
    at = dot + 1;
  }
  if (regs_.count(std::string(c->reg)) > 0) return std::nullopt;

  // Homoglyph first, then swapped suffix, then typo; within a kind fewer edits, then the earlier
  // position in the list.
  if (const std::optional<std::string> c_skeleton = domain_skeleton(c->reg)) {
    if (auto it = by_skeleton_.find(*c_skeleton); it != by_skeleton_.end()) {
      for (const std::uint32_t i : it->second) {
        if (entries_[i]->reg != c->reg) return LookalikeMatch{entries_[i]->domain, LookalikeKind::homoglyph, 0};
      }
    }
  }
  if (auto it = by_label_.find(std::string(c->label)); it != by_label_.end()) {
    for (const std::uint32_t i : it->second) {
      if (entries_[i]->suffix != c->suffix) {
        return LookalikeMatch{entries_[i]->domain, LookalikeKind::swapped_suffix, 0};
      }
    }
  }

  std::optional<std::pair<int, std::uint32_t>> best;  // (distance, index)
  const auto consider = [&best](int d, std::uint32_t i) {
    if (!best || std::make_pair(d, i) < *best) best = std::make_pair(d, i);
  };
  // Only hyphens or dots added or removed left of the public suffix.
  if (!has_idn_label(c->left)) {
    const std::string c_compact = without_separators(c->left);
    if (c_compact.size() >= kMinTypoLabel) {
      if (auto it = by_compact_.find(c_compact); it != by_compact_.end()) {
        for (const std::uint32_t i : it->second) {
          if (entries_[i]->left != c->left) consider(distance(entries_[i]->left, c->left), i);
        }
      }
    }
  }
  // Edits of the label: labels of a length within two of the candidate's.
  if (!is_idn_label(c->label) && c->label.size() >= kMinTypoLabel && c->label.size() <= kMaxLabel) {
    const std::size_t n = c->label.size();
    const std::uint64_t c_chars = char_mask(c->label);
    for (std::size_t len = n - std::min<std::size_t>(n, kMaxTypoDistance); len <= n + kMaxTypoDistance; ++len) {
      auto it = by_label_length_.find(len);
      if (it == by_label_length_.end()) continue;
      const std::size_t shorter = std::min(len, n);
      const int bound = shorter >= kTwoEditLabel ? 2 : 1;
      if ((len > n ? len - n : n - len) > static_cast<std::size_t>(bound) || shorter < kMinTypoLabel) continue;
      for (const EditLabel& e : it->second) {
        if (best && best->first == 1 && best->second < e.index) break;  // nothing better further on
        if (std::popcount(e.chars ^ c_chars) > 2 * bound) continue;
        const int d = bounded_distance(c->label, e.label, bound);
        if (d == 0 || d > bound) continue;
        consider(d, e.index);
      }
    }
  }
  if (!best) return std::nullopt;
  return LookalikeMatch{entries_[best->second]->domain, LookalikeKind::typo, best->first};
}

std::optional<LookalikeMatch> find_lookalike(std::string_view candidate, std::span<const std::string> known) {
  return LookalikeIndex(known).find(candidate);
}

}  // namespace sg::text
