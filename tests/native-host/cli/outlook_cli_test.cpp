// `sendguard outlook manifest`: the templates' substitution and escaping (in-process), and the real
// binary writing the XML manifest and the app package that bsdtar and 7-Zip read, with the add-in
// id kept in the data directory and the send mode taken from the profile. The manifests' schema
// checks are in tests/web-ui/outlook/manifest.test.mjs, which runs this binary.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "outlook/manifest.h"
#include "outlook/stored_zip.h"
#include "support/files.h"
#include "support/process.h"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace sg::outlook;

namespace {

constexpr const char* kGuid = "6f1d2a4e-3b5c-4d7e-8f90-a1b2c3d4e5f6";

struct Cli {
  sg::test::TempDir dir;
  [[nodiscard]] fs::path data() const { return dir.path() / "data"; }
  [[nodiscard]] fs::path profile() const { return dir.path() / "profile.json"; }
  sg::test::RunResult run(std::vector<std::string> args, std::string lang = "en_US.UTF-8") const {
    std::vector<std::string> argv = {sg::test::sendguard_binary(), "--data-dir", data().string(), "--config",
                                     profile().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return sg::test::run(std::move(argv), {"LC_ALL=" + lang});
  }
};

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// A member of a ZIP as bsdtar extracts it.
std::string zip_member(const fs::path& zip, const std::string& name) {
  const auto r = sg::test::run({"/usr/bin/bsdtar", "-xOf", zip.string(), name});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return r.out;
}

std::set<std::string> zip_names(const fs::path& zip) {
  const auto r = sg::test::run({"/usr/bin/bsdtar", "-tf", zip.string()});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  std::set<std::string> names;
  std::size_t pos = 0;
  while (pos < r.out.size()) {
    const std::size_t eol = r.out.find('\n', pos);
    names.insert(r.out.substr(pos, eol - pos));
    pos = eol == std::string::npos ? r.out.size() : eol + 1;
  }
  return names;
}

}  // namespace

TEST_CASE("placeholders: each replaced and escaped for its file; unknown and unclosed ones are errors") {
  const Placeholders values = {{"A", "x&<>\"'y"}, {"B", "日本\n\"q\""}};
  auto xml = render_template("<a v=\"{{A}}\">{{B}}</a>", values, Escaping::xml);
  REQUIRE(xml.ok());
  CHECK(*xml == "<a v=\"x&amp;&lt;&gt;&quot;&apos;y\">日本\n&quot;q&quot;</a>");
  auto js = render_template("{\"a\": \"{{A}}\", \"b\": \"{{B}}\"}", values, Escaping::json);
  REQUIRE(js.ok());
  CHECK(json::parse(*js) == json::parse(R"({"a": "x&<>\"'y", "b": "日本\n\"q\""})"));

  for (const char* bad : {"{{C}}", "{{ A }}", "{{A", "{{A}", "x {{A}} {{", "{{{{A}}}}", "{{}}"}) {
    CAPTURE(bad);
    auto out = render_template(bad, values, Escaping::xml);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().code == sg::ErrorCode::internal);
  }
  CHECK(render_template("no placeholders } { }}", values, Escaping::xml).ok());
}

