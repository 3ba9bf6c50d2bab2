// The real sendguard as Thunderbird runs it: length-prefixed JSON frames over real pipes, in both
// invocation forms, including oversized, truncated and malformed input.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fcntl.h>

#include <bit>
#include <boost/json.hpp>
#include <optional>

#include "host_limits.h"
#include "support/files.h"
#include "support/process.h"

namespace {

namespace json = boost::json;
using sg::test::Child;

// Framing written independently of the host's: little-endian (the byte order of our platforms).
static_assert(std::endian::native == std::endian::little, "these tests assume a little-endian host");

std::string le32(std::uint32_t n) {
  std::string h(4, '\0');
  for (std::size_t i = 0; i < 4; ++i) h[i] = static_cast<char>((n >> (8 * i)) & 0xffu);
  return h;
}

std::string frame(std::string_view body) {
  return le32(static_cast<std::uint32_t>(body.size())) + std::string(body);
}

// One reply frame, parsed; nullopt when the host closed stdout (or said nothing in time).
std::optional<json::object> read_reply(Child& c) {
  auto header = c.read_exact(4);
  if (!header) return std::nullopt;
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < 4; ++i) n |= std::uint32_t{static_cast<unsigned char>((*header)[i])} << (8 * i);
  REQUIRE(n <= sg::limits::kMaxNativeOutFrameBytes);
  auto body = c.read_exact(n);
  REQUIRE(body.has_value());
  return json::parse(*body).as_object();
}

json::object ask(Child& c, std::string_view request) {
  REQUIRE(c.write_stdin(frame(request)));
  auto reply = read_reply(c);
  REQUIRE(reply.has_value());
  return *reply;
}

std::string fixture(const char* name) {
  return sg::test::read_text(std::filesystem::path(SG_CLI_FIXTURES) / name);
}

std::string code_of(const json::object& reply) {
  return std::string(reply.at("error").at("code").as_string());
}

struct NativeHost {
  sg::test::TempDir dir;
  Child child;

  NativeHost()
      : child({sg::test::sendguard_binary(), "--data-dir", (dir.path() / "data").string(), "--config",
               (dir.path() / "profile.json").string(), "native-messaging"}) {}

  // Closes stdin and returns the exit status with everything written to stderr.
  std::pair<int, std::string> finish() {
    child.close_stdin();
    std::string out, err;
    child.read_both(out, err);
    CHECK(out.empty());  // nothing but whole frames, and all of them were read already
    const auto status = child.wait();
    REQUIRE(status.has_value());
    return {*status, err};
  }
};

}  // namespace

TEST_CASE("health over native messaging, then end of input ends the host with 0") {
  NativeHost h;
  const json::object r = ask(h.child, R"({"id": "7", "method": "health"})");
  CHECK(r.at("id") == "7");
  CHECK(r.at("result").at("status") == "ok");
  CHECK(r.at("result").at("version") == SG_VERSION);
  const auto [status, err] = h.finish();
  CHECK(status == 0);
}

#ifdef F_SETPIPE_SZ
TEST_CASE("the host widens its input pipe so a mail client writes a large draft in big pieces") {
  // Thunderbird's pipe writer copies the unwritten rest after each partial write; the default
  // 64 KiB pipe makes a 7 MB draft cost ~375 MB of copying.
  sg::test::TempDir dir;
  Child c({sg::test::sendguard_binary(), (dir.path() / "x.json").string(), "sendguard@example.org"},
          {"SENDGUARD_DATA_DIR=" + (dir.path() / "d").string()});
  CHECK(::fcntl(c.stdin_fd(), F_GETPIPE_SZ) == 64 * 1024);              // what the host was given
  const json::object r = ask(c, R"({"id": "p", "method": "health"})");  // the host has started
  CHECK(r.at("result").at("status") == "ok");
  CHECK(::fcntl(c.stdin_fd(), F_GETPIPE_SZ) >= 1024 * 1024);
  c.close_stdin();
  CHECK(c.wait() == std::optional<int>(0));
}
#endif

