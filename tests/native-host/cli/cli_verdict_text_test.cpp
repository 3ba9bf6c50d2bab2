// The terminal form of a verdict and the exit codes of `sendguard check`.
#include <doctest/doctest.h>

#include "cli/commands.h"
#include "cli/verdict_text.h"

namespace {

sg::Address mailbox(const char* name, const char* local, const char* domain) {
  return sg::Address{name, local, domain, domain};
}

sg::Verdict sample() {
  sg::Verdict v;
  v.check_id = "c_TEST";
  v.action = sg::Action::confirm;
  v.score = 3.5;
  v.policy_version = "1-abc";
  sg::Finding f;
  f.id = "recipient.external";
  f.group = "recipient";
  f.severity = sg::Severity::warning;
  f.score = 3.5;
  f.message = sg::Text{"社外の宛先があります", "there is an outside recipient"};
  f.targets.push_back(sg::Target::recipient(mailbox("", "sato", "client-a.example")));
  sg::Suggestion s;
  s.kind = sg::Suggestion::Kind::move_to_bcc;
  s.addresses = {"sato@client-a.example"};
  f.suggestion = s;
  v.findings.push_back(f);
  sg::RecipientView outside{
      mailbox("Hanako Sato", "sato", "client-a.example"), sg::Field::to, false, {}, {"recipient.external"}};
  sg::RecipientView inside{mailbox("", "ito", "corp.example"), sg::Field::cc, true, {}, {}};
  v.recipients = {outside, inside};
  return v;
}

}  // namespace

TEST_CASE("the English verdict names the action, score, thresholds, finding and groups") {
  const std::string t = sg::cli::verdict_text(sample(), sg::Locale::en);
  CHECK(t.find("Action: confirm") != std::string::npos);
  CHECK(t.find("Score: 3.5 (confirm at 1, justify at 8, block at 15)") != std::string::npos);
  CHECK(t.find("[warning] recipient.external") != std::string::npos);
  CHECK(t.find("there is an outside recipient") != std::string::npos);
  CHECK(t.find("Suggestion: move to Bcc: sato@client-a.example") != std::string::npos);
  // Internal first, then external, each recipient under its own group.
  const auto internal = t.find("internal (1):");
  const auto external = t.find("external (1):");
  const auto ito = t.find("ito@corp.example");
  const auto sato = t.find("Hanako Sato <sato@client-a.example>");
  REQUIRE(internal != std::string::npos);
  REQUIRE(external != std::string::npos);
  CHECK(internal < ito);
  CHECK(ito < external);
  CHECK(external < sato);
}

TEST_CASE("the Japanese verdict is in Japanese, messages included") {
  const std::string t = sg::cli::verdict_text(sample(), sg::Locale::ja);
  CHECK(t.find("判定: 確認 (confirm)") != std::string::npos);
  CHECK(t.find("社外の宛先があります") != std::string::npos);
  CHECK(t.find("[警告]") != std::string::npos);
  CHECK(t.find("社内 (1):") != std::string::npos);
  CHECK(t.find("there is an outside recipient") == std::string::npos);
}

TEST_CASE("an action above what the score gives is explained") {
  sg::Verdict v = sample();
  CHECK(sg::cli::verdict_text(v, sg::Locale::en).find("whatever the score") == std::string::npos);
  v.action = sg::Action::block;
  CHECK(sg::cli::verdict_text(v, sg::Locale::en).find("whatever the score") != std::string::npos);
}

TEST_CASE("a verdict without findings says so") {
  sg::Verdict v;
  CHECK(sg::cli::verdict_text(v, sg::Locale::en).find("No findings.") != std::string::npos);
}

TEST_CASE("check's exit code tells the action; input errors are 2 and our own failures 1") {
  using sg::Action;
  CHECK(sg::cli::exit_code_for(Action::allow) == 0);
  CHECK(sg::cli::exit_code_for(Action::confirm) == 10);
  CHECK(sg::cli::exit_code_for(Action::justify) == 11);
  CHECK(sg::cli::exit_code_for(Action::block) == 12);
  CHECK(sg::cli::exit_code_for(sg::make_error(sg::ErrorCode::invalid_request, {})) == 2);
  CHECK(sg::cli::exit_code_for(sg::make_error(sg::ErrorCode::too_large, {})) == 2);
  CHECK(sg::cli::exit_code_for(sg::make_error(sg::ErrorCode::internal, {})) == 1);
}

TEST_CASE("profile problems print one path: message line each") {
  const std::vector<sg::Problem> problems = {{"/foo", sg::Text{"不明なキーです", "unknown key"}},
                                             {"", sg::Text{"読めません", "unreadable"}}};
  CHECK(sg::cli::problem_lines(problems, sg::Locale::en) == "/foo: unknown key\n(document): unreadable\n");
  CHECK(sg::cli::problem_lines(problems, sg::Locale::ja) == "/foo: 不明なキーです\n（文書全体）: 読めません\n");
}