TEST_CASE("the values a user gives are checked: origin, add-in id, send mode, display name") {
  const ManifestValues good{"HTTPS://LocalHost:50123/", kGuid, "0.1.0", "block", "SendGuard"};
  auto v = validated(good);
  REQUIRE(v.ok());
  CHECK(v->origin == "https://localhost:50123");
  CHECK(validated(ManifestValues{"https://127.0.0.1:47120", kGuid, "0.1.0", "prompt-user", "送信チェック"}).ok());
  const auto refused = [&](auto edit) {
    ManifestValues m = good;
    edit(m);
    return !validated(m).ok();
  };
  CHECK(refused([](ManifestValues& m) { m.origin = "http://localhost:47120"; }));
  CHECK(refused([](ManifestValues& m) { m.origin = "https://addin.example.com"; }));
  CHECK(refused([](ManifestValues& m) { m.origin = "https://localhost:47120/addin"; }));
  CHECK(refused([](ManifestValues& m) { m.addin_id = "sendguard"; }));
  CHECK(refused([](ManifestValues& m) { m.addin_id = "6f1d2a4e-3b5c-4d7e-8f90-a1b2c3d4e5fg"; }));
  CHECK(refused([](ManifestValues& m) { m.send_mode = "SoftBlock"; }));
  CHECK(refused([](ManifestValues& m) { m.display_name = ""; }));
  CHECK(refused([](ManifestValues& m) { m.display_name = std::string(31, 'S'); }));
  CHECK(refused([](ManifestValues& m) { m.display_name = "Send\nGuard"; }));
  CHECK_FALSE(refused([](ManifestValues& m) { m.display_name = std::string(30, 'S'); }));
  CHECK_FALSE(refused([](ManifestValues& m) { m.version = "10.0.99999"; }));
  for (const char* version : {"1.2", "1.2.3.4", "01.2.3", "1.2.x", "1..3", "1.2.100000", ""}) {
    CAPTURE(version);
    CHECK(refused([&](ManifestValues& m) { m.version = version; }));
  }
}

TEST_CASE("the stored ZIP writer's archive is read by bsdtar and tested by 7-Zip") {
  const std::string big(70000, 'x');
  auto zip = stored_zip({{"a.json", "{}"}, {"dir/b.bin", std::string_view("\0\1\2", 3)}, {"empty", ""}, {"big", big}});
  REQUIRE(zip.ok());
  sg::test::TempDir dir;
  const fs::path file = dir.path() / "t.zip";
  sg::test::write_text(file, *zip);
  CHECK(zip_names(file) == std::set<std::string>{"a.json", "dir/b.bin", "empty", "big"});
  CHECK(zip_member(file, "dir/b.bin") == std::string("\0\1\2", 3));
  CHECK(zip_member(file, "big") == big);
  const auto t = sg::test::run({"/usr/bin/7zz", "t", file.string()});
  CHECK_MESSAGE(t.status == 0, t.out);
  auto again =
      stored_zip({{"a.json", "{}"}, {"dir/b.bin", std::string_view("\0\1\2", 3)}, {"empty", ""}, {"big", big}});
  CHECK(*again == *zip);  // the same input gives the same bytes
}

TEST_CASE("outlook manifest: XML on stdout with the stored add-in id, the same id every time") {
  Cli cli;
  const auto first = cli.run({"outlook", "manifest"});
  REQUIRE_MESSAGE(first.status == 0, first.err);
  CHECK(first.out.starts_with("<?xml"));
  CHECK(contains(first.out, "<DisplayName DefaultValue=\"SendGuard\">"));
  CHECK(contains(first.out, "SendMode=\"SoftBlock\""));
  CHECK(contains(first.out, "https://localhost:47120/addin/outlook/launchevent.js"));
  CHECK(contains(first.out, "<Version>" SG_VERSION ".0</Version>"));
  CHECK_FALSE(contains(first.out, "{{"));
  const std::string id = sg::test::read_text(cli.data() / "outlook-addin-id");
  REQUIRE(id.size() == 37);
  CHECK(is_guid(id.substr(0, 36)));
  CHECK(id[14] == '4');  // a random (version 4) GUID
  CHECK(contains(first.out, "<Id>" + id.substr(0, 36) + "</Id>"));
  const auto second = cli.run({"outlook", "manifest"});
  CHECK(second.out == first.out);
  // Another data directory is another deployment: another id.
  Cli other;
  CHECK(other.run({"outlook", "manifest"}).out != first.out);
}

TEST_CASE("outlook manifest: --send-mode, --origin, --addin-id and -o; the profile's send mode by default") {
  Cli cli;
  sg::test::write_text(cli.profile(), R"({"outlook": {"send_mode": "block"}})");
  auto r = cli.run({"outlook", "manifest", "--send-mode", "prompt-user", "--origin", "https://127.0.0.1:50123",
                    "--addin-id", kGuid, "-o", (cli.dir.path() / "m.xml").string()});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string xml = sg::test::read_text(cli.dir.path() / "m.xml");
  CHECK(contains(xml, "SendMode=\"PromptUser\""));
  CHECK(contains(xml, std::string("<Id>") + kGuid + "</Id>"));
  CHECK(contains(xml, "<AppDomain>https://127.0.0.1:50123</AppDomain>"));
  CHECK_FALSE(contains(xml, "47120"));
  CHECK(contains(r.out, "m.xml"));
  r = cli.run({"outlook", "manifest", "--addin-id", kGuid, "--manifest-version", "2.0.7"});
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "<Version>2.0.7.0</Version>"));
  CHECK_FALSE(fs::exists(cli.data() / "outlook-addin-id"));  // --addin-id: nothing stored

  r = cli.run({"outlook", "manifest"});
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "SendMode=\"Block\""));
}

