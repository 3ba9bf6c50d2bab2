// recipient.blocked: block-list addresses and domains block the send whatever the score.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {
constexpr std::string_view kBlockList = R"({"lists": {"blocked": ["competitor.example", "Tanaka-S@Akane-Kogyo.example",
                                                      "*.leaky.example"]}})";
}  // namespace

TEST_CASE("a recipient at a blocked domain blocks the send and names the list entry") {
  const Verdict v = test::check(
      DraftBuilder().to({"佐藤 花子 <sato@competitor.example>"}).subject("ご相談").body("佐藤様"), kBlockList);
  const Finding* f = test::find(v, "recipient.blocked");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::danger);
  CHECK(f->group == "recipient");
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"sato@competitor.example"});
  const ValueList* matches = test::evidence_list(f->evidence, "matches");
  REQUIRE(matches != nullptr);
  REQUIRE(matches->size() == 1);
  CHECK(*test::evidence_string(matches->front(), "entry") == "competitor.example");
  CHECK(*test::evidence_string(matches->front(), "field") == "to");
  REQUIRE(f->suggestion.has_value());
  CHECK(f->suggestion->kind == Suggestion::Kind::remove_recipient);
  CHECK(f->suggestion->address == "sato@competitor.example");
  CHECK(v.action == Action::block);
  CHECK(f->message.ja.find("sato@competitor.example") != std::string::npos);
  CHECK(f->message.en.find("block list") != std::string::npos);
}

TEST_CASE("a blocked address matches whatever case it is written in, in any field") {
  const Verdict v = test::check(
      DraftBuilder().to({"client@customer.example"}).bcc({"TANAKA-S@akane-kogyo.EXAMPLE"}).body("x"), kBlockList);
  const Finding* f = test::find(v, "recipient.blocked");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"TANAKA-S@akane-kogyo.EXAMPLE"});
  CHECK(*test::evidence_string(test::evidence_list(f->evidence, "matches")->front(), "entry") ==
        "tanaka-s@akane-kogyo.example");
  CHECK(v.action == Action::block);
}

TEST_CASE("another address at the domain of a blocked address is not blocked") {
  const Verdict v = test::check(DraftBuilder().to({"suzuki@akane-kogyo.example"}).body("x"), kBlockList);
  CHECK_FALSE(test::fired(v, "recipient.blocked"));
  CHECK(v.action != Action::block);
}

TEST_CASE("a blocked domain covers its subdomains; a '*.' entry covers only subdomains") {
  CHECK(test::fired(test::check(DraftBuilder().to({"a@jp.competitor.example"}).body("x"), kBlockList),
                    "recipient.blocked"));
  CHECK(
      test::fired(test::check(DraftBuilder().to({"a@mail.leaky.example"}).body("x"), kBlockList), "recipient.blocked"));
  CHECK_FALSE(
      test::fired(test::check(DraftBuilder().to({"a@leaky.example"}).body("x"), kBlockList), "recipient.blocked"));
}

TEST_CASE("a domain that only ends with the same letters is not blocked") {
  const Verdict v =
      test::check(DraftBuilder().to({"a@notcompetitor.example", "b@competitor.example.net"}).body("x"), kBlockList);
  CHECK_FALSE(test::fired(v, "recipient.blocked"));
}

TEST_CASE("an internationalised block-list entry matches the recipient's domain however it is written") {
  const Verdict v =
      test::check(DraftBuilder().to({"info@xn--r8jz45g.jp"}).body("x"), R"({"lists": {"blocked": ["例え.jp"]}})");
  CHECK(test::fired(v, "recipient.blocked"));
  CHECK(
      test::fired(test::check(DraftBuilder().to({"info@例え.jp"}).body("x"), R"({"lists": {"blocked": ["例え.jp"]}})"),
                  "recipient.blocked"));
}

TEST_CASE("a blocked recipient blocks even when the block threshold is out of reach") {
  const Verdict v = test::check(DraftBuilder().to({"sato@competitor.example"}).body("x"),
                                R"({"lists": {"blocked": ["competitor.example"]},
                                    "thresholds": {"confirm": 900, "justify": 950, "block": 1000}})");
  REQUIRE(test::fired(v, "recipient.blocked"));
  CHECK(v.score < 1000);
  CHECK(v.action == Action::block);
}

TEST_CASE("several blocked recipients are one finding without a one-click fix") {
  const Verdict v = test::check(
      DraftBuilder().to({"a@competitor.example", "ok@customer.example"}).cc({"tanaka-s@akane-kogyo.example"}),
      kBlockList);
  REQUIRE(test::count_of(v, "recipient.blocked") == 1);
  const Finding* f = test::find(v, "recipient.blocked");
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"a@competitor.example", "tanaka-s@akane-kogyo.example"});
  CHECK(test::evidence_list(f->evidence, "matches")->size() == 2);
  CHECK_FALSE(f->suggestion.has_value());
}

TEST_CASE("the same blocked address in To and Cc is listed once") {
  const Verdict v = test::check(DraftBuilder().to({"a@competitor.example"}).cc({"A@competitor.example"}), kBlockList);
  CHECK(test::target_addresses(*test::find(v, "recipient.blocked")).size() == 1);
}

TEST_CASE("with an empty block list nothing is blocked") {
  const Verdict v = test::check(DraftBuilder().to({"sato@competitor.example"}).body("x"));
  CHECK_FALSE(test::fired(v, "recipient.blocked"));
}

TEST_CASE("weight 0 disables the block-list finding and its forced block") {
  const Verdict v = test::check(DraftBuilder().to({"sato@competitor.example"}).body("x"),
                                R"({"lists": {"blocked": ["competitor.example"]},
                                    "weights": {"recipient.blocked": 0}})");
  CHECK_FALSE(test::fired(v, "recipient.blocked"));
  CHECK(v.action != Action::block);
}
