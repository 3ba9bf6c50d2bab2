// Text work the rule families share: phrase search in folded text, and lists in messages.
#include "rules/finding_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sg::rules {

namespace {

bool is_word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::vector<PhraseHit> find_phrases(std::string_view folded, const std::vector<std::string>& phrases) {
  std::vector<PhraseHit> hits;
  for (std::size_t p = 0; p < phrases.size(); ++p) {
    const std::string_view phrase = phrases[p];
    if (phrase.empty()) continue;
    const bool word_start = is_word_byte(phrase.front());
    const bool word_end = is_word_byte(phrase.back());
    // Boyer-Moore-Horspool: a Japanese phrase's first byte (a UTF-8 lead byte) is in every third
    // byte of Japanese text, so a first-byte scan stops everywhere; this one skips ahead.
    const std::boyer_moore_horspool_searcher searcher(phrase.begin(), phrase.end());
    for (auto it = folded.begin();;) {
      const auto found = std::search(it, folded.end(), searcher);
      if (found == folded.end()) break;
      const auto at = static_cast<std::size_t>(found - folded.begin());
      it = found + 1;
      const std::size_t end = at + phrase.size();
      if (word_start && at > 0 && is_word_byte(folded[at - 1])) continue;
      if (word_end && end < folded.size() && is_word_byte(folded[end])) continue;
      hits.push_back({at, end, p});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const PhraseHit& a, const PhraseHit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return hits;
}

std::vector<PhraseHit> outermost(std::vector<PhraseHit> hits) {
  std::vector<PhraseHit> out;
  std::size_t covered_to = 0;
  for (const PhraseHit& h : hits) {  // sorted by begin, longest first
    if (!out.empty() && h.end <= covered_to) continue;
    out.push_back(h);
    covered_to = std::max(covered_to, h.end);
  }
  return out;
}

std::vector<std::string> non_empty(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const std::string& item : items) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string code_point_slice(std::string_view s, std::size_t begin, std::size_t end) {
  std::size_t cp = 0;
  std::size_t i = 0;
  std::size_t from = s.size();
  while (i < s.size() && cp < end) {
    if (cp == begin) from = i;
    text::decode_utf8(s, i);
    ++cp;
  }
  if (from >= i) return {};
  return std::string(s.substr(from, i - from));
}

std::size_t code_point_offset(std::string_view s, std::size_t byte_offset) {
  return text::count_code_points(s.substr(0, std::min(byte_offset, s.size())));
}

Text listed_names(const std::vector<std::string>& names) {
  std::string ja;
  std::string en;
  const std::size_t shown = std::min(names.size(), kNamesInMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) {
      ja += "、";
      en += ", ";
    }
    ja += names[i];
    en += names[i];
  }
  if (names.size() > shown) {
    ja += fmt::format(" ほか {} 件", names.size() - shown);
    en += fmt::format(" and {} more", names.size() - shown);
  }
  return Text{std::move(ja), std::move(en)};
}

}  // namespace sg::rules
