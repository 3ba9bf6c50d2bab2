// The parameter table drives defaults, loading with JSON Pointer problems, and dumps.
#include <doctest/doctest.h>

#include <algorithm>

#include "policy/profile.h"
#include "rules/rule.h"

namespace {
sg::ProfileLoad load(std::string_view doc) {
  return sg::load_profile(sg::default_parameter_table(), doc);
}

bool has_problem_at(const sg::ProfileLoad& l, std::string_view path) {
  return std::any_of(l.problems.begin(), l.problems.end(), [&](const sg::Problem& p) { return p.path == path; });
}
}  // namespace

TEST_CASE("the defaults come from the table") {
  const sg::Profile p(sg::default_parameter_table());
  CHECK(p.thresholds().confirm == 1.0);
  CHECK(p.thresholds().justify == 8.0);
  CHECK(p.thresholds().block == 15.0);
  CHECK(p.weight("recipient.external") == 1.0);
  CHECK(p.locale() == sg::Locale::ja);
  CHECK(p.list("/organization/internal_domains").empty());
  CHECK(std::find(p.list("/lists/freemail_domains").begin(), p.list("/lists/freemail_domains").end(), "gmail.com") !=
        p.list("/lists/freemail_domains").end());
}

TEST_CASE("an override document with comments and trailing commas loads") {
  auto l = load(R"({
    // the helpdesk's settings
    "organization": {"internal_domains": ["corp.example", "*.corp.example",]},
    "thresholds": {"confirm": 2, "justify": 9.5, "block": 20},
    "weights": {"recipient.external": 0},
    "locale": "en",
  })");
  REQUIRE(l.problems.empty());
  REQUIRE(l.profile);
  CHECK(l.profile->thresholds().confirm == 2.0);
  CHECK(l.profile->weight("recipient.external") == 0.0);
  CHECK(l.profile->locale() == sg::Locale::en);
  CHECK(l.profile->list("/organization/internal_domains") ==
        std::vector<std::string>{"corp.example", "*.corp.example"});
}

TEST_CASE("internal domains are stored as lower-case A-labels") {
  auto l = load(R"({"organization": {"internal_domains": ["例え.テスト", "*.CORP.example"]}})");
  REQUIRE(l.profile);
  CHECK(l.profile->list("/organization/internal_domains") ==
        std::vector<std::string>{"xn--r8jz45g.xn--zckzah", "*.corp.example"});
}

TEST_CASE("every problem is reported with its JSON Pointer and nothing is loaded") {
  auto l = load(R"({
    "thresholds": {"confirm": "high", "block": -1},
    "weights": {"recipient.external": 1000, "no.such.finding": 1},
    "lists": {"blocked": ["ok.example", "not a domain!", 7]},
    "colour": "blue",
    "locale": "fr"
  })");
  CHECK_FALSE(l.profile);
  CHECK(has_problem_at(l, "/thresholds/confirm"));
  CHECK(has_problem_at(l, "/thresholds/block"));
  CHECK(has_problem_at(l, "/weights/recipient.external"));
  CHECK(has_problem_at(l, "/weights/no.such.finding"));
  CHECK(has_problem_at(l, "/lists/blocked/1"));
  CHECK(has_problem_at(l, "/lists/blocked/2"));
  CHECK(has_problem_at(l, "/colour"));
  CHECK(has_problem_at(l, "/locale"));
  CHECK_FALSE(has_problem_at(l, "/lists/blocked/0"));
  for (const auto& p : l.problems) {
    CHECK_FALSE(p.message.ja.empty());
    CHECK_FALSE(p.message.en.empty());
  }
}

TEST_CASE("thresholds out of order are a problem") {
  auto l = load(R"({"thresholds": {"confirm": 10, "justify": 5}})");
  CHECK_FALSE(l.profile);
  CHECK(has_problem_at(l, "/thresholds"));
}

TEST_CASE("invalid JSON reports line and column; a non-object is refused") {
  auto l = load("{\n  \"locale\": \"ja\"\n  \"x\": 1\n}");
  REQUIRE(l.problems.size() == 1);
  CHECK(l.problems[0].message.en.find("line 3") != std::string::npos);
  CHECK_FALSE(load("[1,2]").profile);
  CHECK_FALSE(load("").profile);
}

TEST_CASE("a block list takes addresses and domains") {
  auto l = load(R"({"lists": {"blocked": ["X@Y.example", "competitor.example", "*.rival.example"]}})");
  REQUIRE(l.profile);
  CHECK(l.profile->list("/lists/blocked") ==
        std::vector<std::string>{"x@y.example", "competitor.example", "*.rival.example"});
}

TEST_CASE("the version changes with the effective settings, not with formatting") {
  const sg::Profile defaults(sg::default_parameter_table());
  auto same = load("{ /* nothing */ }");
  auto changed = load(R"({"thresholds": {"confirm": 2}})");
  REQUIRE(same.profile);
  REQUIRE(changed.profile);
  CHECK(same.profile->version() == defaults.version());
  CHECK(changed.profile->version() != defaults.version());
}

TEST_CASE("dump --non-default shows only what differs") {
  auto l = load(R"({"thresholds": {"confirm": 2, "justify": 8}})");
  REQUIRE(l.profile);
  const std::string nd = l.profile->dump(true, sg::Locale::en);
  CHECK(nd.find("\"confirm\": 2") != std::string::npos);
  CHECK(nd.find("justify") == std::string::npos);  // set, but to its default
  CHECK(nd.find("freemail_domains") == std::string::npos);
  const std::string all = l.profile->dump(false, sg::Locale::ja);
  CHECK(all.find("freemail_domains") != std::string::npos);
  CHECK(all.find("// ") != std::string::npos);
  // A full dump is itself a valid override document.
  auto again = load(all);
  CHECK(again.problems.empty());
  CHECK(again.profile->version() == l.profile->version());
}

TEST_CASE("documents nested too deeply or too large are refused") {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "{\"a\":";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  CHECK_FALSE(load(deep).profile);
  CHECK_FALSE(load(std::string(sg::kMaxProfileBytes + 1, ' ')).profile);
}
