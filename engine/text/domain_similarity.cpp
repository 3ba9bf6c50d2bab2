// Look-alike domains: registrable domains from the Public Suffix List, edit distance, skeletons.
#include "text/domain_similarity.h"

#include <libpsl.h>
#include <unicode/uidna.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <array>
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

// Whether `tail` is `whole` or its last labels. Compared from the end, where domains differ.
bool ends_with_labels(std::string_view whole, std::string_view tail) {
  if (tail.empty() || tail.size() > whole.size()) return false;
  const std::size_t offset = whole.size() - tail.size();
  for (std::size_t i = tail.size(); i-- > 0;) {
    if (whole[offset + i] != tail[i]) return false;
  }
  return offset == 0 || whole[offset - 1] == '.';
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

constexpr std::size_t kNoTail = std::string_view::npos;
constexpr std::size_t kUnknownTail = std::string_view::npos - 1;

// Reads `k` (no IDN label) from the end through the per-character skeleton table and compares
// it with the end of `skeleton`: the start of the trailing labels of `k` whose skeleton is all of
// `skeleton`, kNoTail on a mismatch (most known domains stop at their first byte), kUnknownTail on
// a non-ASCII byte (ICU must decide).
std::size_t skeleton_tail(std::string_view k, std::string_view skeleton) {
  const auto& table = ascii_skeletons();
  std::size_t j = skeleton.size();
  for (std::size_t i = k.size(); i-- > 0;) {
    const auto byte = static_cast<unsigned char>(k[i]);
    if (byte >= table.size()) return kUnknownTail;
    const std::string& piece = table[byte];
    if (piece.size() > j) return kNoTail;
    for (std::size_t p = piece.size(); p-- > 0;) {
      if (skeleton[--j] != piece[p]) return kNoTail;
    }
    if (j == 0) return i == 0 || k[i - 1] == '.' ? i : kNoTail;
  }
  return kNoTail;
}

// Whether f(label) holds for a label of `k` other than the last (the registrable label never is
// the last: every top-level domain is a public suffix). Stops at the first that does.
template <typename F>
bool any_inner_label(std::string_view k, F f) {
  for (std::size_t start = 0, dot = k.find('.'); dot != std::string_view::npos;
       start = dot + 1, dot = k.find('.', start)) {
    if (f(k.substr(start, dot - start))) return true;
  }
  return false;
}

std::string without_separators(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    if (ch != '-' && ch != '.') out += ch;
  }
  return out;
}

// Whether `k` without hyphens and dots starts with `compact`.
bool compact_prefix(std::string_view k, std::string_view compact) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < k.size() && j < compact.size(); ++i) {
    if (k[i] == '-' || k[i] == '.') continue;
    if (k[i] != compact[j]) return false;
    ++j;
  }
  return j == compact.size();
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

int rank(LookalikeKind kind) {
  switch (kind) {
    case LookalikeKind::homoglyph: return 0;
    case LookalikeKind::swapped_suffix: return 1;
    case LookalikeKind::typo: return 2;
  }
  return 3;
}

struct Best {
  std::size_t index;
  LookalikeKind kind;
  int distance;
};

}  // namespace

std::string registrable_domain(std::string_view ascii_domain) {
  const std::string whole = normalize_domain(ascii_domain);
  const auto parts = split_domain(whole);
  return parts ? std::string(parts->reg) : std::string();
}

