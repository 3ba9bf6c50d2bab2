// The HTTP routes without a socket: every status and error code route() and admit() give, the
// Host and Origin checks, CORS, tokens, media types and limits; plus --listen parsing and the
// normalisation of configured origins.
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "host_limits.h"
#include "http/router.h"
#include "http/server.h"
#include "policy/origin.h"
#include "policy/profile.h"
#include "rules/rule.h"
#include "service/api.h"
#include "support/files.h"

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using sg::http::Request;
using sg::http::Response;

namespace {

constexpr std::uint16_t kPort = 47120;

const char* const kDraft = R"({
  "locale": "en",
  "from": {"name": "Yamada Taro", "address": "yamada@corp.example"},
  "to": ["Sato Hanako <sato@client-a.example>"],
  "subject": "Quotation",
  "body": {"text": "Dear Ms Sato,\n\nPlease find our quotation below.\n"},
  "compose_type": "new"
})";

struct Fixture {
  sg::test::TempDir dir;
  std::unique_ptr<sg::Api> api;
  sg::http::RouteContext ctx{kPort, true, {}};

  explicit Fixture(std::string_view profile = {}) {
    if (!profile.empty()) sg::test::write_text(dir.path() / "profile.json", profile);
    auto opened = sg::Api::open(sg::HostConfig{dir.path() / "data", dir.path() / "profile.json"});
    REQUIRE(opened.ok());
    api = std::move(*opened);
  }

  [[nodiscard]] std::string user() const { return "Bearer " + api->tokens().user(); }
  [[nodiscard]] std::string admin() const { return "Bearer " + api->tokens().admin(); }

  Response send(const Request& req) { return sg::http::route(req, *api, ctx); }
};

Request make(bhttp::verb method, std::string_view target,
             std::initializer_list<std::pair<std::string, std::string>> headers = {},
             std::optional<std::string> body = std::nullopt) {
  Request req{method, target, 11};
  req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(kPort));
  for (const auto& [k, v] : headers) req.set(k, v);
  if (body) {
    req.body() = *body;
    req.prepare_payload();
  }
  return req;
}

Request post_json(std::string_view target, const std::string& auth, std::string body) {
  return make(bhttp::verb::post, target, {{"Authorization", auth}, {"Content-Type", "application/json"}},
              std::move(body));
}

json::object body_of(const Response& res) {
  return json::parse(res.body()).as_object();
}

std::string error_code(const Response& res) {
  const auto doc = body_of(res);
  const auto* e = doc.if_contains("error");
  return e != nullptr ? std::string(e->at("code").as_string()) : std::string("(no error)");
}

std::string error_path(const Response& res) {
  const auto doc = body_of(res);
  const auto* p = doc.at("error").as_object().if_contains("path");
  return p != nullptr ? std::string(p->as_string()) : std::string();
}

std::string json_str(const json::value& v) {
  return std::string(v.as_string());
}

std::string field(const Response& res, std::string_view name) {
  return std::string(res[name]);
}

}  // namespace

TEST_CASE("health needs no token and carries the common headers") {
  Fixture f;
  const Response res = f.send(make(bhttp::verb::get, "/v1/health"));
  CHECK(res.result_int() == 200);
  CHECK(body_of(res).at("status") == "ok");
  CHECK(json_str(body_of(res).at("policy_version")) == f.api->profile()->version());
  CHECK(field(res, "Content-Type") == "application/json; charset=utf-8");
  CHECK(field(res, "Cache-Control") == "no-store");
  CHECK(field(res, "X-Content-Type-Options") == "nosniff");
  CHECK(field(res, "Vary") == "Origin");
  CHECK(field(res, "Server") == "sendguard");
  CHECK(res.count(bhttp::field::access_control_allow_origin) == 0);
  CHECK(res.keep_alive());
}

TEST_CASE("a query string does not change the route") {
  Fixture f;
  CHECK(f.send(make(bhttp::verb::get, "/v1/health?x=1")).result_int() == 200);
}

TEST_CASE("an unknown path is 404 not_found") {
  Fixture f;
  for (const char* target : {"/", "/v1/nothing", "/v1/health/", "/v2/health", "http://127.0.0.1:47120/v1/health"}) {
    CAPTURE(target);
    const Response res = f.send(make(bhttp::verb::get, target, {{"Authorization", f.admin()}}));
    CHECK(res.result_int() == 404);
    CHECK(error_code(res) == "not_found");
  }
}

