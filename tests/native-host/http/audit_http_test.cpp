// GET /v1/audit against the real `sendguard serve` over loopback: the admin token, filters in a
// percent-encoded query string, paging, and 400 answers that name the parameter.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <string>

#include "support/files.h"
#include "support/http_client.h"
#include "support/server.h"

namespace json = boost::json;
using sg::test::Headers;
using sg::test::HttpResponse;
using sg::test::Server;

namespace {

Headers json_type(Headers h = {}) {
  h.emplace_back("Content-Type", "application/json");
  return h;
}

std::string error_path(const HttpResponse& r) {
  const json::value doc = r.json();
  const auto* p = doc.at("error").as_object().if_contains("path");
  return p != nullptr ? std::string(p->as_string()) : std::string();
}

// Checks a draft and records the user's decision on it; returns the check id.
std::string check_and_decide(sg::test::HttpClient& c, const Server& s, const std::string& to,
                             const std::string& outcome) {
  const std::string draft = R"({"from": "山田 太郎 <yamada@corp.example>", "to": [")" + to +
                            R"("], "subject": "見積り", "body": {"text": "よろしくお願いします"}})";
  const auto checked = c.request("POST", "/v1/check", s.user(json_type()), draft);
  REQUIRE(checked.status == 200);
  const std::string id(checked.json().at("check_id").as_string());
  const auto decided = c.request(
      "POST", "/v1/decision", s.user(json_type()),
      R"({"check_id": ")" + id + R"(", "outcome": ")" + outcome + R"(", "final": {"to": [")" + to + R"("]}})");
  REQUIRE(decided.status == 200);
  return id;
}

}  // namespace

TEST_CASE("GET /v1/audit answers the admin token with the records, newest first") {
  Server s;
  auto c = s.connect();
  const std::string first = check_and_decide(*c, s, "sato+quote@client-a.example", "sent");
  const std::string second = check_and_decide(*c, s, "kim@client-b.example", "cancelled");

  const auto all = c->request("GET", "/v1/audit", s.admin());
  REQUIRE(all.status == 200);
  CHECK(all.header("Content-Type") == "application/json; charset=utf-8");
  const json::value doc = all.json();
  const auto& records = doc.at("records").as_array();
  REQUIRE(records.size() == 2);
  CHECK(records[0].at("check_id") == json::value(second));
  CHECK(records[0].at("kind") == "decision");
  CHECK(records[0].at("outcome") == "cancelled");
  CHECK(records[0].at("check").at("sender") == "yamada@corp.example");
  CHECK(records[1].at("check_id") == json::value(first));
  CHECK(records[1].at("seq") == 1);
  CHECK(records[1].at("hash").as_string().size() == 64);
  CHECK(doc.at("next_before_seq").is_null());

  // Paging: one at a time.
  const auto page = c->request("GET", "/v1/audit?limit=1", s.admin());
  REQUIRE(page.status == 200);
  CHECK(page.json().at("records").as_array().size() == 1);
  CHECK(page.json().at("next_before_seq") == 2);
  const auto next = c->request("GET", "/v1/audit?limit=1&before_seq=2", s.admin());
  REQUIRE(next.status == 200);
  CHECK(next.json().at("records").at(0).at("check_id") == json::value(first));
  CHECK(next.json().at("next_before_seq").is_null());
}

TEST_CASE("GET /v1/audit filters by a percent-encoded recipient, outcome and time") {
  Server s;
  auto c = s.connect();
  const std::string first = check_and_decide(*c, s, "sato+quote@client-a.example", "sent");
  check_and_decide(*c, s, "kim@client-b.example", "cancelled");

  const auto encoded = c->request("GET", "/v1/audit?recipient=Sato%2Bquote%40Client-A.example", s.admin());
  REQUIRE(encoded.status == 200);
  const json::value doc = encoded.json();
  const auto& records = doc.at("records").as_array();
  REQUIRE(records.size() == 1);
  CHECK(records[0].at("check_id") == json::value(first));
  // "+" is a plus sign, not a space: the address written plainly works too.
  const auto plain = c->request("GET", "/v1/audit?recipient=sato+quote@client-a.example", s.admin());
  CHECK(plain.json().at("records").as_array().size() == 1);
  CHECK(c->request("GET", "/v1/audit?recipient=nobody%40client-a.example", s.admin())
            .json()
            .at("records")
            .as_array()
            .empty());
  CHECK(c->request("GET", "/v1/audit?outcome=cancelled&sender=yamada%40corp.example", s.admin())
            .json()
            .at("records")
            .as_array()
            .size() == 1);
  CHECK(c->request("GET", "/v1/audit?from=2999-01-01T00:00:00%2B09:00", s.admin())
            .json()
            .at("records")
            .as_array()
            .empty());
  CHECK(c->request("GET", "/v1/audit?from=2000-01-01&to=&sender=&kind=decision", s.admin())
            .json()
            .at("records")
            .as_array()
            .size() == 2);
}

TEST_CASE("GET /v1/audit needs the admin token; bad parameters are 400 naming the parameter") {
  Server s;
  auto c = s.connect();
  check_and_decide(*c, s, "sato@client-a.example", "sent");

  const auto user = c->request("GET", "/v1/audit", s.user());
  CHECK(user.status == 403);
  CHECK(user.error_code() == "forbidden");
  CHECK(user.header("WWW-Authenticate")->find("insufficient_scope") != std::string::npos);
  CHECK(c->request("GET", "/v1/audit").status == 401);
  CHECK(c->request("POST", "/v1/audit", s.admin(json_type()), "{}").status == 405);

  const auto bad_limit = c->request("GET", "/v1/audit?limit=abc", s.admin());
  CHECK(bad_limit.status == 400);
  CHECK(bad_limit.error_code() == "invalid_request");
  CHECK(error_path(bad_limit) == "/limit");
  CHECK(error_path(c->request("GET", "/v1/audit?limit=1001", s.admin())) == "/limit");
  CHECK(error_path(c->request("GET", "/v1/audit?from=yesterday", s.admin())) == "/from");
  CHECK(error_path(c->request("GET", "/v1/audit?recipient=%zz", s.admin())) == "/recipient");
  CHECK(error_path(c->request("GET", "/v1/audit?colour=red", s.admin())) == "/colour");
  // The connection is still good after the refusals.
  CHECK(c->request("GET", "/v1/audit", s.admin()).status == 200);
}
