// Text work the rule families share: phrase search in folded text, and lists in messages.
#include "rules/finding_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sg::rules {

namespace {

constexpr std::size_t kBytePairs = 65536;

bool is_word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::vector<PhraseHit> find_phrases(std::string_view folded, const std::vector<std::string>& phrases) {
  std::vector<PhraseHit> hits;
  const auto accept = [&](std::size_t at, std::size_t p) {
    const std::string_view phrase = phrases[p];
    const std::size_t end = at + phrase.size();
    if (is_word_byte(phrase.front()) && at > 0 && is_word_byte(folded[at - 1])) return;
    if (is_word_byte(phrase.back()) && end < folded.size() && is_word_byte(folded[end])) return;
    hits.push_back({at, end, p});
  };
  // All phrases in one pass: a position is looked at only when its first two bytes begin some
  // phrase (a bit table of byte pairs). A Japanese phrase's first byte is a UTF-8 lead byte found
  // every third byte of Japanese text, its first two bytes are rare.
  std::vector<std::uint64_t> pairs(kBytePairs / 64);
  std::vector<std::size_t> single;  // one-byte phrases
  const auto pair_of = [](char a, char b) {
    return static_cast<std::size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
  };
  for (std::size_t p = 0; p < phrases.size(); ++p) {
    if (phrases[p].size() == 1) single.push_back(p);
    if (phrases[p].size() < 2) continue;
    const std::size_t k = pair_of(phrases[p][0], phrases[p][1]);
    pairs[k / 64] |= std::uint64_t{1} << (k % 64);
  }
  for (std::size_t i = 0; i + 1 < folded.size(); ++i) {
    const std::size_t k = pair_of(folded[i], folded[i + 1]);
    if ((pairs[k / 64] >> (k % 64) & 1U) == 0) continue;
    for (std::size_t p = 0; p < phrases.size(); ++p) {
      const std::string_view phrase = phrases[p];
      if (phrase.size() >= 2 && folded.substr(i, phrase.size()) == phrase) accept(i, p);
    }
  }
  for (const std::size_t p : single) {
    for (std::size_t at = folded.find(phrases[p]); at != std::string_view::npos; at = folded.find(phrases[p], at + 1)) {
      accept(at, p);
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
