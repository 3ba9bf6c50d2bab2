// The Outlook add-in's side of the real `sendguard serve` over HTTPS: its files under /addin/
// (compiled in, or from --web-ui-dir), launchevent.js with the host's settings, the well-known
// list of scripts for Outlook's JavaScript-only runtime, the token for the host's own pages only
// (and, on Linux, its own user only), and CORS on these routes.
#include <doctest/doctest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/files.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/server.h"

namespace fs = std::filesystem;
namespace json = boost::json;
using sg::test::HttpResponse;
using sg::test::Server;
using sg::test::ServerOptions;

namespace {

constexpr std::string_view kPagePolicy =
    "object-src 'none'; base-uri 'none'; script-src 'self' https://appsforoffice.microsoft.com";
constexpr std::string_view kMarker = "const SG_HOST_CONFIG = ";

const fs::path kWebUi = fs::path(SG_SOURCE_DIR) / "web-ui";

std::string own_origin(const Server& s, std::string_view host = "localhost") {
  return "https://" + std::string(host) + ":" + std::to_string(s.port());
}

std::string host_header(const Server& s, std::string_view host) {
  return std::string(host) + ":" + std::to_string(s.port());
}

// The types the host serves, by extension, as api.md lists them.
std::optional<std::string> expected_type(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".png") return "image/png";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".json") return "application/json; charset=utf-8";
  return std::nullopt;
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The JSON object on launchevent.js's SG_HOST_CONFIG line; fails the test when there is not exactly one.
json::object host_config_of(const std::string& script) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= script.size()) {
    std::size_t eol = script.find('\n', pos);
    if (eol == std::string::npos) eol = script.size();
    std::string line = script.substr(pos, eol - pos);
    if (line.starts_with(kMarker)) lines.push_back(line);
    pos = eol + 1;
  }
  REQUIRE(lines.size() == 1);
  std::string text = lines.front().substr(kMarker.size());
  REQUIRE(text.ends_with(";"));
  text.pop_back();
  return json::parse(text).as_object();
}

// A web-ui folder of our own for --web-ui-dir: a launchevent.js in the shape the other side writes.
struct WebUiFixture {
  sg::test::TempDir dir;
  WebUiFixture() {
    sg::test::write_text(
        dir.path() / "outlook" / "launchevent.js",
        "// fixture\n"
        "const SG_HOST_CONFIG = {\"origin\": \"https://localhost:47120\", \"send_mode\": \"soft-block\"};\n"
        "function onMessageSendHandler(event) { event.completed({allowEvent: true}); }\n");
    sg::test::write_text(dir.path() / "outlook" / "taskpane.html", "<!doctype html><title>fixture</title>\n");
    sg::test::write_text(dir.path() / "outlook" / "README.md", "not served\n");
    sg::test::write_text(dir.path() / "outlook" / "odd name.js", "not servable\n");
    sg::test::write_text(dir.path() / "dialog" / "dialog.js", "export const v = 1;\n");
  }
  ServerOptions options(std::string profile = {}) const {
    ServerOptions o;
    o.serve_args = {"--web-ui-dir", dir.path().string()};
    o.profile = std::move(profile);
    return o;
  }
};

}  // namespace

TEST_CASE("every file of web-ui/outlook and web-ui/dialog is served as it is, typed, without a token") {
  Server s;
  auto c = s.connect();
  std::size_t served = 0;
  for (const char* folder : {"outlook", "dialog"}) {
    for (const fs::path& p : files_in(kWebUi / folder)) {
      const std::string url = "/addin/" + std::string(folder) + "/" + p.filename().string();
      CAPTURE(url);
      const HttpResponse r = c->request("GET", url);
      const auto type = expected_type(p);
      if (!type) {
        CHECK(r.status == 404);  // README.md and the like stay out
        continue;
      }
      REQUIRE(r.status == 200);
      CHECK(r.header("Content-Type") == *type);
      CHECK(r.header("Cache-Control") == "no-cache");
      CHECK(r.header("ETag"));
      CHECK(r.header("X-Content-Type-Options") == "nosniff");
      if (p.filename() == "launchevent.js") {
        // The other side's script: served with the host's settings on its marker line.
        CHECK(host_config_of(r.body)["origin"] == json::value(own_origin(s, "127.0.0.1")));
      } else {
        CHECK(r.body == sg::test::read_text(p));
      }
      if (p.extension() == ".html") {
        CHECK(r.header("Content-Security-Policy") == std::string(kPagePolicy));
        CHECK_FALSE(r.header("X-Frame-Options"));  // Outlook on the web frames the pages
      } else {
        CHECK_FALSE(r.header("Content-Security-Policy"));
      }
      ++served;
    }
  }
  CHECK(served >= 7 + 5);  // at least the icons and the dialog's modules
}

