// recipient.mass_visible: external recipients of many organisations who can see each other in To/Cc.
#include <doctest/doctest.h>

#include "draft_builder.h"
#include "rules/recipient_match.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {
// Thirteen customer organisations (some with several people) for announcement-style mails.
const std::vector<std::string> kCustomers =
    test::people(16, {"fuyo.example", "akane.example", "ibuki.example", "tancho.example", "asanagi.test",
                      "hayabusa.example", "giken.example", "kagaku.test", "shirakaba.test", "ruri.example",
                      "nanami.example", "wakaba.example", "yukiwari.example"});
}  // namespace

TEST_CASE("sixteen customers of thirteen organisations in To are told to move to Bcc") {
  const Verdict v = test::check(DraftBuilder().to(kCustomers).subject("臨時休業のお知らせ").body("関係者各位"));
  const Finding* f = test::find(v, "recipient.mass_visible");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::danger);
  CHECK(test::target_addresses(*f) == kCustomers);
  REQUIRE(f->suggestion.has_value());
  CHECK(f->suggestion->kind == Suggestion::Kind::move_to_bcc);
  CHECK(f->suggestion->addresses == kCustomers);
  CHECK(test::evidence_int(f->evidence, "visible_external") == 16);
  CHECK(test::evidence_int(f->evidence, "organizations") == 13);
  const ValueList* fields = test::evidence_list(f->evidence, "fields");
  REQUIRE(fields != nullptr);
  CHECK(fields->size() == 1);
  CHECK(v.action >= Action::justify);
}

TEST_CASE("a Bcc'd mass mail raises nothing") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"山田 太郎 <yamada@corp.example>"})
                                    .bcc(test::people(23, {"a.example", "b.example", "c.example", "d.example",
                                                           "e.example", "f.example", "g.example"})));
  CHECK_FALSE(test::fired(v, "recipient.mass_visible"));
}

TEST_CASE("customers split over To and Cc with the sender in To are all counted, the sender is not") {
  const std::vector<std::string> cc =
      test::people(6, {"v.example", "w.example", "x.example", "y.example", "z.example"});
  const Verdict v = test::check(DraftBuilder().to({"yamada@corp.example", "boss@corp.example"}).cc(cc));
  const Finding* f = test::find(v, "recipient.mass_visible");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == cc);
  CHECK(test::evidence_int(f->evidence, "visible_external") == 6);
  CHECK(test::evidence_int(f->evidence, "organizations") == 5);
}

TEST_CASE("ten colleagues at one customer seeing each other is normal") {
  const Verdict v = test::check(DraftBuilder()
                                    .to(test::people(10, {"customer.example"}))
                                    .cc(test::people(4, {"tokyo.customer.example", "osaka.customer.example"})));
  CHECK_FALSE(test::fired(v, "recipient.mass_visible"));
}

TEST_CASE("four organisations and fewer than ten people stay below the defaults") {
  const Verdict v =
      test::check(DraftBuilder().to(test::people(8, {"a.example", "b.example", "c.example", "d.example"})));
  CHECK_FALSE(test::fired(v, "recipient.mass_visible"));
}

TEST_CASE("five organisations in To fire even when they are only five people") {
  const Verdict v = test::check(
      DraftBuilder().to(test::people(5, {"a.example", "b.example", "c.example", "d.example", "e.example"})));
  CHECK(test::fired(v, "recipient.mass_visible"));
}

TEST_CASE("ten external people spanning two organisations fire") {
  const Verdict v = test::check(DraftBuilder().to(test::people(10, {"a.example", "b.example"})));
  const Finding* f = test::find(v, "recipient.mass_visible");
  REQUIRE(f != nullptr);
  CHECK(test::evidence_int(f->evidence, "organizations") == 2);
}

TEST_CASE("parents at a free-mail domain are each their own organisation") {
  const Verdict v = test::check(DraftBuilder().to(test::people(5, {"gmail.com"})));
  const Finding* f = test::find(v, "recipient.mass_visible");
  REQUIRE(f != nullptr);
  CHECK(test::evidence_int(f->evidence, "organizations") == 5);
}

TEST_CASE("internal recipients in To and Cc never count") {
  const Verdict v = test::check(DraftBuilder().to(test::people(30, {"corp.example"})).cc({"client@customer.example"}));
  CHECK_FALSE(test::fired(v, "recipient.mass_visible"));
}

TEST_CASE("the thresholds come from the profile") {
  const auto draft = DraftBuilder().to(test::people(3, {"a.example", "b.example", "c.example"}));
  CHECK_FALSE(test::fired(test::check(draft), "recipient.mass_visible"));
  CHECK(test::fired(test::check(draft, R"({"rules": {"recipient.mass_visible": {"min_domains": 3}}})"),
                    "recipient.mass_visible"));
  const auto two_orgs = DraftBuilder().to(test::people(4, {"a.example", "b.example"}));
  CHECK(test::fired(test::check(two_orgs, R"({"rules": {"recipient.mass_visible": {"min_external_recipients": 4}}})"),
                    "recipient.mass_visible"));
}

TEST_CASE("out-of-range thresholds are profile problems") {
  const ProfileLoad load = load_profile(default_parameter_table(),
                                        R"({"rules": {"recipient.mass_visible": {"min_external_recipients": 1,
                                                                                  "min_domains": 5000}}})");
  CHECK(load.profile == nullptr);
  REQUIRE(load.problems.size() == 2);
  CHECK(load.problems[0].path == "/rules/recipient.mass_visible/min_external_recipients");
  CHECK(load.problems[1].path == "/rules/recipient.mass_visible/min_domains");
}

TEST_CASE("a reply-all to a thread whose members already saw each other exposes no one new") {
  const std::vector<std::string> members =
      test::people(6, {"a.example", "b.example", "c.example", "d.example", "e.example", "f.example"});
  DraftBuilder reply = DraftBuilder().compose(ComposeType::reply_all).to(members);
  for (const std::string& m : members) reply.original({m});
  CHECK_FALSE(test::fired(test::check(reply), "recipient.mass_visible"));
  reply.cc({"newcomer@g.example"});
  CHECK(test::fired(test::check(reply), "recipient.mass_visible"));
}

TEST_CASE("subdomains of one organisation count as one organisation") {
  using sg::rules::registrable_domain;
  CHECK(registrable_domain("client.example") == "client.example");
  CHECK(registrable_domain("mail.tokyo.client.example") == "client.example");
  CHECK(registrable_domain("sales.client.co.jp") == "client.co.jp");
  CHECK(registrable_domain("client.co.jp") == "client.co.jp");
  CHECK(registrable_domain("www.client.com.au") == "client.com.au");
  CHECK(registrable_domain("co.jp") == "co.jp");
  CHECK(registrable_domain("localhost") == "localhost");
  CHECK(registrable_domain("a.b.client.example.") == "client.example");
}
