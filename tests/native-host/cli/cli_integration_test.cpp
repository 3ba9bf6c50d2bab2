// The real sendguard's `check`, `config` and `token` subcommands: exit codes, output in both
// languages, and what they leave on disk.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "support/files.h"
#include "support/process.h"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string fixture_path(const char* name) {
  return (fs::path(SG_CLI_FIXTURES) / name).string();
}

// A data directory and override path of its own, in a fixed language.
struct Cli {
  sg::test::TempDir dir;
  std::string lang = "en_US.UTF-8";

  [[nodiscard]] fs::path data() const { return dir.path() / "data"; }
  [[nodiscard]] fs::path profile() const { return dir.path() / "config" / "profile.json"; }

  sg::test::RunResult run(std::vector<std::string> args, std::string_view input = {}) const {
    std::vector<std::string> argv = {sg::test::sendguard_binary(), "--data-dir", data().string(), "--config",
                                     profile().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return sg::test::run(std::move(argv), {"LC_ALL=" + lang, "LC_MESSAGES=", "LANG=" + lang}, input);
  }

  void install(std::string_view document) const { sg::test::write_text(profile(), document); }
};

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// A profile document as the host reads it: comments allowed.
json::value parse_commented(std::string_view text) {
  json::parse_options opts;
  opts.allow_comments = true;
  return json::parse(text, {}, opts);
}

}  // namespace

TEST_CASE("check: an internal-only draft is allowed, exit 0") {
  Cli cli;
  const auto r = cli.run({"check", fixture_path("internal_only.json")});
  CHECK(r.status == 0);
  CHECK(contains(r.out, "Action: allow"));
  CHECK(contains(r.out, "internal (2):"));
  CHECK(!contains(r.out, "external ("));
}

TEST_CASE("check: an external recipient needs confirmation, exit 10, recipients grouped") {
  Cli cli;
  const auto r = cli.run({"check", fixture_path("one_external.json")});
  CHECK(r.status == 10);
  CHECK(contains(r.out, "Action: confirm"));
  CHECK(contains(r.out, "Score: 1 (confirm at 1, justify at 8, block at 15)"));
  CHECK(contains(r.out, "recipient.external"));
  const auto internal = r.out.find("internal (1):");
  const auto external = r.out.find("external (1):");
  REQUIRE(internal != std::string::npos);
  REQUIRE(external != std::string::npos);
  CHECK(internal < r.out.find("ito@corp.example"));
  CHECK(external < r.out.find("sato@client-a.example>"));
}

TEST_CASE("check: thresholds in the --config profile turn the same draft into justify (11) or block (12)") {
  Cli cli;
  cli.install(R"({"thresholds": {"confirm": 0.5, "justify": 0.9, "block": 5}})");
  CHECK(cli.run({"check", fixture_path("one_external.json")}).status == 11);
  cli.install(R"({"thresholds": {"confirm": 0.5, "justify": 0.7, "block": 0.9}})");
  const auto r = cli.run({"check", fixture_path("one_external.json")});
  CHECK(r.status == 12);
  CHECK(contains(r.out, "Action: block"));
}

TEST_CASE("check: a recipient on the block list blocks, exit 12") {
  Cli cli;
  cli.install(R"({"lists": {"blocked": ["client-a.example"]}})");
  const auto r = cli.run({"check", fixture_path("one_external.json")});
  CHECK(r.status == 12);
  CHECK(contains(r.out, "recipient.blocked"));
}

TEST_CASE("check --json prints the API's verdict and still exits by the action") {
  Cli cli;
  const auto r = cli.run({"check", "--json", fixture_path("one_external.json")});
  CHECK(r.status == 10);
  const json::object v = json::parse(r.out).as_object();
  CHECK(v.at("check_id").as_string().starts_with("c_"));
  CHECK(v.at("action") == "confirm");
  CHECK(v.at("locale") == "ja");  // the draft's language, as the HTTP answer would be
  CHECK(v.at("recipients").as_array().size() == 2);
}

TEST_CASE("check --json --locale en answers in English as if the draft asked for it") {
  Cli cli;
  const auto r = cli.run({"check", "--json", "--locale", "en", fixture_path("one_external.json")});
  CHECK(json::parse(r.out).at("locale") == "en");
}