TEST_CASE("launchevent.js is served only when the build embedded it, and then with the host's settings") {
  Server s;
  auto c = s.connect();
  const HttpResponse r = c->request("GET", "/addin/outlook/launchevent.js");
  if (fs::exists(kWebUi / "outlook" / "launchevent.js")) {
    REQUIRE(r.status == 200);
    const json::object config = host_config_of(r.body);
    CHECK(config.at("send_mode") == "soft-block");
  } else {
    CHECK(r.status == 404);
  }
}

TEST_CASE("HEAD answers like GET without the body; a matching If-None-Match is 304") {
  Server s;
  auto c = s.connect();
  const HttpResponse get = c->request("GET", "/addin/outlook/icon-32.png");
  REQUIRE(get.status == 200);
  const std::string etag = *get.header("ETag");
  CHECK(etag.size() == 34);
  CHECK(etag.front() == '"');

  const HttpResponse head = c->request("HEAD", "/addin/outlook/icon-32.png");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("Content-Length") == std::to_string(get.body.size()));
  CHECK(head.header("ETag") == etag);
  CHECK(head.header("Content-Type") == "image/png");

  HttpResponse r = c->request("GET", "/addin/outlook/icon-32.png", {{"If-None-Match", etag}});
  CHECK(r.status == 304);
  CHECK(r.body.empty());
  CHECK(r.header("ETag") == etag);
  CHECK(r.header("Cache-Control") == "no-cache");
  r = c->request("GET", "/addin/outlook/icon-32.png", {{"If-None-Match", "\"0123\", W/" + etag}});
  CHECK(r.status == 304);
  r = c->request("GET", "/addin/outlook/icon-32.png", {{"If-None-Match", "\"something-else\""}});
  CHECK(r.status == 200);
  CHECK(r.body == get.body);
  CHECK(r.keep_alive);
}

TEST_CASE("unknown names, other folders and traversal are 404; other methods 405; a wrong Host 403") {
  Server s;
  auto c = s.connect();
  for (const char* target :
       {"/addin/outlook/nope.js", "/addin/outlook/", "/addin/outlook/../../token", "/addin/outlook/..%2f..%2ftoken",
        "/addin/outlook/.hidden.js", "/addin/outlook/README.md", "/addin/thunderbird/manifest.json",
        "/addin/dialog/sub/dialog.js", "/addin/", "/addin/outlook//icon-16.png"}) {
    CAPTURE(target);
    const HttpResponse r = c->request("GET", target);
    CHECK(r.status == 404);
    CHECK(r.error_code() == "not_found");
    CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  }
  HttpResponse r = c->request("POST", "/addin/outlook/icon-16.png", {{"Content-Type", "application/json"}}, "{}");
  CHECK(r.status == 405);
  CHECK(r.header("Allow") == "GET, HEAD, OPTIONS");
  r = c->request("DELETE", "/addin/dialog/dialog.js");
  CHECK(r.status == 405);
  r = c->request("GET", "/addin/outlook/icon-16.png", {{"Host", "evil.example:" + std::to_string(s.port())}});
  CHECK(r.status == 403);
  CHECK(r.error_code() == "forbidden");
  CHECK(c->request("GET", "/addin/outlook/icon-16.png").status == 200);
}

