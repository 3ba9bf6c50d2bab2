// Crash safety of the real host: `sendguard serve` is killed with SIGKILL at random moments while a
// client imports history and records sent decisions; after every restart the database opens,
// every acknowledged decision and import is there, and `sendguard audit verify` passes.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <csignal>
#include <random>
#include <set>
#include <thread>

#include "store/history.h"
#include "store/sqlite.h"
#include "support/server.h"

namespace json = boost::json;

namespace {

constexpr int kRounds = 6;
constexpr std::string_view kSender = "yamada@corp.example";

sg::test::Headers json_type() {
  return {{"Content-Type", "application/json"}};
}

json::object message(int n) {
  return json::object{{"date", "2026-10-01T09:00:00+09:00"},
                      {"from", kSender},
                      {"to", json::array{"imp" + std::to_string(n) + "@client.example"}},
                      {"subject", "import " + std::to_string(n)}};
}

}  // namespace

TEST_CASE("SIGKILL during imports and decisions loses nothing acknowledged; the log verifies") {
  sg::test::Server server;
  std::mt19937 rng(20261123);
  std::set<std::string> decided;  // addresses of decisions the host acknowledged as learned
  std::vector<int> imported;      // messages whose import the host acknowledged
  int next_message = 0;
  int next_decision = 0;
  for (int round = 0; round < kRounds; ++round) {
    CAPTURE(round);
    std::thread killer([&server, delay = std::uniform_int_distribution<int>(150, 700)(rng)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      server.process().signal(SIGKILL);
    });
    try {
      auto c = server.connect();
      for (;;) {
        json::array batch;
        const int first = next_message;
        for (int i = 0; i < 50; ++i) batch.push_back(message(next_message++));
        const auto res = c->request("POST", "/v1/history/import", server.user(json_type()),
                                    json::serialize(json::object{{"messages", batch}}));
        if (res.status != 200) break;
        for (int i = first; i < next_message; ++i) imported.push_back(i);
        const std::string to = "dec" + std::to_string(next_decision++) + "@client.example";
        const auto checked = c->request("POST", "/v1/check", server.user(json_type()),
                                        R"({"from": ")" + std::string(kSender) + R"(", "to": [")" + to +
                                            R"("], "subject": "s", "body": {"text": "x"}})");
        if (checked.status != 200) break;
        const std::string id(checked.json().at("check_id").as_string());
        const auto decision =
            c->request("POST", "/v1/decision", server.user(json_type()),
                       R"({"check_id": ")" + id + R"(", "outcome": "sent", "final": {"to": [")" + to + R"("]}})");
        if (decision.status != 200) break;
        if (decision.json().at("learned") == true) decided.insert(to);
      }
    } catch (const std::exception&) {
      // The connection died with the host: expected.
    }
    killer.join();
    CHECK(server.process().wait(std::chrono::seconds(10)).value_or(0) == 128 + SIGKILL);
    server.start();  // the same data directory: the host must open what the kill left
  }
  REQUIRE(server.stop() == 0);
  CHECK(decided.size() >= kRounds);  // every round got some work acknowledged
  CHECK(imported.size() >= 50u * kRounds);

  auto db = sg::store::Database::open(server.data() / "history.sqlite3");
  REQUIRE(db.ok());
  {
    auto s = sg::store::Statement::prepare(*db, "PRAGMA integrity_check");
    REQUIRE(s.ok());
    REQUIRE(s->step().ok());
    CHECK(s->column_text(0) == "ok");
  }
  auto history = sg::store::History::open(*db);
  REQUIRE(history.ok());
  for (const std::string& to : decided) {
    CAPTURE(to);
    CHECK(history->contact(kSender, to).value().known);
  }
  for (int n : imported) {
    CAPTURE(n);
    CHECK(history->contact(kSender, "imp" + std::to_string(n) + "@client.example").value().known);
  }
  const auto verify = sg::test::run({sg::test::sendguard_binary(), "--data-dir", server.data().string(), "--config",
                                     server.config().string(), "audit", "verify"},
                                    {"LC_ALL=en_US.UTF-8"});
  CHECK(verify.status == 0);
  MESSAGE("acknowledged across " << kRounds << " kills: " << decided.size() << " decisions, " << imported.size()
                                 << " imported messages");
}