std::optional<LookalikeMatch> find_lookalike(std::string_view candidate, std::span<const std::string> known) {
  const std::string cand = normalize_domain(candidate);
  const auto c = split_domain(cand);
  if (!c) return std::nullopt;

  const std::optional<std::string> c_skeleton = domain_skeleton(c->reg);
  const bool c_label_edits =
      !is_idn_label(c->label) && c->label.size() >= kMinTypoLabel && c->label.size() <= kMaxLabel;
  std::string c_compact;
  if (!has_idn_label(c->left)) c_compact = without_separators(c->left);
  if (c_compact.size() < kMinTypoLabel) c_compact.clear();

  std::optional<Best> best;
  const auto better = [&best](LookalikeKind kind, int d) {
    return !best || rank(kind) < rank(best->kind) || (kind == best->kind && d < best->distance);
  };

  // Every known domain passes a few comparisons that mostly stop at their first byte; libpsl
  // (about 0.5 µs a call) and ICU are asked only about the few that get through.
  for (std::size_t index = 0; index < known.size(); ++index) {
    const std::string& k = known[index];  // NUL-terminated for libpsl
    if (k.empty()) continue;
    if (k == cand) return std::nullopt;

    std::optional<DomainParts> kp;
    bool kp_done = false;
    const auto parts = [&]() -> const std::optional<DomainParts>& {
      if (!kp_done) kp = split_domain(k);
      kp_done = true;
      return kp;
    };

    // A subdomain of a known domain (one that is not a bare public suffix such as "co.jp").
    if (ends_with_labels(cand, k) && parts()) return std::nullopt;
    // The same registrable domain: then its tail is the candidate's registrable domain.
    if (ends_with_labels(k, c->reg)) {
      const auto& p = parts();
      if (p && p->reg == c->reg) return std::nullopt;
    }

    if (c_skeleton && better(LookalikeKind::homoglyph, 0)) {
      bool same = false;
      // "xn--" anywhere (normally only at the start of an IDN label) leaves the decision to ICU.
      const std::size_t tail = k.find("xn--") == std::string::npos ? skeleton_tail(k, *c_skeleton) : kUnknownTail;
      if (tail == kUnknownTail) {
        if (const auto& p = parts()) {
          const auto k_skeleton = domain_skeleton(p->reg);
          same = k_skeleton && *k_skeleton == *c_skeleton;
        }
      } else if (tail != kNoTail) {
        const auto& p = parts();
        same = p && p->reg == std::string_view(k).substr(tail);
      }
      if (same && parts()->reg != c->reg) {
        best = Best{index, LookalikeKind::homoglyph, 0};
        continue;
      }
    }

    // One pass over the labels: the candidate's label (swapped suffix), or one close to it (typo).
    int limit = best && best->kind == LookalikeKind::typo ? best->distance - 1 : kMaxTypoDistance;
    const auto close = [&c, &limit](std::string_view label) {
      const std::size_t shorter = std::min(label.size(), c->label.size());
      const int bound = std::min(shorter >= kTwoEditLabel ? 2 : 1, limit);
      const std::size_t longer = std::max(label.size(), c->label.size());
      if (shorter < kMinTypoLabel || longer > kMaxLabel || longer - shorter > static_cast<std::size_t>(bound)) {
        return kMaxTypoDistance + 1;
      }
      const int d = bounded_distance(c->label, label, bound);
      return d == 0 || d > bound || is_idn_label(label) ? kMaxTypoDistance + 1 : d;
    };
    const bool find_swapped = better(LookalikeKind::swapped_suffix, 0);
    const bool find_edits = c_label_edits && better(LookalikeKind::typo, 1);
    bool same_label = false;
    bool close_label = false;
    any_inner_label(k, [&](std::string_view label) {
      same_label = same_label || (find_swapped && label == c->label);
      close_label = close_label || (find_edits && close(label) <= kMaxTypoDistance);
      return false;
    });

    if (same_label) {
      const auto& p = parts();
      if (p && p->label == c->label && p->suffix != c->suffix) {
        best = Best{index, LookalikeKind::swapped_suffix, 0};
        continue;
      }
    }

    if (!better(LookalikeKind::typo, 1)) continue;

    // Only hyphens or dots added or removed left of the public suffix.
    if (!c_compact.empty() && compact_prefix(k, c_compact)) {
      const auto& p = parts();
      if (p && p->left != c->left && !has_idn_label(p->left) && without_separators(p->left) == c_compact) {
        const int d = distance(p->left, c->left);
        if (better(LookalikeKind::typo, d)) {
          best = Best{index, LookalikeKind::typo, d};
          limit = d - 1;
        }
      }
    }

    // Edits of the label: a label of `k` close enough brings in libpsl, which says whether the
    // registrable label (the one compared) is close enough.
    if (close_label && limit > 0) {
      if (const auto& p = parts()) {
        const int d = close(p->label);
        if (d <= kMaxTypoDistance) best = Best{index, LookalikeKind::typo, d};
      }
    }
  }

  if (!best) return std::nullopt;
  return LookalikeMatch{known[best->index], best->kind, best->distance};
}

}  // namespace sg::text
