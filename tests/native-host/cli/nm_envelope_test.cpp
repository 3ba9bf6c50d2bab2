// The native-messaging envelopes: ids echoed or null, error codes of api.md with paths into the
// request, methods not offered yet, and answers held under the 1 MiB frame limit.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <boost/json.hpp>

#include "host_limits.h"
#include "nm/envelope.h"
#include "support/files.h"

namespace {

namespace json = boost::json;

struct Host {
  sg::test::TempDir dir;
  std::unique_ptr<sg::Api> api;

  Host() {
    auto opened = sg::Api::open(sg::HostConfig{dir.path() / "data", dir.path() / "profile.json"});
    REQUIRE(opened.ok());
    api = std::move(*opened);
  }

  json::object ask(std::string_view request) {
    const std::string reply = sg::nm::answer(*api, request);
    CHECK(reply.size() <= sg::limits::kMaxNativeOutFrameBytes);
    return json::parse(reply).as_object();
  }
};

std::string code_of(const json::object& reply) {
  return std::string(reply.at("error").at("code").as_string());
}

std::string path_of(const json::object& reply) {
  const json::value* p = reply.at("error").as_object().if_contains("path");
  return p == nullptr ? std::string("(none)") : std::string(p->as_string());
}

}  // namespace

TEST_CASE("health answers with the request's id and the host's status") {
  Host h;
  const json::object r = h.ask(R"({"id": "7", "method": "health"})");
  CHECK(r.at("id") == "7");
  CHECK(r.at("result").at("status") == "ok");
  CHECK(r.at("result").at("version") == SG_VERSION);
  CHECK(!r.contains("error"));
}

TEST_CASE("check answers with a verdict; an invalid draft's path points into params") {
  Host h;
  const json::object ok = h.ask(
      R"({"id": "c1", "method": "check", "params": {"from": "a@corp.example", "to": ["b@other.example"],
          "subject": "s", "body": {"text": "hello"}}})");
  REQUIRE(ok.contains("result"));
  CHECK(ok.at("result").at("action") == "confirm");
  CHECK(ok.at("result").at("check_id").as_string().starts_with("c_"));

  const json::object bad = h.ask(R"({"id": "c2", "method": "check", "params": {"to": [{"address": 5}]}})");
  CHECK(bad.at("id") == "c2");
  CHECK(code_of(bad) == "invalid_request");
  CHECK(path_of(bad) == "/params/to/0/address");

  const json::object none = h.ask(R"({"id": "c3", "method": "check"})");
  CHECK(code_of(none) == "invalid_request");
  CHECK(path_of(none) == "/params");
}

TEST_CASE("a frame that is not JSON is invalid_json with id null") {
  Host h;
  const json::object r = h.ask(R"({"id": "1", "method": )");
  CHECK(r.at("id").is_null());
  CHECK(code_of(r) == "invalid_json");
}

TEST_CASE("a request that is not an object, or lacks a usable id, is invalid_request with id null") {
  Host h;
  for (const char* request : {R"([1, 2])", R"({"method": "health"})", R"({"id": 7, "method": "health"})",
                              R"({"id": null, "method": "health"})"}) {
    CAPTURE(request);
    const json::object r = h.ask(request);
    CHECK(r.at("id").is_null());
    CHECK(code_of(r) == "invalid_request");
  }
  CHECK(path_of(h.ask(R"({"method": "health"})")) == "/id");
  const std::string long_id(sg::limits::kMaxNativeIdBytes + 1, 'x');
  const json::object r = h.ask(R"({"id": ")" + long_id + R"(", "method": "health"})");
  CHECK(r.at("id").is_null());
  CHECK(path_of(r) == "/id");
}

TEST_CASE("a missing or mistyped method or params is invalid_request with the id echoed") {
  Host h;
  const json::object missing = h.ask(R"({"id": "m1"})");
  CHECK(missing.at("id") == "m1");
  CHECK(code_of(missing) == "invalid_request");
  CHECK(path_of(missing) == "/method");

  const json::object typed = h.ask(R"({"id": "m2", "method": ["health"]})");
  CHECK(code_of(typed) == "invalid_request");
  CHECK(path_of(typed) == "/method");

  const json::object params = h.ask(R"({"id": "m3", "method": "health", "params": "now"})");
  CHECK(code_of(params) == "invalid_request");
  CHECK(path_of(params) == "/params");
}

