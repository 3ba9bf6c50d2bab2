// recipient.freemail: personal and free-mail addresses receiving business mail.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

TEST_CASE("a business contact's private free-mail address is flagged") {
  const Verdict v = test::check(DraftBuilder().to({"荒木 一郎 <ichiro.araki72@gmail.com>"}).body("荒木様"));
  const Finding* f = test::find(v, "recipient.freemail");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"ichiro.araki72@gmail.com"});
  const ValueList* domains = test::evidence_list(f->evidence, "domains");
  REQUIRE(domains != nullptr);
  CHECK(std::get<std::string>(domains->front().storage()) == "gmail.com");
}

TEST_CASE("the helpdesk's free-mail list replaces the built-in one") {
  constexpr std::string_view kList = R"({"lists": {"freemail_domains": ["freemail.example"]}})";
  CHECK(test::fired(test::check(DraftBuilder().to({"s@freemail.example"}), kList), "recipient.freemail"));
  CHECK_FALSE(test::fired(test::check(DraftBuilder().to({"s@gmail.com"}), kList), "recipient.freemail"));
}

TEST_CASE("a Bcc'd free-mail recipient still receives the mail and is flagged") {
  const Verdict v = test::check(DraftBuilder().to({"client@customer.example"}).bcc({"me.at.home@yahoo.co.jp"}));
  const Finding* f = test::find(v, "recipient.freemail");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"me.at.home@yahoo.co.jp"});
}

TEST_CASE("a company address is not free mail, nor is a domain that merely contains a free-mail name") {
  const Verdict v = test::check(DraftBuilder().to({"a@customer.example", "b@gmail.com.example", "c@notgmail.com"}));
  CHECK_FALSE(test::fired(v, "recipient.freemail"));
}

TEST_CASE("an organisation that runs its internal mail on a free-mail domain is not flagged") {
  const Verdict v = test::check(DraftBuilder().from("shop <owner@gmail.com>").to({"clerk@gmail.com"}));
  CHECK_FALSE(test::fired(v, "recipient.freemail"));
  const Verdict w = test::check(DraftBuilder().to({"staff@gmail.com"}),
                                R"({"organization": {"internal_domains": ["corp.example", "gmail.com"]}})");
  CHECK_FALSE(test::fired(w, "recipient.freemail"));
}

TEST_CASE("several free-mail recipients make one finding that lists each once") {
  const Verdict v =
      test::check(DraftBuilder().to({"a@gmail.com", "b@icloud.com"}).cc({"A@gmail.com"}).locale(Locale::en));
  REQUIRE(test::count_of(v, "recipient.freemail") == 1);
  const Finding* f = test::find(v, "recipient.freemail");
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"a@gmail.com", "b@icloud.com"});
  CHECK(f->message.en.find("are personal or free-mail addresses") != std::string::npos);
}
