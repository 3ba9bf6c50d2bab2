// Text folded for matching (NFKC with case folding: full-width and half-width forms, upper and
// lower case all compare equal), with a map from the folded bytes back to original characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg::text {

struct FoldedText {
  std::string folded;  // NFKC_Casefold of the original, UTF-8
  // For each byte of `folded`: the original code-point range [begin, end) it came from.
  std::vector<std::uint32_t> origin_begin;
  std::vector<std::uint32_t> origin_end;

  // Original code-point range covered by folded bytes [b, e).
  [[nodiscard]] std::pair<std::size_t, std::size_t> original_range(std::size_t b, std::size_t e) const;
};

// Folds `original` and keeps the offset map. Invalid UTF-8 bytes become U+FFFD.
[[nodiscard]] FoldedText fold_with_map(std::string_view original);

// Folds without keeping a map (keywords, names).
[[nodiscard]] std::string fold(std::string_view s);

// NFKC alone (no case folding).
[[nodiscard]] std::string nfkc(std::string_view s);

}  // namespace sg::text