TEST_CASE("outlook manifest --format json: the app package with manifest.json, ja-jp.json and the two icons") {
  Cli cli;
  const fs::path zip = cli.dir.path() / "sendguard-outlook.zip";
  const auto r = cli.run({"outlook", "manifest", "--format", "json", "--addin-id", kGuid, "--out", zip.string()});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(zip_names(zip) == std::set<std::string>{"manifest.json", "ja-jp.json", "icon-192.png", "icon-outline-32.png"});
  const json::value manifest = json::parse(zip_member(zip, "manifest.json"));
  CHECK(manifest.at("id") == kGuid);
  CHECK(manifest.at("version") == SG_VERSION);
  CHECK(manifest.at("extensions").at(0).at("autoRunEvents").at(0).at("events").at(0).at("options").at("sendMode") ==
        "softBlock");
  CHECK(json::parse(zip_member(zip, "ja-jp.json")).at("name.short") == "SendGuard");
  const fs::path icons = fs::path(SG_SOURCE_DIR) / "web-ui" / "outlook";
  CHECK(zip_member(zip, "icon-192.png") == sg::test::read_text(icons / "icon-192.png"));
  CHECK(zip_member(zip, "icon-outline-32.png") == sg::test::read_text(icons / "icon-outline-32.png"));
  const auto t = sg::test::run({"/usr/bin/7zz", "t", zip.string()});
  CHECK_MESSAGE(t.status == 0, t.out);
}

TEST_CASE("outlook manifest: bad input is exit 2 with the option named, in Japanese or English") {
  Cli cli;
  struct Case {
    std::vector<std::string> args;
    std::string_view says;
  };
  const std::vector<Case> cases = {
      {{"--origin", "https://example.com"}, "--origin"},
      {{"--origin", "http://localhost:47120"}, "--origin"},
      {{"--addin-id", "not-a-guid"}, "--addin-id"},
      {{"--display-name", std::string(31, 'x')}, "--display-name"},
      {{"--send-mode", "SoftBlock"}, "--send-mode"},
      {{"--format", "yaml"}, "--format"},
      {{"--format", "json"}, "-o FILE"},
      {{"--manifest-version", "1.2"}, "--manifest-version"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"outlook", "manifest"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CAPTURE(c.args.back());
    const auto r = cli.run(args);
    CHECK(r.status == 2);
    CHECK(contains(r.err, c.says));
    CHECK(r.out.empty());
  }
  const auto ja = cli.run({"outlook", "manifest", "--addin-id", "x"}, "ja_JP.UTF-8");
  CHECK(ja.status == 2);
  CHECK(contains(ja.err, "GUID（"));
  // A broken installed profile is named when the send mode must come from it.
  sg::test::write_text(cli.profile(), R"({"outlook": {"send_mode": "sometimes"}})");
  auto r = cli.run({"outlook", "manifest"});
  CHECK(r.status == 2);
  CHECK(contains(r.err, "/outlook/send_mode"));
  r = cli.run({"outlook", "manifest", "--send-mode", "block"});
  CHECK(r.status == 0);
}

TEST_CASE("a damaged outlook-addin-id is an error, never silently replaced by a new id") {
  Cli cli;
  sg::test::write_text(cli.data() / "outlook-addin-id", "garbage\n");
  const auto r = cli.run({"outlook", "manifest"});
  CHECK(r.status == 1);
  CHECK(contains(r.err, "outlook-addin-id"));
  CHECK(sg::test::read_text(cli.data() / "outlook-addin-id") == "garbage\n");
}
