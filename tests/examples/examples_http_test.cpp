// Every example case as an outside client sees it: the real `sendguard serve` over verified
// HTTPS, the case's profile sent with PUT /v1/policy, its history with POST /v1/history/import,
// then its draft with POST /v1/check.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "examples/example_eval.h"
#include "support/server.h"

namespace json = boost::json;

TEST_CASE("every example case over HTTPS: PUT /v1/policy, POST /v1/check, judged like the engine test") {
  sg::test::Server server;
  auto client = server.connect();
  const auto implemented = sg::test::implemented_finding_ids();
  const auto files = sg::test::example_files(SG_EXAMPLES_DIR);
  REQUIRE(files.size() >= 60);
  std::size_t failed = 0;
  for (const auto& file : files) {
    const json::value example = sg::test::read_json_file(file);
    CAPTURE(file.filename().string());
    const auto put = client->request("PUT", "/v1/policy", server.admin({{"Content-Type", "application/json"}}),
                                     json::serialize(example.at("profile")));
    REQUIRE(put.status == 200);
    if (const json::value* messages = example.as_object().if_contains("history")) {
      const auto imported =
          client->request("POST", "/v1/history/import", server.user({{"Content-Type", "application/json"}}),
                          json::serialize(json::object{{"messages", *messages}}));
      REQUIRE(imported.status == 200);
      CHECK(imported.json().at("imported").as_int64() + imported.json().at("skipped").as_int64() ==
            static_cast<std::int64_t>(messages->as_array().size()));
    }
    const auto res = client->request("POST", "/v1/check", server.user({{"Content-Type", "application/json"}}),
                                     json::serialize(example.at("draft")));
    REQUIRE(res.status == 200);
    const json::value verdict = res.json();
    CHECK(verdict.at("policy_version") == put.json().at("policy_version"));
    CHECK(verdict.at("check_id").as_string().starts_with("c_"));
    const auto judgement = sg::test::judge_case(example, verdict, implemented);
    for (const auto& f : judgement.failures) {
      const std::string report = file.filename().string() + ": " + f;
      FAIL_CHECK(report);
      ++failed;
    }
  }
  CHECK(failed == 0);
  CHECK(server.stop() == 0);
}