TEST_CASE("launchevent.js carries the origin the request named and the profile's send and fail modes") {
  WebUiFixture ui;
  Server s(ui.options(R"({"outlook": {"send_mode": "block"},
                          "client": {"fail_mode": "open", "host_timeout_seconds": 45}})"));
  auto localhost = s.connect("localhost");
  HttpResponse r = localhost->request("GET", "/addin/outlook/launchevent.js", {{"Host", host_header(s, "localhost")}});
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "text/javascript; charset=utf-8");
  const json::object expected{{"origin", own_origin(s, "localhost")},
                              {"send_mode", "block"},
                              {"fail_mode", "open"},
                              {"host_timeout_seconds", 45}};
  CHECK(host_config_of(r.body) == expected);
  // Everything else of the script is left as it was.
  CHECK(r.body.starts_with("// fixture\nconst SG_HOST_CONFIG = {\"origin\":"));
  CHECK(r.body.ends_with(";\nfunction onMessageSendHandler(event) { event.completed({allowEvent: true}); }\n"));

  auto loopback = s.connect();
  r = loopback->request("GET", "/addin/outlook/launchevent.js");
  REQUIRE(r.status == 200);
  CHECK(host_config_of(r.body)["origin"] == json::value(own_origin(s, "127.0.0.1")));
}

TEST_CASE("the default profile's settings reach launchevent.js") {
  WebUiFixture ui;
  Server s(ui.options());
  const HttpResponse r = s.connect()->request("GET", "/addin/outlook/launchevent.js");
  REQUIRE(r.status == 200);
  const json::object config = host_config_of(r.body);
  CHECK(config.at("send_mode") == "soft-block");
  CHECK(config.at("fail_mode") == "closed");
  CHECK(config.at("host_timeout_seconds") == 20);
}

TEST_CASE("--web-ui-dir serves the files on disk as they change, and only servable names") {
  WebUiFixture ui;
  Server s(ui.options());
  auto c = s.connect();
  HttpResponse r = c->request("GET", "/addin/dialog/dialog.js");
  REQUIRE(r.status == 200);
  CHECK(r.body == "export const v = 1;\n");
  const std::string first_etag = *r.header("ETag");
  sg::test::write_text(ui.dir.path() / "dialog" / "dialog.js", "export const v = 2;\n");
  r = c->request("GET", "/addin/dialog/dialog.js", {{"If-None-Match", first_etag}});
  CHECK(r.status == 200);
  CHECK(r.body == "export const v = 2;\n");
  CHECK(r.header("ETag") != first_etag);

  CHECK(c->request("GET", "/addin/outlook/taskpane.html").header("Content-Security-Policy") ==
        std::string(kPagePolicy));
  CHECK(c->request("GET", "/addin/outlook/README.md").status == 404);
  CHECK(c->request("GET", "/addin/outlook/odd%20name.js").status == 404);
  // The embedded icons are not used in this mode: the folder has none.
  CHECK(c->request("GET", "/addin/outlook/icon-16.png").status == 404);
  sg::test::write_text(ui.dir.path() / "secret.js", "outside the two folders\n");
  CHECK(c->request("GET", "/addin/outlook/..%2fsecret.js").status == 404);
  CHECK(c->request("GET", "/addin/outlook/../secret.js").status == 404);
  // A raw space cannot even be asked for: the request line is malformed (and the connection closes).
  CHECK(c->request("GET", "/addin/outlook/odd name.js").status == 400);
}

TEST_CASE("a launchevent.js without its SG_HOST_CONFIG line is an error, not served as it is") {
  WebUiFixture ui;
  Server s(ui.options());
  auto c = s.connect();
  const fs::path script = ui.dir.path() / "outlook" / "launchevent.js";
  for (const char* text : {"function onMessageSendHandler() {}\n",
                           "const SG_HOST_CONFIG = {};\nconst SG_HOST_CONFIG = {};\n", "const SG_HOST_CONFIG = {}\n"}) {
    CAPTURE(text);
    sg::test::write_text(script, text);
    const HttpResponse r = c->request("GET", "/addin/outlook/launchevent.js");
    CHECK(r.status == 500);
    CHECK(r.error_code() == "internal");
  }
}

TEST_CASE("serve refuses a --web-ui-dir without outlook/ or dialog/") {
  sg::test::TempDir empty;
  const auto r = sg::test::run({sg::test::sendguard_binary(), "--data-dir", (empty.path() / "data").string(), "serve",
                                "--listen", "127.0.0.1:0", "--web-ui-dir", empty.path().string()});
  CHECK(r.status == 2);
  CHECK(r.err.find("--web-ui-dir") != std::string::npos);
}

