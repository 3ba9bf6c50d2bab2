// The real `sendguard serve` over real sockets: HTTPS verified against the generated CA, plain
// HTTP with --insecure-http, every refusal of api.md followed by a request that still works,
// limits enforced before the body is read, graceful shutdown, and --listen refusals.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "host_limits.h"
#include "policy/profile.h"
#include "service/history_import.h"
#include "store/history.h"
#include "store/sqlite.h"
#include "support/files.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/server.h"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using sg::test::Headers;
using sg::test::HttpClient;
using sg::test::HttpResponse;
using sg::test::listening_port;
using sg::test::Server;
using sg::test::ServerOptions;
using sg::test::trimmed;

namespace {

// True when `log` has a line "sendguard: <request> <milliseconds> ms".
bool has_request_line(const std::string& log, std::string_view request) {
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    std::string_view line(log.data() + start, end - start);
    start = end + 1;
    const std::string prefix = "sendguard: " + std::string(request) + " ";
    if (!line.starts_with(prefix) || !line.ends_with(" ms")) continue;
    const std::string_view ms = line.substr(prefix.size(), line.size() - prefix.size() - 3);
    if (!ms.empty() && ms.find_first_not_of("0123456789.") == std::string_view::npos) return true;
  }
  return false;
}

// A real draft from the shared example cases.
std::string example_draft(const char* name = "clean.baseline-01.json") {
  const json::value example = json::parse(sg::test::read_text(fs::path(SG_EXAMPLES_DIR) / name));
  return json::serialize(example.at("draft"));
}

ServerOptions plain_http() {
  ServerOptions o;
  o.tls = false;
  return o;
}

ServerOptions verbose() {
  ServerOptions o;
  o.verbose = true;
  return o;
}

ServerOptions with_profile(std::string profile) {
  ServerOptions o;
  o.profile = std::move(profile);
  return o;
}

Headers json_type(Headers h = {}) {
  h.emplace_back("Content-Type", "application/json");
  return h;
}

std::string policy_version(const HttpResponse& r) {
  return std::string(r.json().at("policy_version").as_string());
}

std::string error_path(const HttpResponse& r) {
  const json::value doc = r.json();
  const auto* p = doc.at("error").as_object().if_contains("path");
  return p != nullptr ? std::string(p->as_string()) : std::string();
}

// Checks that a fresh connection is served normally.
void check_fresh_connection_works(const Server& s) {
  auto c = s.connect();
  const HttpResponse r = c->request("GET", "/v1/health");
  CHECK(r.status == 200);
}

