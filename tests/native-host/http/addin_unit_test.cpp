// The add-in's building blocks without the server: the compiled-in files match web-ui, names and
// types, validators, the SG_HOST_CONFIG rewrite of launchevent.js, and the Linux lookup of who
// owns the client end of a loopback connection (on real sockets of this process).
#include <doctest/doctest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <string>

#include "outlook/addin_files.h"
#include "outlook/embedded_files.h"
#include "platform/peer_user.h"
#include "support/files.h"

namespace fs = std::filesystem;
namespace json = boost::json;
namespace asio = boost::asio;
using asio::ip::tcp;
using namespace sg::outlook;

namespace {

const fs::path kSource(SG_SOURCE_DIR);

const ScriptSettings kSettings{"https://localhost:47120", "block", "open", 45};

bool servable_type(const fs::path& p) {
  return content_type_of(p.filename().string()).has_value();
}

// The two ends of an accepted loopback connection, as the server sees them.
sg::platform::TcpConnection server_view(const tcp::socket& accepted) {
  const auto local = accepted.local_endpoint();
  const auto peer = accepted.remote_endpoint();
  return {local.address().to_string(), local.port(), peer.address().to_string(), peer.port()};
}

}  // namespace

TEST_CASE("the compiled-in files are exactly the servable files of web-ui/outlook and web-ui/dialog") {
  std::map<std::string, std::string> embedded;
  for (const EmbeddedFile& f : embedded_addin_files()) {
    embedded[std::string(f.folder) + "/" + std::string(f.name)] = std::string(f.bytes);
  }
  std::map<std::string, std::string> on_disk;
  for (const char* folder : {"outlook", "dialog"}) {
    for (const auto& e : fs::directory_iterator(kSource / "web-ui" / folder)) {
      if (e.is_regular_file() && servable_type(e.path())) {
        on_disk[std::string(folder) + "/" + e.path().filename().string()] = sg::test::read_text(e.path());
      }
    }
  }
  // Equal contents too: a stale table (a file changed, the table not regenerated) fails here.
  CHECK(embedded == on_disk);
  CHECK(embedded.count("outlook/icon-192.png") == 1);
  CHECK(embedded.count("dialog/dialog.js") == 1);
  CHECK(embedded.count("outlook/README.md") == 0);
}

TEST_CASE("the compiled-in manifest templates are addin-manifest/outlook/*.in as they are") {
  std::map<std::string, std::string> embedded;
  for (const EmbeddedFile& f : embedded_manifest_templates()) embedded[std::string(f.name)] = std::string(f.bytes);
  std::map<std::string, std::string> on_disk;
  for (const auto& e : fs::directory_iterator(kSource / "addin-manifest" / "outlook")) {
    if (e.path().extension() == ".in") on_disk[e.path().filename().string()] = sg::test::read_text(e.path());
  }
  CHECK(embedded == on_disk);
  CHECK(embedded.size() == 3);
}

