// Patterns a helpdesk writes (custom keywords and PII for content.keyword / content.pii): RE2,
// linear in the text whatever the pattern, compiled once, matched with byte offsets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/text.h"

namespace sg::text {

inline constexpr std::size_t kMaxPatterns = 256;
inline constexpr std::size_t kMaxPatternBytes = 1024;
inline constexpr std::size_t kMaxPatternNameBytes = 128;
// RE2's memory budgets: each pattern's own program and DFA cache, and the set that screens them
// all in one pass. A pattern that does not fit is refused when compiled; a search whose DFA
// outgrows its cache falls back to RE2's slower, still linear, engines.
inline constexpr std::int64_t kPatternMaxMemBytes = std::int64_t{2} << 20;
inline constexpr std::int64_t kPatternSetMaxMemBytes = std::int64_t{32} << 20;
// Matches reported per search (all patterns together).
inline constexpr std::size_t kMaxPatternMatches = 1000;

struct NamedPattern {
  std::string name;   // shown to the user and in evidence; 1..kMaxPatternNameBytes bytes
  std::string regex;  // RE2 syntax (Perl-like, no backreferences or lookaround)
};

// Why one pattern cannot be used (its name's length, its size, its regular expression), or nullopt.
[[nodiscard]] std::optional<Text> pattern_problem(const NamedPattern& p);

struct PatternMatch {
  std::size_t pattern = 0;  // index in the compiled list
  std::size_t begin = 0;    // byte offsets into the searched text
  std::size_t end = 0;
};

struct PatternScan {
  std::vector<std::size_t> matched;   // the patterns that match somewhere, ascending
  std::vector<PatternMatch> matches;  // the first max_matches matches in text order (begin, then pattern)
  bool truncated = false;             // there were more
};

// An immutable compiled list; copies share it and it may be searched from several threads at once.
// Matching is case-insensitive (Unicode simple case folding) over UTF-8; \d, \w and \b are ASCII,
// and full-width and half-width forms differ: fold the text first when they should not.
class PatternSet {
 public:
  PatternSet();  // no patterns: matches nothing

  // Every pattern, or an invalid_request error naming the first bad one: its index (also as the
  // error's path, "/<index>", a JSON Pointer relative to the list) and RE2's message.
  [[nodiscard]] static Result<PatternSet> compile(std::span<const NamedPattern> patterns);

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] std::string_view name(std::size_t index) const;

  // The patterns that match somewhere in text, ascending: one pass of RE2::Set.
  [[nodiscard]] std::vector<std::size_t> matching(std::string_view text) const;

  // Non-overlapping leftmost matches of each matching pattern (found by RE2::Set first, so the
  // others cost nothing). Empty matches are not reported. Work is bounded by max_matches + 1
  // searches per matching pattern.
  [[nodiscard]] PatternScan find(std::string_view text, std::size_t max_matches = kMaxPatternMatches) const;

 private:
  struct Compiled;
  explicit PatternSet(std::shared_ptr<const Compiled> compiled);
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace sg::text