// A plain TCP connection without any client library, for the connection limit.
int raw_connect(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// True when the peer closes the socket within `wait`.
bool raw_closed(int fd, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  char byte = 0;
  return ::recv(fd, &byte, 1, 0) <= 0;
}

std::optional<std::string> find_openssl() {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
    const fs::path p = fs::path(dir) / "openssl";
    if (fs::exists(p)) return p.string();
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("serve prints one listening line with the real port and answers health over verified HTTPS") {
  Server s;
  CHECK(s.port() != 0);
  CHECK(s.line() == "listening on https://127.0.0.1:" + std::to_string(s.port()));
  CHECK_FALSE(s.process().read_line(300ms));  // exactly one line

  auto c = s.connect();
  const HttpResponse r = c->request("GET", "/v1/health");
  CHECK(r.status == 200);
  CHECK(r.json().at("status") == "ok");
  CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK(r.keep_alive);
  // The same connection serves the next request.
  CHECK(c->request("GET", "/v1/health").status == 200);
  CHECK(s.stop() == 0);
}

TEST_CASE("the certificate verifies for localhost and 127.0.0.1 and for no other name") {
  Server s;
  CHECK(s.connect("localhost")
            ->request("GET", "/v1/health", {{"Host", "localhost:" + std::to_string(s.port())}})
            .status == 200);
  CHECK_THROWS(s.connect("example.com"));
  CHECK_THROWS(s.connect("127.0.0.2"));
}

TEST_CASE("the generated chain passes `openssl verify` and names localhost and 127.0.0.1") {
  Server s;
  const auto openssl = find_openssl();
  REQUIRE_MESSAGE(openssl, "the openssl command is needed (docs/dependencies.md)");
  const fs::path ca = s.data() / "ca.pem";
  const fs::path leaf = s.data() / "server.pem";
  const auto verify = sg::test::run({*openssl, "verify", "-CAfile", ca.string(), leaf.string()});
  CHECK(verify.status == 0);
  CHECK(verify.out.find(": OK") != std::string::npos);
  // The leaf is not a CA: it cannot vouch for itself.
  CHECK(sg::test::run({*openssl, "verify", "-CAfile", leaf.string(), leaf.string()}).status != 0);

  const auto text = sg::test::run(
      {*openssl, "x509", "-in", leaf.string(), "-noout", "-ext", "subjectAltName,extendedKeyUsage,basicConstraints"});
  CHECK(text.status == 0);
  CHECK(text.out.find("DNS:localhost") != std::string::npos);
  CHECK(text.out.find("IP Address:127.0.0.1") != std::string::npos);
  CHECK(text.out.find("TLS Web Server Authentication") != std::string::npos);
  CHECK(text.out.find("CA:FALSE") != std::string::npos);

  for (const char* key : {"ca-key.pem", "server-key.pem"}) {
    CAPTURE(key);
    CHECK((fs::status(s.data() / key).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
  }
}

TEST_CASE("the CA and leaf are kept across restarts") {
  Server s;
  const std::string ca = sg::test::read_text(s.data() / "ca.pem");
  const std::string leaf = sg::test::read_text(s.data() / "server.pem");
  REQUIRE(s.stop() == 0);
  s.start();
  CHECK(sg::test::read_text(s.data() / "ca.pem") == ca);
  CHECK(sg::test::read_text(s.data() / "server.pem") == leaf);
  CHECK(s.connect()->request("GET", "/v1/health").status == 200);
}

TEST_CASE("a real draft is checked: the verdict has a check id, an action and findings") {
  Server s;
  auto c = s.connect();
  const HttpResponse r = c->request("POST", "/v1/check", s.user(json_type()), example_draft());
  REQUIRE(r.status == 200);
  const json::value v = r.json();
  CHECK(v.at("check_id").as_string().size() > 2);
  const std::string action(v.at("action").as_string());
  CHECK((action == "allow" || action == "confirm" || action == "justify" || action == "block"));
  CHECK(v.at("findings").is_array());
  CHECK(v.at("recipients").as_array().size() == 1);
}

TEST_CASE("bad JSON and wrong types are 400 with paths, and the kept-alive connection goes on") {
  Server s;
  auto c = s.connect();
  HttpResponse r = c->request("POST", "/v1/check", s.user(json_type()), "{\"to\": [");
  CHECK(r.status == 400);
  CHECK(r.error_code() == "invalid_json");
  CHECK(r.keep_alive);

  json::object draft = json::parse(example_draft()).as_object();
  draft["to"] = 5;
  r = c->request("POST", "/v1/check", s.user(json_type()), json::serialize(draft));
  CHECK(r.status == 400);
  CHECK(r.error_code() == "invalid_request");
  CHECK(error_path(r) == "/to");

  draft["to"] = json::array{"sato@@client-a.example"};
  r = c->request("POST", "/v1/check", s.user(json_type()), json::serialize(draft));
  CHECK(r.status == 400);
  CHECK(r.error_code() == "invalid_request");
  CHECK(error_path(r) == "/to/0");

  r = c->request("POST", "/v1/check", s.user(json_type()), "[" + std::string(200, '[') + std::string(201, ']'));
  CHECK(r.status == 413);
  CHECK(r.error_code() == "too_large");

  r = c->request("POST", "/v1/check", s.user({{"Content-Type", "text/plain"}}), example_draft());
  CHECK(r.status == 415);
  CHECK(r.error_code() == "unsupported_media_type");
  CHECK(r.keep_alive);  // the small body was read and dropped, so the framing holds

  r = c->request("POST", "/v1/check", s.user(json_type()), example_draft());
  CHECK(r.status == 200);
}

TEST_CASE("a Content-Length over the limit is refused with 413 before any body is sent") {
  Server s;
  auto c = s.connect();
  c->send_raw(sg::test::request_head(
      "POST", "/v1/check", s.port(),
      s.user(json_type({{"Content-Length", std::to_string(sg::limits::kMaxRequestBodyBytes + 1)}}))));
  const HttpResponse r = c->read_response();  // the body was never sent
  CHECK(r.status == 413);
  CHECK(r.error_code() == "too_large");
  CHECK_FALSE(r.keep_alive);
  CHECK(c->closed_by_server());
  check_fresh_connection_works(s);
}

TEST_CASE("a chunked body over the route's limit is cut off with 413") {
  Server s;
  auto c = s.connect();
  const std::size_t size = sg::kMaxProfileBytes + 1000;
  std::string chunked =
      sg::test::request_head("PUT", "/v1/policy", s.port(), s.admin(json_type({{"Transfer-Encoding", "chunked"}})));
  char hex[32];
  std::snprintf(hex, sizeof hex, "%zx\r\n", size);
  chunked += hex + std::string(size, ' ') + "\r\n0\r\n\r\n";
  c->send_raw(chunked);
  const HttpResponse r = c->read_response();
  CHECK(r.status == 413);
  CHECK(r.error_code() == "too_large");
  CHECK(c->closed_by_server());
  check_fresh_connection_works(s);
}

TEST_CASE("a request header over the limit is 413 and the connection closes") {
  Server s;
  auto c = s.connect();
  c->send_raw(sg::test::request_head("GET", "/v1/health", s.port(),
                                     {{"X-Padding", std::string(sg::limits::kMaxHeaderBytes + 100, 'a')}}));
  const HttpResponse r = c->read_response();
  CHECK(r.status == 413);
  CHECK(r.error_code() == "too_large");
  CHECK(c->closed_by_server());
  check_fresh_connection_works(s);
}

TEST_CASE("a malformed request is 400 and the connection closes") {
  Server s;
  auto c = s.connect();
  c->send_raw("\x01\x02 nonsense\r\n\r\n");
  const HttpResponse r = c->read_response();
  CHECK(r.status == 400);
  CHECK(r.error_code() == "invalid_request");
  CHECK(c->closed_by_server());
  check_fresh_connection_works(s);
}

TEST_CASE("a wrong Host header is 403 and the next request on the connection works") {
  Server s;
  auto c = s.connect();
  HttpResponse r = c->request("GET", "/v1/health", {{"Host", "evil.example:" + std::to_string(s.port())}});
  CHECK(r.status == 403);
  CHECK(r.error_code() == "forbidden");
  r = c->request("GET", "/v1/health", {{"Host", "127.0.0.1:" + std::to_string(s.port() == 1 ? 2 : 1)}});
  CHECK(r.status == 403);
  CHECK(c->request("GET", "/v1/health").status == 200);
}

TEST_CASE("a foreign Origin is 403; the host's own origin gets exact CORS headers and a preflight") {
  Server s;
  auto c = s.connect();
  HttpResponse r =
      c->request("POST", "/v1/check", s.user(json_type({{"Origin", "https://evil.example"}})), example_draft());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "forbidden");
  CHECK_FALSE(r.header("Access-Control-Allow-Origin"));

  CHECK(r.keep_alive);
  const std::string own = "https://localhost:" + std::to_string(s.port());
  r = c->request("OPTIONS", "/v1/check",
                 {{"Origin", own},
                  {"Access-Control-Request-Method", "POST"},
                  {"Access-Control-Request-Headers", "authorization,content-type"}});
  CHECK(r.status == 204);
  CHECK(r.header("Access-Control-Allow-Origin") == own);
  CHECK(r.header("Access-Control-Allow-Methods") == "POST");
  CHECK(r.header("Access-Control-Allow-Headers") == "Authorization, Content-Type");
  CHECK(r.header("Access-Control-Max-Age"));
  CHECK(r.header("Vary") == "Origin");

  r = c->request("POST", "/v1/check", s.user(json_type({{"Origin", own}})), example_draft());
  CHECK(r.status == 200);
  CHECK(r.header("Access-Control-Allow-Origin") == own);
  CHECK(r.header("Vary") == "Origin");
}

TEST_CASE("add-in origins come from the profile and PUT /v1/policy changes them") {
  Server s(with_profile(R"({"host": {"allowed_origins": ["https://addin.example.com"]}})"));
  auto c = s.connect();
  HttpResponse r = c->request("GET", "/v1/health", {{"Origin", "https://addin.example.com"}});
  CHECK(r.status == 200);
  CHECK(r.header("Access-Control-Allow-Origin") == "https://addin.example.com");
  CHECK(c->request("GET", "/v1/health", {{"Origin", "https://other.example.com"}}).status == 403);

  r = c->request("PUT", "/v1/policy", s.admin(json_type()),
                 R"({"host": {"allowed_origins": ["https://other.example.com"]}})");
  REQUIRE(r.status == 200);
  CHECK(c->request("GET", "/v1/health", {{"Origin", "https://other.example.com"}}).status == 200);
  CHECK(c->request("GET", "/v1/health", {{"Origin", "https://addin.example.com"}}).status == 403);
}

TEST_CASE("a missing or wrong token is 401 and the right one works on the same connection") {
  Server s;
  auto c = s.connect();
  HttpResponse r = c->request("GET", "/v1/policy");
  CHECK(r.status == 401);
  CHECK(r.error_code() == "unauthorized");
  CHECK(r.header("WWW-Authenticate").value_or("").starts_with("Bearer"));
  CHECK(r.keep_alive);
  r = c->request("GET", "/v1/policy", {{"Authorization", "Bearer not-the-token"}});
  CHECK(r.status == 401);
  CHECK(c->request("GET", "/v1/policy", s.admin()).status == 200);
}

TEST_CASE("the user token cannot read or replace the policy") {
  Server s;
  auto c = s.connect();
  HttpResponse r = c->request("GET", "/v1/policy", s.user());
  CHECK(r.status == 403);
  CHECK(r.error_code() == "forbidden");
  const std::string before = policy_version(c->request("GET", "/v1/health"));

  r = c->request("PUT", "/v1/policy", s.user(json_type()), R"({"thresholds": {"confirm": 5}})");
  CHECK(r.status == 403);
  CHECK(r.error_code() == "forbidden");
  CHECK(policy_version(c->request("GET", "/v1/health")) == before);
  CHECK_FALSE(fs::exists(s.config()));
}

TEST_CASE("a refused request with a large body still gets its answer, then the connection closes") {
  Server s;
  auto c = s.connect();
  // Sent whole, but not read by the server: the answer must not be lost to a connection reset.
  const std::string body = "\"" + std::string(sg::limits::kMaxDiscardBytes + 512 * 1024, 'x') + "\"";
  const HttpResponse r = c->request("POST", "/v1/check", json_type(), body);
  CHECK(r.status == 401);
  CHECK(r.error_code() == "unauthorized");
  CHECK_FALSE(r.keep_alive);
  CHECK(c->closed_by_server());
  check_fresh_connection_works(s);
}

TEST_CASE("an invalid profile is refused with its problems and the old one stays in force") {
  Server s(with_profile(R"({"thresholds": {"confirm": 2}})"));
  auto c = s.connect();
  const std::string before = policy_version(c->request("GET", "/v1/policy", s.admin()));
  const std::string file_before = sg::test::read_text(s.config());

  HttpResponse r =
      c->request("PUT", "/v1/policy", s.admin(json_type()), R"({"thresholds": {"confirm": "high"}, "colour": "blue"})");
  CHECK(r.status == 400);
  CHECK(r.error_code() == "invalid_request");
  std::vector<std::string> paths;
  const json::value doc = r.json();
  for (const auto& p : doc.at("problems").as_array()) paths.emplace_back(p.at("path").as_string());
  CHECK(std::find(paths.begin(), paths.end(), "/thresholds/confirm") != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), "/colour") != paths.end());

  r = c->request("GET", "/v1/policy", s.admin());
  CHECK(r.status == 200);
  CHECK(policy_version(r) == before);
  CHECK(r.json().at("overrides").at("thresholds").at("confirm").to_number<double>() == 2.0);
  CHECK(sg::test::read_text(s.config()) == file_before);
}

TEST_CASE("a valid profile changes policy_version, persists to the config file and survives a restart") {
  Server s;
  auto c = s.connect();
  const std::string before = policy_version(c->request("GET", "/v1/health"));
  const std::string doc = R"({"thresholds": {"confirm": 2.5}, "lists": {"keywords": ["社外秘"]}})";
  HttpResponse r = c->request("PUT", "/v1/policy", s.admin(json_type()), doc);
  REQUIRE(r.status == 200);
  const std::string after = policy_version(r);
  CHECK(after != before);
  CHECK(policy_version(c->request("GET", "/v1/policy", s.admin())) == after);
  CHECK(policy_version(c->request("GET", "/v1/health")) == after);
  CHECK(sg::test::read_text(s.config()) == doc);

  c.reset();
  REQUIRE(s.stop() == 0);
  s.start();
  CHECK(policy_version(s.connect()->request("GET", "/v1/health")) == after);
}

TEST_CASE("Expect: 100-continue gets an interim answer before the body is sent") {
  Server s;
  auto c = s.connect();
  const std::string body = example_draft();
  c->send_raw(sg::test::request_head(
      "POST", "/v1/check", s.port(),
      s.user(json_type({{"Content-Length", std::to_string(body.size())}, {"Expect", "100-continue"}}))));
  CHECK(c->read_response().status == 100);
  c->send_raw(body);
  CHECK(c->read_response().status == 200);
}

TEST_CASE("SIGTERM while a request is in flight: its answer arrives and the process exits 0") {
  Server s;
  auto c = s.connect();
  const std::string body = example_draft();
  const std::size_t half = body.size() / 2;
  c->send_raw(sg::test::request_head("POST", "/v1/check", s.port(),
                                     s.user(json_type({{"Content-Length", std::to_string(body.size())}}))) +
              body.substr(0, half));
  std::this_thread::sleep_for(300ms);  // the server has read the header and waits for the rest
  s.process().signal(SIGTERM);
  std::this_thread::sleep_for(300ms);
  CHECK_THROWS(s.connect());  // no longer accepting
  c->send_raw(body.substr(half));
  const HttpResponse r = c->read_response();
  CHECK(r.status == 200);
  CHECK(r.json().at("check_id").is_string());
  CHECK_FALSE(r.keep_alive);  // the host is stopping
  CHECK(s.process().wait(15s) == 0);
}

TEST_CASE("an idle kept-alive connection does not hold up shutdown") {
  Server s;
  auto c = s.connect();
  REQUIRE(c->request("GET", "/v1/health").status == 200);
  const auto started = std::chrono::steady_clock::now();
  CHECK(s.stop() == 0);
  // Well under kShutdownGrace: the idle connection was closed, not waited for.
  CHECK(std::chrono::steady_clock::now() - started < sg::limits::kShutdownGrace / 2);
  CHECK(c->closed_by_server());
}

TEST_CASE("plain HTTP with --insecure-http serves the same API with http:// origins") {
  Server s(plain_http());
  CHECK(s.line() == "listening on http://127.0.0.1:" + std::to_string(s.port()));
  CHECK_FALSE(fs::exists(s.data() / "server.pem"));
  auto c = s.connect();
  CHECK(c->request("GET", "/v1/health").status == 200);
  const std::string own = "http://localhost:" + std::to_string(s.port());
  HttpResponse r = c->request("POST", "/v1/check", s.user(json_type({{"Origin", own}})), example_draft());
  CHECK(r.status == 200);
  CHECK(r.header("Access-Control-Allow-Origin") == own);
  r = c->request("GET", "/v1/health", {{"Origin", "https://localhost:" + std::to_string(s.port())}});
  CHECK(r.status == 403);
  CHECK(s.stop() == 0);
}

TEST_CASE("connections beyond kMaxConnections are closed, and a slot frees when one ends") {
  Server s(plain_http());
  std::vector<int> fds;
  for (std::size_t i = 0; i < sg::limits::kMaxConnections; ++i) fds.push_back(raw_connect(s.port()));
  const int extra = raw_connect(s.port());
  CHECK(raw_closed(extra, 5000ms));
  CHECK_FALSE(raw_closed(fds.back(), 200ms));
  ::close(extra);
  ::close(fds.front());
  fds.erase(fds.begin());
  // The server notices the closed connection; then a new one is served.
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    try {
      served = s.connect()->request("GET", "/v1/health").status == 200;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(100ms);
    }
  }
  CHECK(served);
  for (int fd : fds) ::close(fd);
}

TEST_CASE("--verbose logs method, path, status and time per request, never tokens, queries or bodies") {
  Server s(verbose());
  const std::string marker = "SECRET-BODY-MARKER-1234";
  {
    auto c = s.connect();
    json::object draft = json::parse(example_draft()).as_object();
    draft["subject"] = marker;
    CHECK(c->request("POST", "/v1/check?who=someone@client.example", s.user(json_type()), json::serialize(draft))
              .status == 200);
    CHECK(c->request("GET", "/v1/policy", s.user()).status == 403);
  }
  REQUIRE(s.stop() == 0);
  const std::string err = s.process().read_all_stderr(5s);
  CHECK(has_request_line(err, "POST /v1/check 200"));
  CHECK(has_request_line(err, "GET /v1/policy 403"));
  CHECK(err.find(marker) == std::string::npos);
  CHECK(err.find(s.user_token()) == std::string::npos);
  CHECK(err.find("someone@client.example") == std::string::npos);
  CHECK(err.find("PRIVATE KEY") == std::string::npos);
}

TEST_CASE("without --verbose no request is logged") {
  Server s;
  CHECK(s.connect()->request("GET", "/v1/health").status == 200);
  REQUIRE(s.stop() == 0);
  CHECK(s.process().read_all_stderr(5s).find("/v1/health") == std::string::npos);
}

TEST_CASE("a --listen address beyond loopback is refused with exit code 2") {
  sg::test::TempDir dir;
  for (const char* listen : {"0.0.0.0:0", "192.168.1.10:0", "[::1]:0", "example.com:0"}) {
    CAPTURE(listen);
    const auto r = sg::test::run({sg::test::sendguard_binary(), "--data-dir", (dir.path() / "data").string(), "serve",
                                  "--listen", listen, "--insecure-http"},
                                 {"LANG=en_US.UTF-8", "LC_ALL=en_US.UTF-8"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--listen") != std::string::npos);
    CHECK(r.err.find("loopback") != std::string::npos);
  }
}

TEST_CASE("localhost in --listen means 127.0.0.1") {
  sg::test::TempDir dir;
  sg::test::Child child({sg::test::sendguard_binary(), "--data-dir", (dir.path() / "data").string(), "serve",
                         "--listen", "localhost:0", "--insecure-http"});
  const auto line = child.read_line();
  REQUIRE(line);
  CHECK(listening_port(*line, "http"));
  child.signal(SIGINT);
  CHECK(child.wait(15s) == 0);
}

TEST_CASE("POST /v1/decision records the outcome of a check in the audit log; it needs the user token") {
  Server s;
  auto c = s.connect();
  const auto checked = c->request("POST", "/v1/check", s.user(json_type()), example_draft());
  REQUIRE(checked.status == 200);
  CHECK(checked.json().at("client").at("fail_mode") == "closed");
  const std::string id(checked.json().at("check_id").as_string());
  const std::string body = R"({"check_id": ")" + id + R"(", "outcome": "cancelled", "acknowledged": []})";
  CHECK(c->request("POST", "/v1/decision", json_type(), body).status == 401);
  const auto recorded = c->request("POST", "/v1/decision", s.user(json_type()), body);
  CHECK(recorded.status == 200);
  CHECK(recorded.json().at("recorded") == true);
  const std::string log = sg::test::read_text(s.data() / "audit.jsonl");
  CHECK(log.find(id) != std::string::npos);
  CHECK(log.find("\"outcome\":\"cancelled\"") != std::string::npos);
  const auto bad = c->request("POST", "/v1/decision", s.user(json_type()), R"({"check_id": "x"})");
  CHECK(bad.status == 400);
  CHECK(error_path(bad) == "/outcome");
}

TEST_CASE("a sent decision teaches the sender's history; `history forget` removes the address again") {
  Server s;
  auto c = s.connect();
  const std::string draft =
      R"({"from": "山田 太郎 <Yamada@Corp.Example>", "to": ["佐藤 花子 <sato@client-a.example>"],
          "subject": "Hello", "body": {"text": "Hello"}})";
  const auto checked = c->request("POST", "/v1/check", s.user(json_type()), draft);
  REQUIRE(checked.status == 200);
  const std::string id(checked.json().at("check_id").as_string());
  const auto sent = c->request(
      "POST", "/v1/decision", s.user(json_type()),
      R"({"check_id": ")" + id +
          R"(", "outcome": "sent", "final": {"to": [{"name": "佐藤 花子", "address": "Sato@Client-A.example"}]}})");
  REQUIRE(sent.status == 200);
  CHECK(sent.json().at("learned") == true);
  // A decision for a check this host never saw is audited but teaches nothing.
  const auto unknown = c->request("POST", "/v1/decision", s.user(json_type()),
                                  R"({"check_id": "c_unknown", "outcome": "sent", "final": {"to": ["x@y.example"]}})");
  CHECK(unknown.json().at("learned") == false);

  // The history, read the way the rules will read it: by normalised sender and address (local
  // part lower-cased, domain as an A-label).
  const auto contact = [&](const std::string& address) {
    auto db = sg::store::Database::open(s.data() / "history.sqlite3");
    REQUIRE(db);
    auto history = sg::store::History::open(*db);
    REQUIRE(history);
    auto info = history->contact("yamada@corp.example", address);
    REQUIRE(info);
    return *info;
  };
  const auto known = contact("sato@client-a.example");
  CHECK(known.known);
  CHECK(known.count == 1);
  REQUIRE(known.names.size() == 1);
  CHECK(known.names[0].name == "佐藤 花子");

  const auto forget = sg::test::run({sg::test::sendguard_binary(), "--data-dir", s.data().string(), "--config",
                                     s.config().string(), "history", "forget", "sato@client-a.example"},
                                    {"LC_ALL=en_US.UTF-8"});
  CHECK(forget.status == 0);
  CHECK(!contact("sato@client-a.example").known);
}

TEST_CASE("a sent mail's salutation teaches where its organisation is: the next file for it to another fires") {
  Server s;
  auto c = s.connect();
  const auto check = [&](const std::string& draft) {
    const auto r = c->request("POST", "/v1/check", s.user(json_type()), draft);
    REQUIRE(r.status == 200);
    return r.json();
  };
  // To アルファ, addressed as such, sent.
  const json::value first = check(
      R"({"from": "山田 太郎 <yamada@corp.example>", "to": ["sato@alpha.example"], "subject": "お見積り",
          "body": {"text": "株式会社アルファ\n営業部 佐藤様\n\nお世話になっております。\n"}})");
  const std::string id(first.at("check_id").as_string());
  const auto sent =
      c->request("POST", "/v1/decision", s.user(json_type()),
                 R"({"check_id": ")" + id + R"(", "outcome": "sent", "final": {"to": ["sato@alpha.example"]}})");
  REQUIRE(sent.status == 200);
  CHECK(sent.json().at("learned") == true);

  // A file for アルファ on its way to a bare address elsewhere: the history knows where アルファ is.
  const json::value second = check(
      R"({"from": "山田 太郎 <yamada@corp.example>", "to": ["info@beta.example"], "subject": "資料",
          "body": {"text": "資料を添付します。\n"},
          "attachments": [{"name": "見積書_株式会社アルファ御中.xlsx", "size": 10}]})");
  const json::object* mismatch = nullptr;
  for (const json::value& f : second.at("findings").as_array()) {
    if (f.at("id") == "attachment.mismatch") mismatch = &f.as_object();
  }
  REQUIRE(mismatch != nullptr);
  CHECK(std::string(mismatch->at("message").as_string()).find("alpha.example") != std::string::npos);
  // To アルファ itself: nothing.
  const json::value third = check(
      R"({"from": "山田 太郎 <yamada@corp.example>", "to": ["info@alpha.example"], "subject": "資料",
          "body": {"text": "資料を添付します。\n"},
          "attachments": [{"name": "見積書_株式会社アルファ御中.xlsx", "size": 10}]})");
  for (const json::value& f : third.at("findings").as_array()) CHECK(f.at("id") != "attachment.mismatch");
}