TEST_CASE("a known path with the wrong method is 405 with an Allow header") {
  Fixture f;
  Response res = f.send(make(bhttp::verb::delete_, "/v1/check", {{"Authorization", f.user()}}));
  CHECK(res.result_int() == 405);
  CHECK(error_code(res) == "method_not_allowed");
  CHECK(field(res, "Allow") == "POST, OPTIONS");

  res = f.send(make(bhttp::verb::post, "/v1/health"));
  CHECK(res.result_int() == 405);
  CHECK(field(res, "Allow") == "GET, OPTIONS");

  res = f.send(make(bhttp::verb::delete_, "/v1/policy", {{"Authorization", f.admin()}}));
  CHECK(res.result_int() == 405);
  CHECK(field(res, "Allow") == "GET, PUT, OPTIONS");
}

TEST_CASE("HEAD is refused like any other method, with the length of the body it leaves out") {
  Fixture f;
  const Response res = f.send(make(bhttp::verb::head, "/v1/health"));
  CHECK(res.result_int() == 405);
  CHECK(res.body().empty());
  CHECK(std::stoul(field(res, "Content-Length")) > 0);
}

TEST_CASE("the Host header must name a loopback name and the bound port") {
  Fixture f;
  for (const char* host : {"127.0.0.1:47120", "localhost:47120", "LocalHost:47120"}) {
    CAPTURE(host);
    CHECK(f.send(make(bhttp::verb::get, "/v1/health", {{"Host", host}})).result_int() == 200);
  }
  for (const char* host : {"evil.example:47120", "evil.example", "127.0.0.1:47121", "localhost", "127.0.0.1",
                           "[::1]:47120", "127.0.0.2:47120", "localhost.:47120", ""}) {
    CAPTURE(host);
    const Response res = f.send(make(bhttp::verb::get, "/v1/health", {{"Host", host}}));
    CHECK(res.result_int() == 403);
    CHECK(error_code(res) == "forbidden");
  }
  Request no_host = make(bhttp::verb::get, "/v1/health");
  no_host.erase(bhttp::field::host);
  CHECK(f.send(no_host).result_int() == 403);

  Request two_hosts = make(bhttp::verb::get, "/v1/health");
  two_hosts.insert(bhttp::field::host, "evil.example");
  CHECK(f.send(two_hosts).result_int() == 403);
}

TEST_CASE("the Host check comes before routing and authentication") {
  Fixture f;
  CHECK(f.send(make(bhttp::verb::get, "/nothing", {{"Host", "evil.example"}})).result_int() == 403);
  CHECK(f.send(make(bhttp::verb::get, "/v1/policy", {{"Host", "evil.example"}})).result_int() == 403);
}

TEST_CASE("a foreign Origin is forbidden and gets no CORS headers") {
  Fixture f;
  for (const char* origin : {"https://evil.example", "null", "http://localhost:47120", "https://localhost:47121",
                             "https://localhost.evil.example:47120", "file://"}) {
    CAPTURE(origin);
    const Response res = f.send(make(bhttp::verb::get, "/v1/health", {{"Origin", origin}}));
    CHECK(res.result_int() == 403);
    CHECK(error_code(res) == "forbidden");
    CHECK(res.count(bhttp::field::access_control_allow_origin) == 0);
  }
}

TEST_CASE("the host's own origins get CORS headers naming the exact origin") {
  Fixture f;
  for (const char* origin : {"https://localhost:47120", "https://127.0.0.1:47120"}) {
    CAPTURE(origin);
    Request req = post_json("/v1/check", f.user(), kDraft);
    req.set(bhttp::field::origin, origin);
    const Response res = f.send(req);
    CHECK(res.result_int() == 200);
    CHECK(field(res, "Access-Control-Allow-Origin") == origin);
    CHECK(field(res, "Vary") == "Origin");
  }
}

TEST_CASE("with --insecure-http the host's own origins are http://") {
  Fixture f;
  f.ctx.tls = false;
  CHECK(f.send(make(bhttp::verb::get, "/v1/health", {{"Origin", "http://localhost:47120"}})).result_int() == 200);
  CHECK(f.send(make(bhttp::verb::get, "/v1/health", {{"Origin", "https://localhost:47120"}})).result_int() == 403);
}