TEST_CASE("an unknown method is not_found") {
  Host h;
  const json::object r = h.ask(R"({"id": "u", "method": "format_disk"})");
  CHECK(r.at("id") == "u");
  CHECK(code_of(r) == "not_found");
  CHECK(path_of(r) == "/method");
}

TEST_CASE("history_import over native messaging: messages learned, a bad one named by its path") {
  Host h;
  const json::object r = h.ask(
      R"({"id": "x", "method": "history_import", "params": {"messages": [
          {"date": "2026-10-01T09:00:00+09:00", "from": "yamada@corp.example", "to": ["sato@client-a.example"]},
          {"date": "yesterday", "from": "yamada@corp.example", "to": ["sato@client-a.example"]}]}})");
  CHECK(r.at("id") == "x");
  const json::object& result = r.at("result").as_object();
  CHECK(result.at("imported") == 1);
  CHECK(result.at("malformed") == 1);
  CHECK(result.at("problems").at(0).at("path") == "/messages/1/date");
  const json::object missing = h.ask(R"({"id": "y", "method": "history_import", "params": {}})");
  CHECK(code_of(missing) == "invalid_request");
  CHECK(path_of(missing) == "/params/messages");
}

TEST_CASE("an answer larger than a frame may carry becomes too_large, with the id") {
  Host h;
  json::array to;
  for (int i = 0; i < 8000; ++i) to.emplace_back(fmt::format("person{:05}@recipient-domain-{}.example", i, i % 50));
  json::object draft{{"from", "a@corp.example"}, {"bcc", to}, {"subject", "s"}, {"body", {{"text", "hi"}}}};
  json::object request{{"id", "big"}, {"method", "check"}, {"params", draft}};
  const json::object r = h.ask(json::serialize(request));
  CHECK(r.at("id") == "big");
  CHECK(code_of(r) == "too_large");
}

TEST_CASE("the answer to an oversized frame is too_large with id null") {
  Host h;
  const json::object r = json::parse(sg::nm::too_large_frame_answer(*h.api, 200u * 1024 * 1024)).as_object();
  CHECK(r.at("id").is_null());
  CHECK(code_of(r) == "too_large");
}

TEST_CASE("decision is recorded in the audit log with what the host remembers of the check") {
  Host h;
  const json::object c = h.ask(
      R"({"id": "c", "method": "check", "params": {"from": "a@corp.example", "to": ["b@other.example"],
          "subject": "s", "body": {"text": "hello"}}})");
  const std::string check_id(c.at("result").at("check_id").as_string());
  const json::object d = h.ask(fmt::format(
      R"({{"id": "d", "method": "decision", "params": {{"check_id": "{}", "outcome": "sent",
          "acknowledged": ["recipient.external"], "justification": "",
          "final": {{"to": ["b@other.example"], "cc": [], "bcc": []}}}}}})",
      check_id));
  REQUIRE(d.contains("result"));
  CHECK(d.at("result").at("recorded") == true);
  const std::string log = sg::test::read_text(h.dir.path() / "data" / "audit.jsonl");
  const json::object rec = json::parse(log.substr(0, log.find('\n'))).as_object();
  CHECK(rec.at("check_id") == check_id.c_str());
  CHECK(rec.at("outcome") == "sent");
  CHECK(rec.at("check").at("action") == "confirm");
  CHECK(rec.at("check").at("sender") == "a@corp.example");
  CHECK(rec.at("final").at("to").at(0) == "b@other.example");
}

TEST_CASE("an invalid decision is refused with a path into params and nothing is recorded") {
  Host h;
  const json::object d =
      h.ask(R"({"id": "d", "method": "decision", "params": {"check_id": "c_1", "outcome": "maybe"}})");
  CHECK(code_of(d) == "invalid_request");
  CHECK(path_of(d) == "/params/outcome");
  CHECK_FALSE(std::filesystem::exists(h.dir.path() / "data" / "audit.jsonl"));
  const json::object bad_final = h.ask(
      R"({"id": "e", "method": "decision", "params": {"check_id": "c_1", "outcome": "sent", "final": {"to": ["not an address"]}}})");
  CHECK(path_of(bad_final) == "/params/final/to/0");
}

TEST_CASE("health and verdicts carry the add-in settings from the profile") {
  Host h;
  const json::object r = h.ask(R"({"id": "h", "method": "health"})");
  CHECK(r.at("result").at("client").at("fail_mode") == "closed");
  CHECK(r.at("result").at("client").at("host_timeout_seconds") == 20);
  CHECK(r.at("result").at("client").at("countdown_seconds") == 0);
}