TEST_CASE("POST /v1/history/import reads a message's body for its salutation; a bad body is a problem at its path") {
  Server s;
  auto c = s.connect();
  const std::string long_text(sg::kMaxImportBodyTextBytes + 1, 'x');
  const auto imported = c->request("POST", "/v1/history/import", s.user(json_type()),
                                   R"({"messages": [
            {"date": "2026-10-01T09:00:00+09:00", "from": "yamada@corp.example", "to": ["sato@alpha.example"],
             "subject": "お見積り", "body": {"html": "<p>株式会社アルファ<br>営業部 佐藤様</p><p>いつもお世話になっております。</p>"}},
            {"date": "2026-10-02T09:00:00+09:00", "from": "yamada@corp.example", "to": ["x@gamma.example"],
             "body": {"text": ")" + long_text +
                                       R"("}}]})");
  REQUIRE(imported.status == 200);
  CHECK(imported.json().at("imported") == 1);
  CHECK(imported.json().at("problems").at(0).at("path") == "/messages/1/body/text");

  const auto checked = c->request("POST", "/v1/check", s.user(json_type()),
                                  R"({"from": "yamada@corp.example", "to": ["info@beta.example"], "subject": "資料",
                                      "body": {"text": "資料を添付します。\n"},
                                      "attachments": [{"name": "見積書_アルファ様.xlsx", "size": 10}]})");
  REQUIRE(checked.status == 200);
  const json::value verdict = checked.json();  // kept: the loop below reads into it
  bool mismatch = false;
  for (const json::value& f : verdict.at("findings").as_array()) {
    if (f.at("id") == "attachment.mismatch") mismatch = true;
  }
  CHECK(mismatch);
}
