// recipient.watch: watch-list addresses and domains ask the sender to reconfirm, without blocking.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {
constexpr std::string_view kWatchList = R"({"lists": {"watch": ["partner.example", "furukawa-a@builder.example"]}})";
}  // namespace

TEST_CASE("a recipient at a watched domain asks the sender to reconfirm") {
  const Verdict v = test::check(DraftBuilder().to({"高木 悠人 <y.takagi@partner.example>"}).body("高木様"), kWatchList);
  const Finding* f = test::find(v, "recipient.watch");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  CHECK(f->score == doctest::Approx(4.0));
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"y.takagi@partner.example"});
  CHECK(*test::evidence_string(test::evidence_list(f->evidence, "matches")->front(), "entry") == "partner.example");
  CHECK(f->message.ja.find("再確認") != std::string::npos);
  CHECK(f->message.en.find("reconfirm") != std::string::npos);
  CHECK_FALSE(f->suggestion.has_value());
  CHECK(v.action == Action::confirm);
}

TEST_CASE("a watched address in Cc is found among ordinary recipients") {
  const Verdict v = test::check(
      DraftBuilder().to({"hara-a@design.example"}).cc({"古川 彩乃 <furukawa-a@builder.example>"}).body("原様"),
      kWatchList);
  const Finding* f = test::find(v, "recipient.watch");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"furukawa-a@builder.example"});
  CHECK(*test::evidence_string(test::evidence_list(f->evidence, "matches")->front(), "field") == "cc");
}

TEST_CASE("recipients not on the watch list raise nothing, nor does a colleague of a watched address") {
  const Verdict v =
      test::check(DraftBuilder().to({"other@builder.example", "x@partner-group.example"}).body("x"), kWatchList);
  CHECK_FALSE(test::fired(v, "recipient.watch"));
}

TEST_CASE("a watch-list hit never blocks by itself") {
  const Verdict v = test::check(DraftBuilder().to({"a@partner.example"}).body("x"), kWatchList);
  CHECK(v.action == Action::confirm);
  CHECK_FALSE(test::fired(v, "recipient.blocked"));
}

TEST_CASE("weight 0 disables the watch list") {
  const Verdict v = test::check(DraftBuilder().to({"a@partner.example"}).body("x"),
                                R"({"lists": {"watch": ["partner.example"]}, "weights": {"recipient.watch": 0}})");
  CHECK_FALSE(test::fired(v, "recipient.watch"));
}