TEST_CASE("a configured add-in origin is allowed, compared after normalisation") {
  Fixture f(R"({"host": {"allowed_origins": ["HTTPS://Addin.Example.COM:443/", "http://127.0.0.1:3000"]}})");
  CHECK(f.api->profile()->list("/host/allowed_origins") ==
        std::vector<std::string>{"https://addin.example.com", "http://127.0.0.1:3000"});
  Response res = f.send(make(bhttp::verb::get, "/v1/health", {{"Origin", "https://addin.example.com"}}));
  CHECK(res.result_int() == 200);
  CHECK(field(res, "Access-Control-Allow-Origin") == "https://addin.example.com");
  res = f.send(make(bhttp::verb::get, "/v1/health", {{"Origin", "http://127.0.0.1:3000"}}));
  CHECK(res.result_int() == 200);
  // Another scheme or port is another origin.
  CHECK(f.send(make(bhttp::verb::get, "/v1/health", {{"Origin", "http://addin.example.com"}})).result_int() == 403);
  CHECK(f.send(make(bhttp::verb::get, "/v1/health", {{"Origin", "https://addin.example.com:8443"}})).result_int() ==
        403);
}

TEST_CASE("a CORS preflight needs no token and answers 204 for an allowed origin") {
  Fixture f;
  Request req = make(bhttp::verb::options, "/v1/check",
                     {{"Origin", "https://localhost:47120"},
                      {"Access-Control-Request-Method", "POST"},
                      {"Access-Control-Request-Headers", "authorization, content-type"}});
  Response res = f.send(req);
  CHECK(res.result_int() == 204);
  CHECK(res.body().empty());
  CHECK(field(res, "Access-Control-Allow-Origin") == "https://localhost:47120");
  CHECK(field(res, "Access-Control-Allow-Methods") == "POST");
  CHECK(field(res, "Access-Control-Allow-Headers") == "Authorization, Content-Type");
  CHECK(std::stoi(field(res, "Access-Control-Max-Age")) > 0);
  CHECK(field(res, "Vary") == "Origin");
  CHECK(res.count("Access-Control-Allow-Private-Network") == 0);

  req = make(bhttp::verb::options, "/v1/policy",
             {{"Origin", "https://localhost:47120"}, {"Access-Control-Request-Private-Network", "true"}});
  res = f.send(req);
  CHECK(res.result_int() == 204);
  CHECK(field(res, "Access-Control-Allow-Methods") == "GET, PUT");
  CHECK(field(res, "Access-Control-Allow-Private-Network") == "true");
}

TEST_CASE("a preflight from a foreign origin or for an unknown path is refused") {
  Fixture f;
  Response res = f.send(make(bhttp::verb::options, "/v1/check", {{"Origin", "https://evil.example"}}));
  CHECK(res.result_int() == 403);
  CHECK(res.count(bhttp::field::access_control_allow_origin) == 0);
  CHECK(res.count(bhttp::field::access_control_allow_methods) == 0);
  res = f.send(make(bhttp::verb::options, "/v1/nothing", {{"Origin", "https://localhost:47120"}}));
  CHECK(res.result_int() == 404);
}

TEST_CASE("OPTIONS without an Origin lists the methods") {
  Fixture f;
  const Response res = f.send(make(bhttp::verb::options, "/v1/policy"));
  CHECK(res.result_int() == 204);
  CHECK(field(res, "Allow") == "GET, PUT, OPTIONS");
  CHECK(res.count(bhttp::field::access_control_allow_origin) == 0);
}

TEST_CASE("a missing or wrong token is 401 with WWW-Authenticate: Bearer") {
  Fixture f;
  for (const std::string& auth : {std::string(), std::string("Bearer wrong-token-wrong-token-wrong-token-xx"),
                                  "Basic " + f.api->tokens().user(), std::string("Bearer "), f.api->tokens().user()}) {
    CAPTURE(auth);
    Request req = post_json("/v1/check", auth, kDraft);
    if (auth.empty()) req.erase(bhttp::field::authorization);
    const Response res = f.send(req);
    CHECK(res.result_int() == 401);
    CHECK(error_code(res) == "unauthorized");
    CHECK(field(res, "WWW-Authenticate").starts_with("Bearer"));
  }
}

TEST_CASE("the bearer scheme is case-insensitive and the admin token can check drafts") {
  Fixture f;
  CHECK(f.send(post_json("/v1/check", "bearer " + f.api->tokens().user(), kDraft)).result_int() == 200);
  CHECK(f.send(post_json("/v1/check", f.admin(), kDraft)).result_int() == 200);
}

TEST_CASE("the user token on an admin route is 403 forbidden, naming the admin token") {
  Fixture f;
  Response res = f.send(make(bhttp::verb::get, "/v1/policy", {{"Authorization", f.user()}}));
  CHECK(res.result_int() == 403);
  CHECK(error_code(res) == "forbidden");
  CHECK(field(res, "WWW-Authenticate").find("insufficient_scope") != std::string::npos);

  res = f.send(make(bhttp::verb::put, "/v1/policy", {{"Authorization", f.user()}, {"Content-Type", "application/json"}},
                    R"({"thresholds": {"confirm": 2}})"));
  CHECK(res.result_int() == 403);
  CHECK(f.api->profile()->thresholds().confirm == 1.0);

  res = f.send(make(bhttp::verb::get, "/v1/policy"));
  CHECK(res.result_int() == 401);
}

TEST_CASE("the 403 for a user token says the admin token is needed, in the profile's language") {
  Fixture f(R"({"locale": "en"})");
  const Response res = f.send(make(bhttp::verb::get, "/v1/policy", {{"Authorization", f.user()}}));
  CHECK(std::string(body_of(res).at("error").at("message").as_string()).find("admin token") != std::string::npos);
}

TEST_CASE("GET /v1/policy gives the effective profile, the overrides and the version") {
  Fixture f(R"({"thresholds": {"confirm": 2}})");
  const Response res = f.send(make(bhttp::verb::get, "/v1/policy", {{"Authorization", f.admin()}}));
  REQUIRE(res.result_int() == 200);
  const auto doc = body_of(res);
  CHECK(json_str(doc.at("policy_version")) == f.api->profile()->version());
  CHECK(doc.at("profile").at("thresholds").at("justify").to_number<double>() == 8.0);
  CHECK(doc.at("overrides").at("thresholds").at("confirm").to_number<double>() == 2.0);
  CHECK(doc.at("overrides").as_object().if_contains("lists") == nullptr);
}

TEST_CASE("a body needs Content-Type application/json, else 415") {
  Fixture f;
  for (const char* type : {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"",
                           "application/json; foo=bar"}) {
    CAPTURE(type);
    Request req = post_json("/v1/check", f.user(), kDraft);
    req.set(bhttp::field::content_type, type);
    CHECK(f.send(req).result_int() == 200);
  }
  for (const char* type : {"text/plain", "application/jsonx", "application/json; charset=shift_jis",
                           "application/x-www-form-urlencoded", ""}) {
    CAPTURE(type);
    Request req = post_json("/v1/check", f.user(), kDraft);
    req.set(bhttp::field::content_type, type);
    const Response res = f.send(req);
    CHECK(res.result_int() == 415);
    CHECK(error_code(res) == "unsupported_media_type");
  }
  Request untyped = post_json("/v1/check", f.user(), kDraft);
  untyped.erase(bhttp::field::content_type);
  CHECK(f.send(untyped).result_int() == 415);
}

TEST_CASE("a Content-Length over the route's limit is refused from the header alone") {
  Fixture f;
  Request req =
      make(bhttp::verb::post, "/v1/check", {{"Authorization", f.user()}, {"Content-Type", "application/json"}});
  req.set(bhttp::field::content_length, std::to_string(sg::limits::kMaxRequestBodyBytes + 1));
  sg::http::Admission a = sg::http::admit(req, *f.api, f.ctx);
  REQUIRE(a.answer);
  CHECK(a.answer->result_int() == 413);
  CHECK(error_code(*a.answer) == "too_large");

  req.set(bhttp::field::content_length, std::to_string(sg::limits::kMaxRequestBodyBytes));
  a = sg::http::admit(req, *f.api, f.ctx);
  CHECK_FALSE(a.answer);
  CHECK(a.body_limit == sg::limits::kMaxRequestBodyBytes);

  Request put =
      make(bhttp::verb::put, "/v1/policy", {{"Authorization", f.admin()}, {"Content-Type", "application/json"}});
  put.set(bhttp::field::content_length, std::to_string(sg::kMaxProfileBytes + 1));
  a = sg::http::admit(put, *f.api, f.ctx);
  REQUIRE(a.answer);
  CHECK(a.answer->result_int() == 413);
  put.set(bhttp::field::content_length, "10");
  a = sg::http::admit(put, *f.api, f.ctx);
  CHECK_FALSE(a.answer);
  CHECK(a.body_limit == sg::kMaxProfileBytes);
}

TEST_CASE("admission does not ask for the body: refusals come before it is read") {
  Fixture f;
  Request req = make(bhttp::verb::post, "/v1/check", {{"Content-Type", "application/json"}});
  req.set(bhttp::field::content_length, "1000");  // announced, not present
  sg::http::Admission a = sg::http::admit(req, *f.api, f.ctx);
  REQUIRE(a.answer);
  CHECK(a.answer->result_int() == 401);
}

TEST_CASE("a body on a route that takes none is 400") {
  Fixture f;
  const Response res =
      f.send(make(bhttp::verb::get, "/v1/health", {{"Content-Type", "application/json"}}, std::string("{}")));
  CHECK(res.result_int() == 400);
  CHECK(error_code(res) == "invalid_request");
}

TEST_CASE("invalid JSON is 400 invalid_json; JSON nested too deeply is 413 too_large") {
  Fixture f;
  Response res = f.send(post_json("/v1/check", f.user(), "{\"to\": [}"));
  CHECK(res.result_int() == 400);
  CHECK(error_code(res) == "invalid_json");

  res = f.send(post_json("/v1/check", f.user(), ""));
  CHECK(res.result_int() == 400);
  CHECK(error_code(res) == "invalid_json");

  const std::string deep =
      std::string(sg::limits::kMaxJsonDepth + 5, '[') + std::string(sg::limits::kMaxJsonDepth + 5, ']');
  res = f.send(post_json("/v1/check", f.user(), deep));
  CHECK(res.result_int() == 413);
  CHECK(error_code(res) == "too_large");
}

TEST_CASE("wrong types in a draft are 400 invalid_request with the JSON Pointer of the field") {
  Fixture f;
  json::object draft = json::parse(kDraft).as_object();
  draft["to"] = 5;
  Response res = f.send(post_json("/v1/check", f.user(), json::serialize(draft)));
  CHECK(res.result_int() == 400);
  CHECK(error_code(res) == "invalid_request");
  CHECK(error_path(res) == "/to");

  draft["to"] = json::array{"not an address"};
  res = f.send(post_json("/v1/check", f.user(), json::serialize(draft)));
  CHECK(res.result_int() == 400);
  CHECK(error_code(res) == "invalid_request");
  CHECK(error_path(res) == "/to/0");
}

TEST_CASE("a draft is checked: the verdict has a check id, an action and findings") {
  Fixture f;
  const Response res = f.send(post_json("/v1/check", f.user(), kDraft));
  REQUIRE(res.result_int() == 200);
  const auto v = body_of(res);
  CHECK(std::string(v.at("check_id").as_string()).size() > 2);
  const std::string action(v.at("action").as_string());
  CHECK((action == "allow" || action == "confirm" || action == "justify" || action == "block"));
  CHECK(v.at("findings").is_array());
  CHECK(json_str(v.at("policy_version")) == f.api->profile()->version());
}

TEST_CASE("PUT /v1/policy with an invalid profile is 400 with every problem, and the old one stays") {
  Fixture f(R"({"thresholds": {"confirm": 2}})");
  const std::string before = f.api->profile()->version();
  const std::string file_before = sg::test::read_text(f.dir.path() / "profile.json");
  const Response res =
      f.send(make(bhttp::verb::put, "/v1/policy", {{"Authorization", f.admin()}, {"Content-Type", "application/json"}},
                  R"({"thresholds": {"confirm": "high"}, "colour": 1,
                                       "host": {"allowed_origins": ["https://addin.example.com/path"]}})"));
  CHECK(res.result_int() == 400);
  CHECK(error_code(res) == "invalid_request");
  std::vector<std::string> paths;
  const auto doc = body_of(res);
  for (const auto& p : doc.at("problems").as_array()) paths.emplace_back(p.at("path").as_string());
  CHECK(std::find(paths.begin(), paths.end(), "/thresholds/confirm") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "/colour") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "/host/allowed_origins/0") != paths.end());
  CHECK(f.api->profile()->version() == before);
  CHECK(sg::test::read_text(f.dir.path() / "profile.json") == file_before);
}

