// recipient.reply_drift: replies and forwards that bring in organisations from outside the thread.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {
DraftBuilder thread_reply(ComposeType type) {
  return DraftBuilder()
      .compose(type)
      .subject("Re: ご発注内容の確認")
      .original({"飯田 大輔 <iidad@kagaku.test>", "山田 太郎 <yamada@corp.example>", "原 沙織 <hara@kagaku.test>",
                 "田村 <tamura@corp.example>"})
      .body("飯田様\n\n承知しました。\n\n2026/10/10 13:00 飯田 大輔 wrote:\n> 山田様\n> ご確認ください。");
}
}  // namespace

TEST_CASE("a reply-all that adds another customer's person is flagged, and only that person") {
  const Verdict v = test::check(thread_reply(ComposeType::reply_all)
                                    .to({"iidad@kagaku.test"})
                                    .cc({"hara@kagaku.test", "tamura@corp.example", "工藤 <kudos@unyu.example>"}));
  const Finding* f = test::find(v, "recipient.reply_drift");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"kudos@unyu.example"});
  const ValueList* thread = test::evidence_list(f->evidence, "thread_domains");
  REQUIRE(thread != nullptr);
  CHECK(thread->size() == 2);  // kagaku.test and corp.example
  CHECK(*test::evidence_string(f->evidence, "compose_type") == "reply_all");
}

TEST_CASE("a reply-all to the same people raises nothing") {
  const Verdict v = test::check(
      thread_reply(ComposeType::reply_all).to({"iidad@kagaku.test"}).cc({"hara@kagaku.test", "tamura@corp.example"}));
  CHECK_FALSE(test::fired(v, "recipient.reply_drift"));
}

TEST_CASE("a new colleague of a thread member's organisation is not drift, nor a sister subdomain") {
  const Verdict v = test::check(
      thread_reply(ComposeType::reply).to({"iidad@kagaku.test"}).cc({"boss@kagaku.test", "ops@osaka.kagaku.test"}));
  CHECK_FALSE(test::fired(v, "recipient.reply_drift"));
}

TEST_CASE("adding an internal colleague to a reply is not drift") {
  const Verdict v = test::check(thread_reply(ComposeType::reply).to({"iidad@kagaku.test"}).cc({"legal@corp.example"}));
  CHECK_FALSE(test::fired(v, "recipient.reply_drift"));
}

TEST_CASE("a new message or a saved draft never drifts") {
  for (ComposeType t : {ComposeType::new_message, ComposeType::draft}) {
    const Verdict v = test::check(thread_reply(t).to({"iidad@kagaku.test"}).cc({"kudos@unyu.example"}));
    CHECK_FALSE(test::fired(v, "recipient.reply_drift"));
  }
}

TEST_CASE("without original recipients there is nothing to compare with") {
  const Verdict v =
      test::check(DraftBuilder().compose(ComposeType::reply).to({"iidad@kagaku.test"}).cc({"kudos@unyu.example"}));
  CHECK_FALSE(test::fired(v, "recipient.reply_drift"));
}

TEST_CASE("a forward to an organisation outside the thread fires unless forwards are excluded") {
  const auto fwd = thread_reply(ComposeType::forward).to({"partner@logistics.example"});
  const Verdict v = test::check(fwd);
  const Finding* f = test::find(v, "recipient.reply_drift");
  REQUIRE(f != nullptr);
  CHECK(f->message.ja.find("転送") != std::string::npos);
  CHECK_FALSE(test::fired(test::check(fwd, R"({"rules": {"recipient.reply_drift": {"include_forward": false}}})"),
                          "recipient.reply_drift"));
}

TEST_CASE("the author named in the quoted attribution belongs to the thread") {
  // Some clients leave the author of the message replied to out of original_recipients.
  const Verdict v = test::check(DraftBuilder()
                                    .compose(ComposeType::reply)
                                    .to({"Riley Evans <evans.r@northgate.example>"})
                                    .original({"yamada@corp.example"})
                                    .body("Dear Riley,\n\nThanks.\n\nOn 01/10/2026 15:00, Riley Evans "
                                          "<evans.r@northgate.example> wrote:\n> Hi Taro,\n> Fine by us."));
  CHECK_FALSE(test::fired(v, "recipient.reply_drift"));
}

TEST_CASE("a second free-mail address is a new organisation even at the same free-mail domain") {
  const Verdict v = test::check(DraftBuilder()
                                    .compose(ComposeType::reply_all)
                                    .original({"parent1@gmail.com", "yamada@corp.example"})
                                    .to({"parent1@gmail.com"})
                                    .cc({"parent2@gmail.com"}));
  const Finding* f = test::find(v, "recipient.reply_drift");
  REQUIRE(f != nullptr);
  CHECK(test::target_addresses(*f) == std::vector<std::string>{"parent2@gmail.com"});
}
