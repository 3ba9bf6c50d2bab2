// Text work the rule families share: finding phrases in folded (NFKC_Casefold) text with offsets
// back to the original, and wording lists of names in finding messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace sg::rules {

struct PhraseHit {
  std::size_t begin = 0;  // byte offsets into the folded text
  std::size_t end = 0;
  std::size_t phrase = 0;  // index into the phrase list
};

// Every occurrence of each phrase (already folded) in `folded`, ordered by position, longer
// first at one position. A phrase that begins (ends) with an ASCII letter or digit matches only
// where the text has no ASCII letter or digit just before (after) it, so "confidential" is not
// found inside "nonconfidentiality"; Japanese phrases match anywhere (no spaces between words).
[[nodiscard]] std::vector<PhraseHit> find_phrases(std::string_view folded, const std::vector<std::string>& phrases);

// Drops hits that lie inside an earlier, longer hit ("添付" inside "添付ファイル").
[[nodiscard]] std::vector<PhraseHit> outermost(std::vector<PhraseHit> hits);

// The entries that are not empty (a folded list without the entries that folded to nothing).
[[nodiscard]] std::vector<std::string> non_empty(const std::vector<std::string>& items);

// The code points [begin, end) of `s`, as UTF-8.
[[nodiscard]] std::string code_point_slice(std::string_view s, std::size_t begin, std::size_t end);

// The number of code points in s[0, byte_offset): a byte offset turned into a reported offset.
[[nodiscard]] std::size_t code_point_offset(std::string_view s, std::size_t byte_offset);

// How many names a finding message spells out before "and N more".
inline constexpr std::size_t kNamesInMessage = 3;

// "a、b、c ほか 2 件" / "a, b, c and 2 more".
[[nodiscard]] Text listed_names(const std::vector<std::string>& names);

}  // namespace sg::rules