TEST_CASE("PUT /v1/policy with a valid profile puts it in force and writes the config file") {
  Fixture f;
  const std::string before = f.api->profile()->version();
  const std::string doc = R"({"thresholds": {"confirm": 3}})";
  const Response res = f.send(
      make(bhttp::verb::put, "/v1/policy", {{"Authorization", f.admin()}, {"Content-Type", "application/json"}}, doc));
  REQUIRE(res.result_int() == 200);
  CHECK(body_of(res).at("applied") == true);
  CHECK(json_str(body_of(res).at("policy_version")) != before);
  CHECK(f.api->profile()->thresholds().confirm == 3.0);
  CHECK(sg::test::read_text(f.dir.path() / "profile.json") == doc);
}

TEST_CASE("answers keep the connection alive unless the request asked to close it") {
  Fixture f;
  CHECK(f.send(make(bhttp::verb::get, "/v1/health")).keep_alive());
  CHECK_FALSE(f.send(make(bhttp::verb::get, "/v1/health", {{"Connection", "close"}})).keep_alive());
  Request old{bhttp::verb::get, "/v1/health", 10};
  old.set(bhttp::field::host, "127.0.0.1:47120");
  const Response res = f.send(old);
  CHECK(res.result_int() == 200);
  CHECK(res.version() == 10);
  CHECK_FALSE(res.keep_alive());
}