TEST_CASE("check reads the draft from stdin with -") {
  Cli cli;
  const auto r = cli.run({"check", "-"}, sg::test::read_text(fixture_path("internal_only.json")));
  CHECK(r.status == 0);
  CHECK(contains(r.out, "Action: allow"));
}

TEST_CASE("check speaks the environment's language, or --locale's") {
  Cli cli;
  cli.lang = "ja_JP.UTF-8";
  const auto ja = cli.run({"check", fixture_path("internal_only.json")});
  CHECK(contains(ja.out, "判定: 送信可 (allow)"));
  const auto en = cli.run({"check", "--locale", "en", fixture_path("one_external.json")});
  CHECK(contains(en.out, "Action: confirm"));
}

TEST_CASE("check: an invalid draft exits 2 naming the code and the JSON path on stderr") {
  Cli cli;
  const auto r = cli.run({"check", fixture_path("bad_address.json")});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "invalid_request"));
  CHECK(contains(r.err, "/to/1/address"));

  const auto as_json = cli.run({"check", "--json", fixture_path("bad_address.json")});
  CHECK(as_json.status == 2);
  CHECK(json::parse(as_json.out).at("error").at("path") == "/to/1/address");
}

TEST_CASE("check: unreadable input exits 2") {
  Cli cli;
  const auto not_json = cli.run({"check", "-"}, "{\"to\": [");
  CHECK(not_json.status == 2);
  CHECK(contains(not_json.err, "invalid_json"));
  const auto missing = cli.run({"check", (cli.dir.path() / "no-such-draft.json").string()});
  CHECK(missing.status == 2);
  CHECK(contains(missing.err, "not_found"));
}

TEST_CASE("check: a command-line mistake exits 2, --help documents the exit codes") {
  Cli cli;
  CHECK(cli.run({"check"}).status == 2);
  CHECK(cli.run({"check", "--locale", "fr", fixture_path("internal_only.json")}).status == 2);
  const auto help = cli.run({"check", "--help"});
  CHECK(help.status == 0);
  CHECK(contains(help.out, "10 confirm, 11 justify, 12 block"));
}

TEST_CASE("check: a broken installed profile is a failure of ours, exit 1") {
  Cli cli;
  cli.install(R"({"nonsense": true})");
  const auto r = cli.run({"check", fixture_path("internal_only.json")});
  CHECK(r.status == 1);
  CHECK(contains(r.err, "/nonsense"));
}

TEST_CASE("config check: a valid profile passes") {
  Cli cli;
  const auto r = cli.run({"config", "check", fixture_path("profile_valid.json")});
  CHECK(r.status == 0);
  CHECK(contains(r.out, "OK"));
}

TEST_CASE("config check: every problem is listed with its JSON path, exit 2") {
  Cli cli;
  const auto r = cli.run({"config", "check", fixture_path("profile_invalid.json")});
  CHECK(r.status == 2);
  CHECK(contains(r.out, "/foo: unknown key\n"));
  CHECK(contains(r.out, "/weights/recipient.external: must be a number\n"));
  CHECK(contains(r.err, "2 problems"));
}

TEST_CASE("config check: problems are in Japanese for a Japanese user") {
  Cli cli;
  cli.lang = "ja_JP.UTF-8";
  const auto r = cli.run({"config", "check", fixture_path("profile_invalid.json")});
  CHECK(r.status == 2);
  CHECK(contains(r.out, "/foo: 不明なキーです\n"));
  CHECK(contains(r.out, "/weights/recipient.external: 数値でなければなりません\n"));
}

TEST_CASE("config check: a document that is not JSON is reported, exit 2") {
  Cli cli;
  const auto r = cli.run({"config", "check", "-"}, "{\"thresholds\": ");
  CHECK(r.status == 2);
  CHECK(contains(r.out, "(document): not valid JSON"));
}

TEST_CASE("config apply refuses an invalid profile and leaves the installed one byte for byte") {
  Cli cli;
  const std::string before = "// installed by hand\n{\"thresholds\": {\"confirm\": 3}}\n";
  cli.install(before);
  const auto r = cli.run({"config", "apply", fixture_path("profile_invalid.json")});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "/foo: unknown key"));
  CHECK(contains(r.err, "/weights/recipient.external: must be a number"));
  CHECK(sg::test::read_text(cli.profile()) == before);
  // Nothing half-written beside it either.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(cli.profile().parent_path())) ++files;
  CHECK(files == 1);
}