TEST_CASE("the Thunderbird form <manifest> <extension id> runs the same host in SENDGUARD_DATA_DIR") {
  sg::test::TempDir dir;
  const auto data = dir.path() / "tb-data";
  Child c({sg::test::sendguard_binary(), (dir.path() / "manifest.json").string(), "sendguard@example.org"},
          {"SENDGUARD_DATA_DIR=" + data.string(), "SENDGUARD_CONFIG=" + (dir.path() / "profile.json").string()});
  const json::object r = ask(c, R"({"id": "tb-1", "method": "health"})");
  CHECK(r.at("id") == "tb-1");
  CHECK(r.at("result").at("status") == "ok");
  const json::object v =
      ask(c, json::serialize(json::object{
                 {"id", "tb-2"}, {"method", "check"}, {"params", json::parse(fixture("one_external.json"))}}));
  CHECK(v.at("result").at("action") == "confirm");
  c.close_stdin();
  CHECK(c.wait() == std::optional<int>(0));
  // The same data directory as the HTTP host: the tokens were made there.
  CHECK(std::filesystem::exists(data / "token"));
}

TEST_CASE("native-messaging accepts the manifest path and extension id a mail client appends") {
  sg::test::TempDir dir;
  Child c({sg::test::sendguard_binary(), "--data-dir", (dir.path() / "data").string(), "--config",
           (dir.path() / "profile.json").string(), "native-messaging", (dir.path() / "manifest.json").string(),
           "sendguard@example.org"});
  const json::object r = ask(c, R"({"id": "a", "method": "health"})");
  CHECK(r.at("result").at("status") == "ok");
  c.close_stdin();
  CHECK(c.wait() == std::optional<int>(0));
}

TEST_CASE("the Thunderbird form uses the profile at SENDGUARD_CONFIG") {
  sg::test::TempDir dir;
  sg::test::write_text(dir.path() / "profile.json",
                       R"({"thresholds": {"confirm": 0.5, "justify": 0.7, "block": 0.9}})");
  Child c({sg::test::sendguard_binary(), (dir.path() / "manifest.json").string(), "sendguard@example.org"},
          {"SENDGUARD_DATA_DIR=" + (dir.path() / "data").string(),
           "SENDGUARD_CONFIG=" + (dir.path() / "profile.json").string()});
  const json::object v =
      ask(c, json::serialize(json::object{
                 {"id", "p"}, {"method", "check"}, {"params", json::parse(fixture("one_external.json"))}}));
  CHECK(v.at("result").at("action") == "block");
}

TEST_CASE("a real example draft is checked over native messaging") {
  NativeHost h;
  const json::value draft = json::parse(fixture("example_recipient_external.json"));
  const json::object r =
      ask(h.child, json::serialize(json::object{{"id", "ex"}, {"method", "check"}, {"params", draft}}));
  REQUIRE(r.contains("result"));
  const json::object& v = r.at("result").as_object();
  CHECK(v.at("check_id").as_string().starts_with("c_"));
  CHECK(v.at("action") == "confirm");
  bool external = false;
  for (const auto& f : v.at("findings").as_array()) external |= f.at("id") == "recipient.external";
  CHECK(external);
  const auto& recipients = v.at("recipients").as_array();
  REQUIRE(recipients.size() == 1);
  CHECK(recipients[0].at("address") == "saito.daiki@wakaba-bussan.example");
  CHECK(recipients[0].at("internal") == false);
}

TEST_CASE("several requests on one connection are answered in order") {
  NativeHost h;
  const std::string draft = fixture("internal_only.json");
  std::string batch;
  batch += frame(R"({"id": "1", "method": "health"})");
  batch += frame(R"({"id": "2", "method": "check", "params": )" + draft + "}");
  batch += frame(R"({"id": "3", "method": "health"})");
  REQUIRE(h.child.write_stdin(batch));
  for (const char* id : {"1", "2", "3"}) {
    auto r = read_reply(h.child);
    REQUIRE(r.has_value());
    CHECK(r->at("id") == id);
    CHECK(r->contains("result"));
  }
  const auto [status, err] = h.finish();
  CHECK(status == 0);
}

TEST_CASE("bad JSON is answered with invalid_json and the next request still works") {
  NativeHost h;
  const json::object bad = ask(h.child, R"({"id": "1", "method": "health", SECRET-MARKER)");
  CHECK(bad.at("id").is_null());
  CHECK(code_of(bad) == "invalid_json");
  const json::object good = ask(h.child, R"({"id": "2", "method": "health"})");
  CHECK(good.at("id") == "2");
  CHECK(good.at("result").at("status") == "ok");
  const auto [status, err] = h.finish();
  CHECK(status == 0);
  CHECK(err.find("SECRET-MARKER") == std::string::npos);
}