TEST_CASE("a transport error is the JSON error document and closes the connection") {
  Fixture f;
  const sg::Error e = sg::make_error(sg::ErrorCode::too_large, sg::Text{"大きすぎます", "too large"});
  Response res = sg::http::error_response(e, nullptr, *f.api, f.ctx);
  CHECK(res.result_int() == 413);
  CHECK(error_code(res) == "too_large");
  CHECK_FALSE(res.keep_alive());
  CHECK(field(res, "Cache-Control") == "no-store");

  const Request allowed = make(bhttp::verb::post, "/v1/check", {{"Origin", "https://localhost:47120"}});
  res = sg::http::error_response(e, &allowed, *f.api, f.ctx);
  CHECK(field(res, "Access-Control-Allow-Origin") == "https://localhost:47120");
  const Request foreign = make(bhttp::verb::post, "/v1/check", {{"Origin", "https://evil.example"}});
  res = sg::http::error_response(e, &foreign, *f.api, f.ctx);
  CHECK(res.count(bhttp::field::access_control_allow_origin) == 0);
}

TEST_CASE("--listen accepts loopback only") {
  CHECK(sg::http::parse_listen("127.0.0.1:0").value() == 0);
  CHECK(sg::http::parse_listen("127.0.0.1:47120").value() == 47120);
  CHECK(sg::http::parse_listen("localhost:8080").value() == 8080);
  for (const char* bad : {"0.0.0.0:47120", "192.168.1.10:47120", "[::1]:47120", "::1:47120", "example.com:80",
                          "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:80x", ":47120",
                          "127.0.0.2:47120", "127.0.0.1.example:1"}) {
    CAPTURE(bad);
    const auto r = sg::http::parse_listen(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.en.find("loopback") != std::string::npos);
    CHECK_FALSE(r.error().message.ja.empty());
  }
}

