// Every example case through the engine in-process: profile override, the case's history imported
// into a real SQLite history, draft from JSON, the history's facts, verdict. Content findings
// (issue 6) are reported as pending until a rule declares their ids; everything a rule declares
// is held to the case's expectations.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <iostream>

#include "check/check.h"
#include "examples/example_eval.h"
#include "rules/rule.h"
#include "service/history_import.h"
#include "store/history.h"
#include "support/files.h"
#include "wire/draft_json.h"
#include "wire/verdict_json.h"

namespace json = boost::json;

TEST_CASE("every example case gets the findings its implemented rules should raise") {
  const auto implemented = sg::test::implemented_finding_ids();
  const auto files = sg::test::example_files(SG_EXAMPLES_DIR);
  REQUIRE(files.size() >= 60);
  std::size_t pending = 0;
  std::size_t failed = 0;
  // One history for all cases, as the host has: every case has its own sender.
  sg::test::TempDir dir;
  auto db = sg::store::Database::open(dir.path() / "history.sqlite3");
  REQUIRE(db.ok());
  auto history = sg::store::History::open(*db);
  REQUIRE(history.ok());
  for (const auto& file : files) {
    const json::value example = sg::test::read_json_file(file);
    CAPTURE(file.filename().string());
    auto loaded = sg::load_profile(sg::default_parameter_table(), json::serialize(example.at("profile")));
    REQUIRE_MESSAGE(loaded.profile, "the case's profile must load");
    auto draft = sg::wire::draft_from_json(example.at("draft"));
    if (!draft.ok()) {
      const std::string why = draft.error().message.en + " at " + draft.error().path;
      FAIL(why);
    }
    if (const json::value* messages = example.as_object().if_contains("history")) {
      auto tally = sg::import_history_json(*db, *history, json::object{{"messages", *messages}}, *loaded.profile);
      REQUIRE(tally.ok());
      CHECK(tally->malformed == 0);
    }
    std::vector<sg::store::DraftRecipient> recipients;
    for (sg::Field field : {sg::Field::to, sg::Field::cc, sg::Field::bcc}) {
      for (const sg::Address& a : draft->field(field)) recipients.push_back({a.key(), a.domain_ascii, a.name});
    }
    auto facts = history->facts_for(draft->from ? draft->from->key() : "", recipients);
    REQUIRE(facts.ok());
    const sg::Verdict v = sg::check(*draft, *loaded.profile, &*facts);
    const json::value verdict = sg::wire::verdict_to_json(v);
    const auto judgement = sg::test::judge_case(example, verdict, implemented);
    for (const auto& f : judgement.failures) {
      const std::string report = file.filename().string() + ": " + f + "\n  verdict: " + json::serialize(verdict);
      FAIL_CHECK(report);
      ++failed;
    }
    pending += judgement.pending.size();
  }
  const std::string summary = std::to_string(files.size()) + " cases; " + std::to_string(failed) +
                              " failed expectations; " + std::to_string(pending) +
                              " expectations pending on rules of later issues";
  MESSAGE(summary);
}

TEST_CASE("the evaluator itself notices a missing finding and a false alarm") {
  const json::value example = json::parse(R"({"expect": {
      "must_fire": [{"id": "recipient.external", "target": {"kind": "recipient", "address": "a@x.example"}}],
      "must_not_fire": ["recipient.freemail"], "may_fire": [], "action_at_least": "confirm"}})");
  const json::value empty_verdict =
      json::parse(R"({"action": "allow", "findings": [], "recipients": [], "attachments": []})");
  const auto j = sg::test::judge_case(example, empty_verdict, {"recipient.external", "recipient.freemail"});
  CHECK(j.failures.size() == 2);  // missing finding, action below confirm

  const json::value clean = json::parse(R"({"expect": {"must_fire": [], "must_not_fire": [], "may_fire": []}})");
  const json::value noisy = json::parse(R"({"action": "confirm", "findings": [
      {"id": "recipient.freemail", "severity": "warning", "targets": []}], "recipients": [], "attachments": []})");
  CHECK(sg::test::judge_case(clean, noisy, {"recipient.freemail"}).failures.size() == 1);
}