TEST_CASE("unknown methods are not_found") {
  NativeHost h;
  const json::object unknown = ask(h.child, R"({"id": "u", "method": "reboot"})");
  CHECK(unknown.at("id") == "u");
  CHECK(code_of(unknown) == "not_found");
}

TEST_CASE("an envelope without id or method is invalid_request") {
  NativeHost h;
  const json::object no_id = ask(h.child, R"({"method": "health"})");
  CHECK(no_id.at("id").is_null());
  CHECK(code_of(no_id) == "invalid_request");
  const json::object no_method = ask(h.child, R"({"id": "n"})");
  CHECK(no_method.at("id") == "n");
  CHECK(code_of(no_method) == "invalid_request");
}

TEST_CASE("an invalid draft is invalid_request with a path into the request") {
  NativeHost h;
  const json::object r =
      ask(h.child, R"({"id": "b", "method": "check", "params": )" + fixture("bad_address.json") + "}");
  CHECK(code_of(r) == "invalid_request");
  CHECK(r.at("error").at("path") == "/params/to/1/address");
}

TEST_CASE("a header announcing more than the limit gets too_large, then the host exits without crashing") {
  NativeHost h;
  REQUIRE(h.child.write_stdin(le32(static_cast<std::uint32_t>(sg::limits::kMaxNativeInFrameBytes + 1))));
  auto r = read_reply(h.child);
  REQUIRE(r.has_value());
  CHECK(r->at("id").is_null());
  CHECK(code_of(*r) == "too_large");
  // The host stops on its own, without waiting for the announced body or for stdin to close.
  const auto status = h.child.wait();
  REQUIRE(status.has_value());
  CHECK(*status == 1);
}

TEST_CASE("the largest header value is refused the same way") {
  NativeHost h;
  REQUIRE(h.child.write_stdin(le32(0xFFFFFFFFu) + "{}"));
  auto r = read_reply(h.child);
  REQUIRE(r.has_value());
  CHECK(code_of(*r) == "too_large");
  CHECK(h.child.wait() == std::optional<int>(1));
}

TEST_CASE("a frame cut short in its body ends the host cleanly, answering nothing") {
  NativeHost h;
  REQUIRE(h.child.write_stdin(le32(100) + R"({"id": "t")"));
  const auto [status, err] = h.finish();
  CHECK(status == 1);
  CHECK(err.find("ended inside a frame") != std::string::npos);
}

TEST_CASE("a frame cut short in its header ends the host cleanly") {
  NativeHost h;
  REQUIRE(h.child.write_stdin(std::string("\x05\x00", 2)));
  const auto [status, err] = h.finish();
  CHECK(status == 1);
}

TEST_CASE("a host whose mail client went away exits instead of dying of SIGPIPE") {
  sg::test::TempDir dir;
  std::string batch;
  for (int i = 0; i < 200; ++i) batch += frame(R"({"id": "x", "method": "health"})");
  sg::test::write_text(dir.path() / "requests", batch);
  // `| true` leaves nobody reading the answers. The test process ignores SIGPIPE and children
  // inherit that, so env --default-signal restores the default the mail client would leave.
  const auto r = sg::test::run(
      {"/bin/bash", "-c",
       R"(env --default-signal=PIPE "$0" --data-dir "$1/data" --config "$1/profile.json" native-messaging )"
       R"(< "$1/requests" | true; exit "${PIPESTATUS[0]}")",
       sg::test::sendguard_binary(), dir.path().string()});
  CHECK(r.status == 1);  // 141 would be death by SIGPIPE
  CHECK(r.err.find("cannot write") != std::string::npos);
}

// `sendguard install thunderbird`: the manifest where Thunderbird 153 on Linux reads it (the
// end-to-end test proves Thunderbird really finds it there), and a launcher that really works.
namespace {

namespace fs = std::filesystem;

struct InstallHome {
  sg::test::TempDir dir;
  [[nodiscard]] fs::path home() const { return dir.path() / "home"; }
  [[nodiscard]] fs::path hosts() const { return home() / ".mozilla" / "native-messaging-hosts"; }
  [[nodiscard]] std::vector<std::string> env() const { return {"HOME=" + home().string(), "LC_ALL=en_US.UTF-8"}; }
  sg::test::RunResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), sg::test::sendguard_binary());
    return sg::test::run(std::move(args), env());
  }
};

json::object read_manifest(const fs::path& p) {
  return json::parse(sg::test::read_text(p)).as_object();
}

}  // namespace