TEST_CASE("config apply installs a valid profile, which check then uses") {
  Cli cli;
  const auto r = cli.run({"config", "apply", fixture_path("profile_valid.json")});
  CHECK(r.status == 0);
  CHECK(sg::test::read_text(cli.profile()) == sg::test::read_text(fixture_path("profile_valid.json")));
  // recipient.external now weighs 2.5 against a confirm threshold of 2.
  const auto check = cli.run({"check", fixture_path("one_external.json")});
  CHECK(check.status == 10);
  CHECK(contains(check.out, "Score: 2.5 (confirm at 2,"));
}

TEST_CASE("config apply replaces a broken installed profile") {
  Cli cli;
  cli.install("{ not json");
  CHECK(cli.run({"config", "apply", fixture_path("profile_valid.json")}).status == 0);
  CHECK(cli.run({"config", "check", cli.profile().string()}).status == 0);
}

TEST_CASE("config dump --non-default shows only what differs from the defaults") {
  Cli cli;
  CHECK(cli.run({"config", "dump", "--non-default", "--json"}).out == "{}\n");

  cli.install(R"({"thresholds": {"confirm": 2.0, "justify": 8.0}, "weights": {"recipient.external": 2.5}})");
  const auto compact = cli.run({"config", "dump", "--non-default", "--json"});
  CHECK(compact.status == 0);
  // justify is written but equal to its default, so it is not shown.
  CHECK(json::parse(compact.out) ==
        json::parse(R"({"thresholds": {"confirm": 2.0}, "weights": {"recipient.external": 2.5}})"));

  const auto commented = cli.run({"config", "dump", "--non-default"});
  CHECK(commented.status == 0);
  CHECK(contains(commented.out, "// "));
  CHECK(parse_commented(commented.out) ==
        json::parse(R"({"thresholds": {"confirm": 2.0}, "weights": {"recipient.external": 2.5}})"));

  // What dump prints is itself a profile that config check accepts.
  const auto again = cli.run({"config", "check", "-"}, commented.out);
  CHECK(again.status == 0);
}

TEST_CASE("config dump shows the whole effective profile with doc comments") {
  Cli cli;
  cli.install(R"({"thresholds": {"confirm": 2.0}})");
  const auto full = cli.run({"config", "dump", "--json"});
  CHECK(full.status == 0);
  const json::value doc = json::parse(full.out);
  CHECK(doc.at("thresholds").at("confirm") == 2.0);
  CHECK(doc.at("thresholds").at("block") == 15.0);
  CHECK(doc.at("weights").as_object().contains("recipient.external"));

  const auto commented = cli.run({"config", "dump"});
  CHECK(commented.status == 0);
  CHECK(parse_commented(commented.out) == doc);
  CHECK(contains(commented.out, "// Score from which the mail cannot be sent"));
  CHECK(cli.run({"config", "check", "-"}, commented.out).status == 0);
}

TEST_CASE("config dump of a broken installed profile lists its problems, exit 2") {
  Cli cli;
  cli.install(R"({"thresholds": {"confirm": "low"}})");
  const auto r = cli.run({"config", "dump"});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "/thresholds/confirm: must be a number"));
}

TEST_CASE("token prints the token stored in the data directory, the same every time") {
  Cli cli;
  const auto first = cli.run({"token"});
  CHECK(first.status == 0);
  const std::string stored = sg::test::read_text(cli.data() / "token");
  CHECK(first.out == stored);  // both end in one newline
  CHECK(first.out.size() == 43 + 1);
  CHECK(cli.run({"token"}).out == first.out);

  const auto admin = cli.run({"token", "--admin"});
  CHECK(admin.status == 0);
  CHECK(admin.out == sg::test::read_text(cli.data() / "admin-token"));
  CHECK(admin.out != first.out);
}

TEST_CASE("token works while the installed profile is broken") {
  Cli cli;
  cli.install("{ not json");
  CHECK(cli.run({"token"}).status == 0);
}

