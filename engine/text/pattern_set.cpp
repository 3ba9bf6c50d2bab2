// Patterns a helpdesk writes: each compiled alone (positions) and all together in an RE2::Set
// (which of them match at all, in one pass).
#include "text/pattern_set.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <tuple>

namespace sg::text {

struct PatternSet::Compiled {
  std::vector<std::string> names;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::unique_ptr<RE2::Set> set;
};

namespace {

RE2::Options pattern_options(std::int64_t max_mem) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_case_sensitive(false);
  o.set_never_capture(true);  // positions of the whole match only
  o.set_log_errors(false);
  o.set_max_mem(max_mem);
  return o;
}

// The byte after the UTF-8 character at i.
std::size_t next_char(std::string_view s, std::size_t i) {
  ++i;
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}

}  // namespace

PatternSet::PatternSet() = default;

PatternSet::PatternSet(std::shared_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}

std::optional<Text> pattern_problem(const NamedPattern& p) {
  if (p.name.empty() || p.name.size() > kMaxPatternNameBytes) {
    return Text{fmt::format("名前は 1〜{} バイトで指定してください", kMaxPatternNameBytes),
                fmt::format("the name must have 1 to {} bytes", kMaxPatternNameBytes)};
  }
  if (p.regex.empty()) return Text{"パターンが空です", "the pattern is empty"};
  if (p.regex.size() > kMaxPatternBytes) {
    return Text{fmt::format("パターンが長すぎます（{} バイト、上限 {} バイト）", p.regex.size(), kMaxPatternBytes),
                fmt::format("the pattern is too long ({} bytes, at most {})", p.regex.size(), kMaxPatternBytes)};
  }
  const RE2 re(p.regex, pattern_options(kPatternMaxMemBytes));
  if (!re.ok()) {
    return Text{fmt::format("正規表現として不正です: {}", re.error()),
                fmt::format("not a valid regular expression: {}", re.error())};
  }
  return std::nullopt;
}

Result<PatternSet> PatternSet::compile(std::span<const NamedPattern> patterns) {
  if (patterns.size() > kMaxPatterns) {
    return make_error(ErrorCode::invalid_request,
                      Text{fmt::format("パターンが多すぎます（{} 個、上限 {} 個）", patterns.size(), kMaxPatterns),
                           fmt::format("too many patterns ({}, at most {})", patterns.size(), kMaxPatterns)});
  }
  auto c = std::make_shared<Compiled>();
  c->set = std::make_unique<RE2::Set>(pattern_options(kPatternSetMaxMemBytes), RE2::UNANCHORED);
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const NamedPattern& p = patterns[i];
    if (auto why = pattern_problem(p)) {
      const std::string_view name = std::string_view(p.name).substr(0, kMaxPatternNameBytes);
      return make_error(ErrorCode::invalid_request,
                        Text{fmt::format("パターン {} （{}）: {}", i, name, why->ja),
                             fmt::format("pattern {} ({}): {}", i, name, why->en)},
                        fmt::format("/{}", i));
    }
    auto re = std::make_unique<RE2>(p.regex, pattern_options(kPatternMaxMemBytes));
    std::string error;
    if (c->set->Add(p.regex, &error) != static_cast<int>(i)) {
      return make_error(ErrorCode::invalid_request,
                        Text{fmt::format("パターン {} （{}）: 正規表現として不正です: {}", i, p.name, error),
                             fmt::format("pattern {} ({}): not a valid regular expression: {}", i, p.name, error)},
                        fmt::format("/{}", i));
    }
    c->names.push_back(p.name);
    c->regexes.push_back(std::move(re));
  }
  if (!c->set->Compile()) {
    return make_error(
        ErrorCode::invalid_request,
        Text{fmt::format("パターン全体が大きすぎます（メモリ上限 {} MiB）", kPatternSetMaxMemBytes >> 20),
             fmt::format("the patterns together are too large (memory limit {} MiB)", kPatternSetMaxMemBytes >> 20)});
  }
  return PatternSet(std::move(c));
}

std::size_t PatternSet::size() const {
  return compiled_ ? compiled_->names.size() : 0;
}

std::string_view PatternSet::name(std::size_t index) const {
  return compiled_->names.at(index);
}

std::vector<std::size_t> PatternSet::matching(std::string_view text) const {
  std::vector<std::size_t> out;
  if (empty()) return out;
  std::vector<int> hits;
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  if (!compiled_->set->Match(text, &hits, &info)) {
    if (info.kind != RE2::Set::kOutOfMemory) return out;
    // The set's DFA ran out of memory: ask every pattern on its own (each falls back to the NFA).
    for (std::size_t i = 0; i < size(); ++i) {
      if (RE2::PartialMatch(text, *compiled_->regexes[i])) out.push_back(i);
    }
    return out;
  }
  out.reserve(hits.size());
  for (int h : hits) out.push_back(static_cast<std::size_t>(h));
  std::sort(out.begin(), out.end());
  return out;
}

PatternScan PatternSet::find(std::string_view text, std::size_t max_matches) const {
  PatternScan scan;
  scan.matched = matching(text);
  for (std::size_t index : scan.matched) {
    const RE2& re = *compiled_->regexes[index];
    std::size_t pos = 0;
    std::size_t found = 0;
    // One more than can be kept: whether there were more is then known exactly.
    while (pos <= text.size() && found <= max_matches) {
      re2::StringPiece m;
      if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1)) break;
      const auto begin = static_cast<std::size_t>(m.data() - text.data());
      const std::size_t end = begin + m.size();
      if (end == begin) {
        pos = next_char(text, begin);
        continue;
      }
      scan.matches.push_back({index, begin, end});
      ++found;
      pos = end;
    }
  }
  std::sort(scan.matches.begin(), scan.matches.end(), [](const PatternMatch& a, const PatternMatch& b) {
    return std::tie(a.begin, a.pattern, a.end) < std::tie(b.begin, b.pattern, b.end);
  });
  if (scan.matches.size() > max_matches) {
    scan.matches.resize(max_matches);
    scan.truncated = true;
  }
  return scan;
}

}  // namespace sg::text