TEST_CASE("install thunderbird: the per-user manifest names this sendguard, for our extension only") {
  InstallHome h;
  const auto r = h.run({"install", "thunderbird"});
  REQUIRE(r.status == 0);
  const fs::path manifest = h.hosts() / "sendguard.json";
  REQUIRE(fs::exists(manifest));
  const json::object m = read_manifest(manifest);
  CHECK(m.at("name") == "sendguard");
  CHECK(m.at("type") == "stdio");
  CHECK(fs::equivalent(fs::path(std::string(m.at("path").as_string())), sg::test::sendguard_binary()));
  CHECK(m.at("allowed_extensions") == json::array{"thunderbird@sendguard.example"});
  // Thunderbird runs as the user but an administrator may deploy for others: readable by all.
  CHECK((fs::status(manifest).permissions() & fs::perms::others_read) != fs::perms::none);
  CHECK(!fs::exists(h.hosts() / "sendguard-host"));
  CHECK(r.out.find(manifest.string()) != std::string::npos);
}

TEST_CASE("install thunderbird with --data-dir and --config: the launcher starts a host that uses them") {
  InstallHome h;
  const fs::path data = h.dir.path() / "data with 'quote";
  const fs::path profile = h.dir.path() / "profile.json";
  sg::test::write_text(profile, R"({"thresholds": {"confirm": 0.5, "justify": 0.7, "block": 0.9}})");
  REQUIRE(h.run({"--data-dir", data.string(), "--config", profile.string(), "install", "thunderbird"}).status == 0);
  const json::object m = read_manifest(h.hosts() / "sendguard.json");
  const fs::path launcher(std::string(m.at("path").as_string()));
  CHECK(launcher == h.hosts() / "sendguard-host");
  // Started as Thunderbird starts it: the manifest path and extension id as arguments.
  Child c({launcher.string(), (h.hosts() / "sendguard.json").string(), "thunderbird@sendguard.example"}, h.env());
  const json::object v =
      ask(c, json::serialize(json::object{
                 {"id", "l"}, {"method", "check"}, {"params", json::parse(fixture("one_external.json"))}}));
  CHECK(v.at("result").at("action") == "block");  // the profile's thresholds
  c.close_stdin();
  CHECK(c.wait() == std::optional<int>(0));
  CHECK(fs::exists(data / "token"));  // the data directory's files were made there

  // Installing again without options removes the launcher and names sendguard itself.
  REQUIRE(h.run({"install", "thunderbird"}).status == 0);
  CHECK(!fs::exists(launcher));
  CHECK(fs::equivalent(fs::path(std::string(read_manifest(h.hosts() / "sendguard.json").at("path").as_string())),
                       sg::test::sendguard_binary()));
}

TEST_CASE("uninstall thunderbird removes what install wrote; a second time there is nothing to do") {
  InstallHome h;
  REQUIRE(h.run({"--data-dir", (h.dir.path() / "d").string(), "install", "thunderbird"}).status == 0);
  REQUIRE(fs::exists(h.hosts() / "sendguard-host"));
  const auto r = h.run({"uninstall", "thunderbird"});
  CHECK(r.status == 0);
  CHECK(!fs::exists(h.hosts() / "sendguard.json"));
  CHECK(!fs::exists(h.hosts() / "sendguard-host"));
  const auto again = h.run({"uninstall", "thunderbird"});
  CHECK(again.status == 0);
  CHECK(again.out.find("Nothing was registered") != std::string::npos);
}

TEST_CASE("install thunderbird --print writes nothing; a missing --host program is bad input") {
  InstallHome h;
  const auto printed = h.run({"install", "thunderbird", "--print", "--host", sg::test::sendguard_binary()});
  CHECK(printed.status == 0);
  CHECK(json::parse(printed.out).at("name") == "sendguard");
  CHECK(!fs::exists(h.hosts()));
  const auto missing = h.run({"install", "thunderbird", "--host", (h.dir.path() / "nope").string()});
  CHECK(missing.status == 2);
  CHECK(missing.err.find("[invalid_request]") != std::string::npos);
  CHECK(!fs::exists(h.hosts()));
  // Without a home there is no per-user place: a clear failure, not a file in the current directory.
  const auto homeless = sg::test::run({sg::test::sendguard_binary(), "install", "thunderbird"}, {"HOME=", "LC_ALL=C"});
  CHECK(homeless.status == 1);
}