TEST_CASE("history import: an mbox Sent folder teaches the history once, and the next check knows it") {
  Cli cli;
  const fs::path mbox = cli.dir.path() / "Sent";
  // ISO-2022-JP encoded display name, a folded To header, a group, and one message without Date.
  sg::test::write_text(mbox,
                       "From yamada@corp.example Mon Oct  5 09:00:00 2026\n"
                       "From: =?ISO-2022-JP?B?GyRCOzNFRBsoQiAbJEJCQE86GyhC?= <yamada@corp.example>\n"
                       "To: =?ISO-2022-JP?B?GyRCOjRGIyEhMlY7UhsoQg==?= <sato@client-a.example>,\n"
                       " Team: suzuki@client-a.example;\n"
                       "Subject: =?UTF-8?Q?=E8=A6=8B=E7=A9=8D=E6=9B=B8?=\n"
                       "Date: Mon, 5 Oct 2026 09:00:00 +0900\n"
                       "\n"
                       "body\n"
                       "\n"
                       "From yamada@corp.example Tue Oct  6 09:00:00 2026\n"
                       "From: yamada@corp.example\n"
                       "To: kato@client-b.example\n"
                       "Subject: no date\n"
                       "\n"
                       "body\n");
  const auto first = cli.run({"history", "import", mbox.string()});
  CHECK(first.status == 0);
  CHECK(contains(first.out, "imported: 1"));
  CHECK(contains(first.out, "not understood: 1"));
  CHECK(contains(first.out, "Sent#2"));
  const auto again = cli.run({"history", "import", mbox.string()});
  CHECK(again.status == 0);
  CHECK(contains(again.out, "imported: 0, already there: 1"));

  // The imported history now speaks in checks: a new address at client-a is first-time.
  cli.install(R"({"organization": {"internal_domains": ["corp.example"]}})");
  const auto checked =
      cli.run({"check", "--json", "-"},
              R"({"from": "yamada@corp.example", "to": ["sato@client-a.example", "okamoto@client-a.example"],
                                   "subject": "s", "body": {"text": "x"}})");
  const json::value v = json::parse(checked.out);
  bool first_time = false;
  for (const auto& f : v.at("findings").as_array()) {
    if (f.at("id") == "recipient.first_time") {
      first_time = true;
      CHECK(f.at("targets").at(0).at("address") == "okamoto@client-a.example");
    }
  }
  CHECK(first_time);

  const auto missing = cli.run({"history", "import", (cli.dir.path() / "nope").string()});
  CHECK(missing.status == 2);
}

TEST_CASE("history import: the salutations of mail already sent teach where organisations are") {
  Cli cli;
  const fs::path mbox = cli.dir.path() / "Sent";
  sg::test::write_text(mbox,
                       "From yamada@corp.example Mon Oct  5 09:00:00 2026\n"
                       "From: yamada@corp.example\n"
                       "To: sato@alpha.example\n"
                       "Subject: =?UTF-8?Q?=E8=A6=8B=E7=A9=8D=E6=9B=B8?=\n"
                       "Date: Mon, 5 Oct 2026 09:00:00 +0900\n"
                       "Content-Type: text/plain; charset=UTF-8\n"
                       "\n"
                       "株式会社アルファ\n"
                       "営業部 佐藤様\n"
                       "\n"
                       "お世話になっております。\n");
  const auto imported = cli.run({"history", "import", mbox.string()});
  CHECK(imported.status == 0);
  cli.install(R"({"organization": {"internal_domains": ["corp.example"]}})");
  // A file for アルファ on its way to a bare address at another organisation.
  const auto checked = cli.run({"check", "--json", "-"},
                               R"({"from": "yamada@corp.example", "to": ["info@beta.example"], "subject": "s",
                                   "body": {"text": "資料を添付します。"},
                                   "attachments": [{"name": "見積書_株式会社アルファ御中.xlsx", "size": 10}]})");
  const json::value v = json::parse(checked.out);
  bool mismatch = false;
  for (const auto& f : v.at("findings").as_array()) {
    if (f.at("id") == "attachment.mismatch") {
      mismatch = true;
      CHECK(contains(std::string(f.at("message").as_string()), "alpha.example"));
    }
  }
  CHECK(mismatch);
}