TEST_CASE("the well-known file names launchevent.js under the origin the request used, without a token") {
  Server s;
  auto c = s.connect("localhost");
  HttpResponse r =
      c->request("GET", "/.well-known/microsoft-officeaddins-allowed.json", {{"Host", host_header(s, "localhost")}});
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
  CHECK(r.json() ==
        json::parse(R"({"allowed": [")" + own_origin(s, "localhost") + R"(/addin/outlook/launchevent.js"]})"));
  r = s.connect()->request("GET", "/.well-known/microsoft-officeaddins-allowed.json");
  CHECK(r.json().at("allowed").at(0) == json::value(own_origin(s, "127.0.0.1") + "/addin/outlook/launchevent.js"));
  CHECK(s.connect()->request("HEAD", "/.well-known/microsoft-officeaddins-allowed.json").status == 200);
  CHECK(s.connect()->request("POST", "/.well-known/microsoft-officeaddins-allowed.json").status == 405);
}

TEST_CASE("POST /v1/addin/token answers the host's own origins with the user token") {
  Server s;
  for (const char* host : {"localhost", "127.0.0.1"}) {
    CAPTURE(host);
    auto c = s.connect(host);
    const std::string origin = own_origin(s, host);
    const HttpResponse r = c->request("POST", "/v1/addin/token", {{"Host", host_header(s, host)}, {"Origin", origin}});
    REQUIRE(r.status == 200);
    CHECK(r.json() == json::object{{"token", s.user_token()}});
    CHECK(r.header("Access-Control-Allow-Origin") == origin);
    CHECK(r.header("Cache-Control") == "no-store");
  }
  // The token it hands out works on the API.
  auto c = s.connect();
  const std::string token = std::string(
      c->request("POST", "/v1/addin/token", {{"Origin", own_origin(s, "127.0.0.1")}}).json().at("token").as_string());
  CHECK(c->request("GET", "/v1/policy", {{"Authorization", "Bearer " + token}}).status == 403);  // user, not admin
  CHECK(c->request("POST", "/v1/decision", {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                   R"({"check_id": "c_x", "outcome": "cancelled"})")
            .status == 200);
}

TEST_CASE("POST /v1/addin/token refuses every other Origin, none, null and configured add-in origins") {
  Server s(ServerOptions{true, false, R"({"host": {"allowed_origins": ["https://addin.example.com"]}})", {}});
  auto c = s.connect();
  const std::vector<std::vector<std::pair<std::string, std::string>>> refused = {
      {},
      {{"Origin", "null"}},
      {{"Origin", "https://evil.example"}},
      {{"Origin", "https://addin.example.com"}},
      {{"Origin", "http://127.0.0.1:" + std::to_string(s.port())}},
      {{"Origin", "https://localhost:" + std::to_string(s.port() == 1 ? 2 : s.port() - 1)}},
      {{"Origin", own_origin(s)}, {"Origin", own_origin(s)}},
  };
  for (const auto& headers : refused) {
    CAPTURE(headers.size());
    const HttpResponse r = c->request("POST", "/v1/addin/token", headers);
    CHECK(r.status == 403);
    CHECK(r.error_code() == "forbidden");
    CHECK(r.body.find(s.user_token()) == std::string::npos);
    CHECK_FALSE(r.header("Access-Control-Allow-Origin"));
  }
  // The configured add-in origin may call the API, just not fetch the token.
  CHECK(c->request("GET", "/v1/health", {{"Origin", "https://addin.example.com"}}).status == 200);
  // No body, no GET.
  HttpResponse r =
      c->request("POST", "/v1/addin/token", {{"Origin", own_origin(s)}, {"Content-Type", "application/json"}}, "{}");
  CHECK(r.status == 400);
  r = c->request("GET", "/v1/addin/token", {{"Origin", own_origin(s)}});
  CHECK(r.status == 405);
}

TEST_CASE("CORS on the add-in routes: the host's own and configured origins, nothing for a foreign one") {
  Server s(ServerOptions{true, false, R"({"host": {"allowed_origins": ["https://addin.example.com"]}})", {}});
  auto c = s.connect();
  const std::string own = own_origin(s);
  const auto preflight = [&](const std::string& target, const std::string& origin, const std::string& method) {
    return c->request("OPTIONS", target, {{"Origin", origin}, {"Access-Control-Request-Method", method}});
  };
  HttpResponse r = preflight("/v1/addin/token", own, "POST");
  CHECK(r.status == 204);
  CHECK(r.header("Access-Control-Allow-Origin") == own);
  CHECK(r.header("Access-Control-Allow-Methods") == "POST");
  // Only the host's own pages get the token, so a preflight from elsewhere is refused outright.
  for (const char* origin : {"https://addin.example.com", "https://evil.example"}) {
    r = preflight("/v1/addin/token", origin, "POST");
    CHECK(r.status == 403);
    CHECK_FALSE(r.header("Access-Control-Allow-Origin"));
  }
  for (const std::string target : {"/addin/outlook/icon-16.png", "/.well-known/microsoft-officeaddins-allowed.json"}) {
    CAPTURE(target);
    r = preflight(target, own, "GET");
    CHECK(r.status == 204);
    CHECK(r.header("Access-Control-Allow-Origin") == own);
    r = c->request("GET", target, {{"Origin", own}});
    CHECK(r.status == 200);
    CHECK(r.header("Access-Control-Allow-Origin") == own);
    CHECK(r.header("Vary") == "Origin");
    r = c->request("GET", target, {{"Origin", "https://addin.example.com"}});
    CHECK(r.status == 200);
    CHECK(r.header("Access-Control-Allow-Origin") == "https://addin.example.com");
    r = c->request("GET", target, {{"Origin", "https://evil.example"}});
    CHECK(r.status == 403);
    CHECK_FALSE(r.header("Access-Control-Allow-Origin"));
    r = preflight(target, "https://evil.example", "GET");
    CHECK(r.status == 403);
    CHECK_FALSE(r.header("Access-Control-Allow-Origin"));
  }
}

TEST_CASE("--verbose never logs the token handed to a page") {
  Server s(ServerOptions{true, true, {}, {}});
  auto c = s.connect();
  REQUIRE(c->request("POST", "/v1/addin/token", {{"Origin", own_origin(s, "127.0.0.1")}}).status == 200);
  c.reset();
  REQUIRE(s.stop() == 0);
  const std::string log = s.process().read_all_stderr();
  CHECK(log.find("POST /v1/addin/token 200") != std::string::npos);
  CHECK(log.find(s.user_token()) == std::string::npos);
}

// Needs root to run a client as another user; CI runs the tests as root (scripts/test). Outside
// root this test fails on purpose rather than skip: the check it proves would go unproved.
TEST_CASE("on Linux the token goes to the host's own user only: a client run as another user gets 403") {
  REQUIRE_MESSAGE(::geteuid() == 0, "this test must run as root (as CI does) to start a client as another user");
  Server s;
  const std::string url = "https://127.0.0.1:" + std::to_string(s.port()) + "/v1/addin/token";
  const std::vector<std::string> curl = {"/usr/bin/curl",
                                         "-s",
                                         "-o",
                                         "/dev/null",
                                         "-w",
                                         "%{http_code}",
                                         "-X",
                                         "POST",
                                         "--cacert",
                                         (s.data() / "ca.pem").string(),
                                         "-H",
                                         "Origin: " + own_origin(s, "127.0.0.1"),
                                         url};
  // The same client as the host's own user (root here) gets the token...
  auto own = sg::test::run(curl);
  CHECK_MESSAGE(own.out == "200", own.err);
  // ...and as nobody it does not. The CA file must be readable by nobody: copy it.
  sg::test::TempDir shared;
  fs::permissions(shared.path(), fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  const fs::path ca = shared.path() / "ca.pem";
  fs::copy_file(s.data() / "ca.pem", ca);
  fs::permissions(ca, fs::perms::owner_read | fs::perms::others_read);
  std::vector<std::string> as_nobody = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  as_nobody.insert(as_nobody.end(), curl.begin(), curl.end());
  for (std::size_t i = 0; i + 1 < as_nobody.size(); ++i) {
    if (as_nobody[i] == "--cacert") as_nobody[i + 1] = ca.string();
  }
  auto other = sg::test::run(as_nobody);
  CHECK_MESSAGE(other.out == "403", other.err);
}