TEST_CASE("origins are normalised the way browsers send them, and junk is refused") {
  CHECK(sg::normalise_origin("https://addin.example.com") == "https://addin.example.com");
  CHECK(sg::normalise_origin("HTTPS://Addin.EXAMPLE.com:443") == "https://addin.example.com");
  CHECK(sg::normalise_origin("http://example.com:80/") == "http://example.com");
  CHECK(sg::normalise_origin("https://localhost:47120") == "https://localhost:47120");
  CHECK(sg::normalise_origin("http://127.0.0.1:3000") == "http://127.0.0.1:3000");
  CHECK(sg::normalise_origin("https://[::1]:8443") == "https://[::1]:8443");
  CHECK(sg::normalise_origin("https://例え.テスト") == "https://xn--r8jz45g.xn--zckzah");
  for (const char* bad :
       {"addin.example.com", "ftp://example.com", "https://", "https://example.com/path", "https://user@example.com",
        "https://example.com?x", "https://example.com:0", "https://example.com:70000", "https://example.com:", "null",
        "https://exa mple.com", "https://300.1.1.1", "https://[zz]"}) {
    CAPTURE(bad);
    CHECK_FALSE(sg::normalise_origin(bad));
  }
}

TEST_CASE("/host/allowed_origins is a profile parameter that defaults to empty and reports bad entries") {
  const sg::Profile defaults(sg::default_parameter_table());
  CHECK(defaults.list("/host/allowed_origins").empty());
  auto bad = sg::load_profile(sg::default_parameter_table(),
                              R"({"host": {"allowed_origins": ["https://ok.example", "not an origin", 3]}})");
  CHECK_FALSE(bad.profile);
  std::vector<std::string> paths;
  for (const auto& p : bad.problems) paths.push_back(p.path);
  CHECK(paths == std::vector<std::string>{"/host/allowed_origins/1", "/host/allowed_origins/2"});
}
