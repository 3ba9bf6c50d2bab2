// Weights, group caps, thresholds and forced actions turn findings into an action.
#include <doctest/doctest.h>

#include "policy/scoring.h"
#include "rules/rule.h"

namespace {
std::shared_ptr<const sg::Profile> profile(std::string_view doc) {
  auto l = sg::load_profile(sg::default_parameter_table(), doc);
  REQUIRE(l.profile);
  return l.profile;
}

sg::Finding finding(std::string id, std::string group) {
  sg::Finding f;
  f.id = std::move(id);
  f.group = std::move(group);
  return f;
}
}  // namespace

TEST_CASE("no findings is allow with score 0") {
  std::vector<sg::Finding> none;
  const auto s = sg::score_findings(none, *profile("{}"));
  CHECK(s.total == 0.0);
  CHECK(s.action == sg::Action::allow);
}

TEST_CASE("the score crosses thresholds in order") {
  auto p = profile(R"({"weights": {"recipient.external": 8}})");
  std::vector<sg::Finding> f{finding("recipient.external", "recipient")};
  const auto s = sg::score_findings(f, *p);
  CHECK(s.total == 8.0);
  CHECK(s.action == sg::Action::justify);
  CHECK(f[0].score == 8.0);
}

TEST_CASE("weight 0 removes the finding") {
  auto p = profile(R"({"weights": {"recipient.external": 0}})");
  std::vector<sg::Finding> f{finding("recipient.external", "recipient")};
  const auto s = sg::score_findings(f, *p);
  CHECK(f.empty());
  CHECK(s.action == sg::Action::allow);
}

TEST_CASE("a group's sum stops at its cap") {
  auto p = profile(R"({"weights": {"recipient.external": 5}, "group_caps": {"recipient": 6}})");
  std::vector<sg::Finding> f{finding("recipient.external", "recipient"), finding("recipient.external", "recipient"),
                             finding("recipient.external", "recipient")};
  const auto s = sg::score_findings(f, *p);
  CHECK(s.total == 6.0);
  CHECK(f.size() == 3);
}

TEST_CASE("a rule's scale multiplies the weight") {
  auto p = profile(R"({"weights": {"recipient.external": 2}})");
  std::vector<sg::Finding> f{finding("recipient.external", "recipient")};
  f[0].scale = 1.5;
  CHECK(sg::score_findings(f, *p).total == 3.0);
}
