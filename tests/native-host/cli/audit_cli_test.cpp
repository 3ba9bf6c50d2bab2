// The real sendguard's `audit verify` and `audit show` on a data directory whose audit log the
// host wrote: exit codes, the line of a tampered record, filters and both languages.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "service/api.h"
#include "support/files.h"
#include "support/process.h"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

struct Cli {
  sg::test::TempDir dir;

  [[nodiscard]] fs::path data() const { return dir.path() / "data"; }
  [[nodiscard]] fs::path log() const { return data() / "audit.jsonl"; }

  sg::test::RunResult run(std::vector<std::string> args, const std::string& lang = "en_US.UTF-8") const {
    std::vector<std::string> argv = {sg::test::sendguard_binary(), "audit"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data-dir", data().string(), "--config", (dir.path() / "profile.json").string()});
    return sg::test::run(std::move(argv), {"LC_ALL=" + lang, "LC_MESSAGES=", "LANG=" + lang});
  }

  // Decisions recorded by the host's own Api, as a mail client's would be.
  void decide(const std::vector<std::pair<std::string, std::string>>& to_and_outcome) const {
    auto api = sg::Api::open(sg::HostConfig{data(), dir.path() / "profile.json"});
    REQUIRE(api.ok());
    for (const auto& [to, outcome] : to_and_outcome) {
      const auto verdict = (*api)->check(json::parse(R"({"from": "yamada@corp.example", "to": [")" + to +
                                                     R"("], "subject": "s", "body": {"text": "t"}})"));
      REQUIRE(verdict.status == 200);
      const auto recorded =
          (*api)->decision(json::object{{"check_id", verdict.body.at("check_id")},
                                        {"outcome", outcome},
                                        {"final", json::object{{"to", json::array{json::value(to)}}}}});
      REQUIRE(recorded.status == 200);
    }
  }
};

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// Overwrites bytes in place, the way someone with an editor would.
void overwrite_in_line(const fs::path& file, int line, std::string_view from, std::string_view to) {
  REQUIRE(from.size() == to.size());
  const std::string text = sg::test::read_text(file);
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) start = text.find('\n', start) + 1;
  const std::size_t at = text.find(from, start);
  REQUIRE(at != std::string::npos);
  REQUIRE(at < text.find('\n', start));
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(at));
  f.write(to.data(), static_cast<std::streamsize>(to.size()));
}

}  // namespace

TEST_CASE("audit verify: exit 0 after decisions; exit 3 naming the line after an edit") {
  Cli cli;
  cli.decide({{"sato@client-a.example", "sent"}, {"kim@client-b.example", "sent"}, {"ito@corp.example", "sent"}});
  auto r = cli.run({"verify"});
  CHECK(r.status == 0);
  CHECK(contains(r.out, "intact: 3 records (seq 1-3)"));

  overwrite_in_line(cli.log(), 2, R"("outcome":"sent")", R"("outcome":"SENT")");
  r = cli.run({"verify"});
  CHECK(r.status == 3);
  CHECK(contains(r.out, "PROBLEM [edited] line 2 (seq 2)"));
  CHECK(contains(r.out, "records in order before the problem: 1"));
  const auto ja = cli.run({"verify"}, "ja_JP.UTF-8");
  CHECK(ja.status == 3);
  CHECK(contains(ja.out, "2 行目（seq 2）"));
}

TEST_CASE("audit verify: a cut tail is exit 3; a missing data directory is intact") {
  Cli cli;
  CHECK(cli.run({"verify"}).status == 0);
  CHECK(!fs::exists(cli.data()));  // verifying creates nothing
  cli.decide({{"sato@client-a.example", "sent"}, {"kim@client-b.example", "cancelled"}});
  std::string text = sg::test::read_text(cli.log());
  text.erase(text.rfind('\n', text.size() - 2) + 1);
  sg::test::write_text(cli.log(), text);
  const auto r = cli.run({"verify"});
  CHECK(r.status == 3);
  CHECK(contains(r.out, "[truncated_tail]"));
}

TEST_CASE("audit show: filters, JSON, paging hints and bad options") {
  Cli cli;
  cli.decide({{"sato@client-a.example", "sent"}, {"kim@client-b.example", "cancelled"}, {"ito@corp.example", "sent"}});
  auto r = cli.run({"show", "--recipient", "KIM@client-b.example"});
  CHECK(r.status == 0);
  CHECK(contains(r.out, "#2 "));
  CHECK(contains(r.out, "decision cancelled"));
  CHECK(contains(r.out, "from yamada@corp.example to kim@client-b.example"));
  CHECK(!contains(r.out, "#1 "));

  r = cli.run({"show", "--outcome", "sent", "--json"});
  CHECK(r.status == 0);
  const json::value doc = json::parse(r.out);
  REQUIRE(doc.at("records").as_array().size() == 2);
  CHECK(doc.at("records").at(0).at("seq") == 3);
  CHECK(doc.at("next_before_seq").is_null());

  r = cli.run({"show", "--limit", "1"});
  CHECK(contains(r.out, "#3 "));
  CHECK(contains(r.out, "more: add --before-seq 3"));
  r = cli.run({"show", "--limit", "1"}, "ja_JP.UTF-8");
  CHECK(contains(r.out, "送信"));
  CHECK(contains(r.out, "続きは --before-seq 3"));

  CHECK(cli.run({"show", "--recipient", "nobody@x.example"}).out == "no matching records\n");
  r = cli.run({"show", "--limit", "abc"});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "--limit"));
  CHECK(cli.run({"show", "--before-seq", "x"}).err.find("--before-seq") != std::string::npos);
}