TEST_CASE("servable names: letters, digits, dot, underscore, hyphen; never hidden, never a path") {
  for (const char* ok : {"taskpane.html", "icon-16.png", "launch_event.v2.js", "a"}) {
    CAPTURE(ok);
    CHECK(is_servable_name(ok));
  }
  for (const char* bad : {"", ".", "..", ".hidden", "../token", "a/b", "a\\b", "a b.js", "%2e%2e", "é.js", "a:b"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_servable_name(bad));
  }
  CHECK(content_type_of("taskpane.html") == "text/html; charset=utf-8");
  CHECK(content_type_of("launchevent.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_of("dialog.CSS") == "text/css; charset=utf-8");
  CHECK(content_type_of("icon-16.png") == "image/png");
  CHECK(content_type_of("manifest.json") == "application/json; charset=utf-8");
  CHECK_FALSE(content_type_of("README.md"));
  CHECK_FALSE(content_type_of(".js"));
  CHECK_FALSE(content_type_of("archive.zip"));
  CHECK(is_addin_folder("outlook"));
  CHECK(is_addin_folder("dialog"));
  CHECK_FALSE(is_addin_folder("thunderbird"));
}

TEST_CASE("find_addin_file: embedded bytes with a strong ETag; unknown folders, names and types are none") {
  auto icon = find_addin_file("outlook", "icon-16.png", {}, kSettings);
  REQUIRE(icon.ok());
  REQUIRE(icon->has_value());
  CHECK((*icon)->bytes == sg::test::read_text(kSource / "web-ui" / "outlook" / "icon-16.png"));
  CHECK((*icon)->content_type == "image/png");
  CHECK((*icon)->etag == etag_of((*icon)->bytes));
  for (const auto& [folder, name] : std::vector<std::pair<std::string, std::string>>{{"outlook", "nope.png"},
                                                                                     {"thunderbird", "manifest.json"},
                                                                                     {"outlook", "README.md"},
                                                                                     {"outlook", "../x.js"}}) {
    CAPTURE(name);
    auto none = find_addin_file(folder, name, {}, kSettings);
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
  }
}

TEST_CASE("ETags: 128 bits of SHA-256, quoted; If-None-Match lists, weak tags and * match") {
  const std::string tag = etag_of("hello");
  CHECK(tag == "\"2cf24dba5fb0a30e26e83b2ac5b9e29e\"");
  CHECK(etag_of("hello!") != tag);
  CHECK(etag_matches(tag, tag));
  CHECK(etag_matches("W/" + tag, tag));
  CHECK(etag_matches("\"x\", " + tag + " ,\"y\"", tag));
  CHECK(etag_matches("*", tag));
  CHECK_FALSE(etag_matches("", tag));
  CHECK_FALSE(etag_matches("\"x\"", tag));
  CHECK_FALSE(etag_matches(tag.substr(1, tag.size() - 2), tag));  // unquoted
}

TEST_CASE("SG_HOST_CONFIG: the one marker line gets the settings as JSON; the rest is left byte for byte") {
  const std::string script =
      "'use strict';\r\n"
      "const SG_HOST_CONFIG = {\"origin\": \"https://example.invalid\"};\r\n"
      "  const SG_HOST_CONFIG_NOTE = 1; // not the marker: indented, other name\r\n"
      "export {};";
  auto out = write_script_settings(script, kSettings);
  REQUIRE(out.ok());
  CHECK(*out ==
        "'use strict';\r\n"
        "const SG_HOST_CONFIG = {\"origin\":\"https://localhost:47120\",\"send_mode\":\"block\",\"fail_mode\":\"open\","
        "\"host_timeout_seconds\":45};\r\n"
        "  const SG_HOST_CONFIG_NOTE = 1; // not the marker: indented, other name\r\n"
        "export {};");
  // A value that would break out of the string is escaped by the JSON writer.
  ScriptSettings odd = kSettings;
  odd.origin = "https://x\"};alert(1);//";
  auto escaped = write_script_settings("const SG_HOST_CONFIG = {};\n", odd);
  REQUIRE(escaped.ok());
  CHECK(escaped->find("\\\"};alert(1);//") != std::string::npos);
}

TEST_CASE("SG_HOST_CONFIG: no marker line, two of them, or one not ending in ';' is an error") {
  for (const char* script :
       {"", "function f() {}\n", "const SG_HOST_CONFIG = {};\nconst SG_HOST_CONFIG = {};\n",
        "const SG_HOST_CONFIG = {}\n", "const SG_HOST_CONFIG = {}; // trailing\n", " const SG_HOST_CONFIG = {};\n"}) {
    CAPTURE(script);
    auto out = write_script_settings(script, kSettings);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().code == sg::ErrorCode::internal);
  }
  // A trailing space after the ';' is tolerated: editors leave them.
  CHECK(write_script_settings("const SG_HOST_CONFIG = {};  \n", kSettings).ok());
}

TEST_CASE("who owns the client end of a loopback connection: this process's sockets are this user's") {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  SUBCASE("an IPv4 client (/proc/net/tcp)") {
    tcp::socket client(ioc);
    client.connect(acceptor.local_endpoint());
    tcp::socket accepted = acceptor.accept();
    CHECK(sg::platform::tcp_peer_user(server_view(accepted)) == sg::platform::PeerUser::same);
    // A port nobody is connected from is not a client of ours.
    sg::platform::TcpConnection gone = server_view(accepted);
    gone.peer_port = static_cast<std::uint16_t>(gone.peer_port == 65535 ? 1 : gone.peer_port + 1);
    CHECK(sg::platform::tcp_peer_user(gone) == sg::platform::PeerUser::other);
  }
  SUBCASE("a dual-stack IPv6 client reaching 127.0.0.1 (/proc/net/tcp6, ::ffff:127.0.0.1)") {
    tcp::socket client(ioc);
    client.open(tcp::v6());
    client.set_option(asio::ip::v6_only(false));
    client.connect(tcp::endpoint(asio::ip::make_address("::ffff:127.0.0.1"), acceptor.local_endpoint().port()));
    tcp::socket accepted = acceptor.accept();
    CHECK(sg::platform::tcp_peer_user(server_view(accepted)) == sg::platform::PeerUser::same);
  }
  SUBCASE("addresses that are not addresses") {
    CHECK(sg::platform::tcp_peer_user({"nonsense", 1, "127.0.0.1", 2}) == sg::platform::PeerUser::other);
    CHECK(sg::platform::tcp_peer_user({"127.0.0.1", 1, "", 2}) == sg::platform::PeerUser::other);
  }
}
