// Helpdesk patterns: compiled with limits, bad ones reported by index with RE2's message, matches
// found with byte offsets, case-insensitively, in linear time and bounded in number.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "text/pattern_set.h"

using sg::text::NamedPattern;
using sg::text::PatternMatch;
using sg::text::PatternSet;

namespace {

PatternSet compiled(const std::vector<NamedPattern>& patterns) {
  auto set = PatternSet::compile(patterns);
  REQUIRE_MESSAGE(set.ok(), (set.ok() ? "" : set.error().message.en));
  return std::move(set).value();
}

std::string_view excerpt(std::string_view text, const PatternMatch& m) {
  return text.substr(m.begin, m.end - m.begin);
}

}  // namespace

TEST_CASE("matches are found with byte offsets, case-insensitively, in text order") {
  const PatternSet set = compiled(
      {{"secret", "社外秘|confidential"}, {"project", R"(プロジェクト[A-Z]\d{2})"}, {"unused", "never-appears-here"}});
  CHECK(set.size() == 3);
  CHECK(set.name(1) == "project");
  const std::string text = "【社外秘】プロジェクトx12 の資料です。CONFIDENTIAL / Confidential";
  const auto scan = set.find(text);
  CHECK(scan.matched == std::vector<std::size_t>{0, 1});
  REQUIRE(scan.matches.size() == 4);
  CHECK(scan.matches[0].pattern == 0);
  CHECK(scan.matches[0].begin == std::string("【").size());
  CHECK(excerpt(text, scan.matches[0]) == "社外秘");
  CHECK(scan.matches[1].pattern == 1);
  CHECK(excerpt(text, scan.matches[1]) == "プロジェクトx12");
  CHECK(excerpt(text, scan.matches[2]) == "CONFIDENTIAL");
  CHECK(excerpt(text, scan.matches[3]) == "Confidential");
  CHECK_FALSE(scan.truncated);
  CHECK(set.matching("nothing to see") == std::vector<std::size_t>{});
  CHECK(set.matching("NEVER-APPEARS-HERE, 社外秘") == std::vector<std::size_t>{0, 2});
}

TEST_CASE("Unicode case folding applies, width folding does not") {
  const PatternSet set = compiled({{"greek", "σοφία"}, {"latin", "straße"}});
  CHECK(set.matching("ΣΟΦΊΑ") == std::vector<std::size_t>{0});
  CHECK(set.matching("STRAßE") == std::vector<std::size_t>{1});
  CHECK(set.matching("ｓｔｒａßｅ").empty());  // full-width: fold the text first
}

TEST_CASE("a bad pattern is reported with its index and RE2's message") {
  auto r = PatternSet::compile(std::vector<NamedPattern>{{"ok", "abc"}, {"broken", "(abc"}, {"later", "[x"}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == sg::ErrorCode::invalid_request);
  CHECK(r.error().path == "/1");
  CHECK(r.error().message.en.find("pattern 1 (broken)") != std::string::npos);
  CHECK(r.error().message.en.find("missing )") != std::string::npos);
  CHECK(r.error().message.ja.find("パターン 1") != std::string::npos);
  CHECK(r.error().message.ja.find("missing )") != std::string::npos);

  auto backref = PatternSet::compile(std::vector<NamedPattern>{{"backref", R"((a)\1)"}});
  REQUIRE_FALSE(backref.ok());
  CHECK(backref.error().path == "/0");

  auto lookahead = PatternSet::compile(std::vector<NamedPattern>{{"a", "x"}, {"b", "y"}, {"c", "foo(?=bar)"}});
  REQUIRE_FALSE(lookahead.ok());
  CHECK(lookahead.error().path == "/2");
}

TEST_CASE("the limits are named and enforced before compiling") {
  std::vector<NamedPattern> many(sg::text::kMaxPatterns + 1, NamedPattern{"p", "x"});
  auto too_many = PatternSet::compile(many);
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.error().message.en.find("too many patterns") != std::string::npos);
  many.pop_back();
  CHECK(PatternSet::compile(many).ok());

  auto too_long =
      PatternSet::compile(std::vector<NamedPattern>{{"long", std::string(sg::text::kMaxPatternBytes + 1, 'a')}});
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.error().message.en.find("too long") != std::string::npos);
  CHECK(PatternSet::compile(std::vector<NamedPattern>{{"long", std::string(sg::text::kMaxPatternBytes, 'a')}}).ok());

  CHECK_FALSE(PatternSet::compile(std::vector<NamedPattern>{{"empty", ""}}).ok());
  CHECK_FALSE(PatternSet::compile(std::vector<NamedPattern>{{"", "x"}}).ok());
  CHECK_FALSE(PatternSet::compile(std::vector<NamedPattern>{{std::string(200, 'n'), "x"}}).ok());

  // A program larger than RE2's memory budget is refused, not built.
  auto huge = PatternSet::compile(std::vector<NamedPattern>{{"huge", "((((a{100}){100}){100}){100})"}});
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().path == "/0");
}

TEST_CASE("the number of matches is bounded") {
  const PatternSet set = compiled({{"a", "a"}, {"b", "b"}});
  const std::string text = std::string(5000, 'a') + std::string(5000, 'b');
  const auto scan = set.find(text, 10);
  CHECK(scan.matches.size() == 10);
  CHECK(scan.truncated);
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(scan.matches[i].begin == i);  // the first in text order
    CHECK(scan.matches[i].pattern == 0);
  }
  const auto exact = set.find("aaabbb", 6);
  CHECK(exact.matches.size() == 6);
  CHECK_FALSE(exact.truncated);
  CHECK(set.find(text).matches.size() == sg::text::kMaxPatternMatches);
}

TEST_CASE("patterns that can match the empty string do not loop and report only real matches") {
  const PatternSet set = compiled({{"xs", "x*"}, {"edge", R"(\b)"}});
  const std::string text = "axxb 日本語 xx";
  const auto scan = set.find(text);
  REQUIRE(scan.matches.size() == 2);
  CHECK(excerpt(text, scan.matches[0]) == "xx");
  CHECK(scan.matches[0].begin == 1);
  CHECK(excerpt(text, scan.matches[1]) == "xx");
}

TEST_CASE("a pattern that backtracks exponentially elsewhere runs in linear time") {
  const PatternSet set = compiled({{"redos", "(a+)+$"}, {"redos2", "(a|aa)*c"}});
  const std::string text = std::string(200000, 'a') + "!";
  const auto t0 = std::chrono::steady_clock::now();
  const auto scan = set.find(text);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(scan.matches.empty());
  CHECK(seconds < 10.0);
}

TEST_CASE("invalid UTF-8 in the text is searched, not rejected") {
  const PatternSet set = compiled({{"k", "機密"}});
  const std::string text = "\xFF\xFE機密\xE3\x80";
  const auto scan = set.find(text);
  REQUIRE(scan.matches.size() == 1);
  CHECK(scan.matches[0].begin == 2);
  CHECK(excerpt(text, scan.matches[0]) == "機密");
}

TEST_CASE("an empty set matches nothing and a compiled set is shared across threads") {
  const PatternSet none;
  CHECK(none.empty());
  CHECK(none.find("anything").matches.empty());
  const PatternSet set = compiled({{"k", "keyword"}});
  const PatternSet copy = set;  // shares the compiled patterns
  std::vector<std::size_t> counts(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      std::string text;
      for (int i = 0; i < 200; ++i) text += "text KEYWORD text ";
      counts[t] = (t % 2 == 0 ? set : copy).find(text).matches.size();
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t c : counts) CHECK(c == 200);
}
