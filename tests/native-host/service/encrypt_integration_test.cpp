// The encrypt operation through every door the host has: POST /v1/encrypt over HTTPS (by
// check_id and inline), `encrypt` + `archive_chunk` over native messaging (frames under 1 MiB),
// and `sendguard encrypt`. Every archive is opened by 7-Zip (and bsdtar) with the password the
// host returned; the audit log records the archive and never the password.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <random>

#include "host_limits.h"
#include "support/archive_tools.h"
#include "support/files.h"
#include "support/process.h"
#include "support/server.h"
#include "wire/base64.h"

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using sg::test::Headers;

Headers json_type() {
  return {{"Content-Type", "application/json"}};
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(gen() & 0xffu);
  return s;
}

// A draft to an outside address with the given attachments (name, bytes).
json::object draft_with(const std::vector<std::pair<std::string, std::string>>& files) {
  json::array attachments;
  for (const auto& [name, bytes] : files) {
    attachments.push_back(json::object{{"name", name}, {"content_base64", sg::wire::base64_encode(bytes)}});
  }
  return json::object{{"from", "山田 太郎 <yamada@corp.example>"},
                      {"to", json::array{"佐藤 花子 <sato@client-a.example>"}},
                      {"subject", "お見積り"},
                      {"body", json::object{{"text", "お見積りを添付します。"}}},
                      {"attachments", std::move(attachments)}};
}

std::string decode(const json::value& v) {
  auto bytes = sg::wire::base64_decode(v.as_string());
  REQUIRE(bytes);
  return *bytes;
}

}  // namespace

TEST_CASE("POST /v1/encrypt by check_id: 7-Zip and bsdtar open the archive with the returned password") {
  sg::test::Server s;
  auto c = s.connect();
  const std::string pdf = random_bytes(200 * 1024, 1);
  const std::string csv = "氏名,電話\n佐藤,03-0000-0000\n";
  const auto checked = c->request("POST", "/v1/check", s.user(json_type()),
                                  json::serialize(draft_with({{"見積書_クライアントA.pdf", pdf}, {"顧客.csv", csv}})));
  REQUIRE(checked.status == 200);
  const json::value verdict = checked.json();
  CHECK(verdict.at("attachments").at(0).at("encrypt_recommended") == true);
  const std::string id(verdict.at("check_id").as_string());

  const std::string request = json::serialize(json::object{{"check_id", id}});
  CHECK(c->request("POST", "/v1/encrypt", json_type(), request).status == 401);
  const auto r = c->request("POST", "/v1/encrypt", s.user(json_type()), request);
  REQUIRE(r.status == 200);
  const json::value answer = r.json();
  CHECK(answer.at("method") == "zip-aes256");
  const std::string password(answer.at("password").as_string());
  CHECK(password.size() >= 16);  // the profile's default length
  const json::value& archive = answer.at("archive");
  CHECK(archive.at("name") == "添付ファイル.zip");  // two files, the profile speaks Japanese
  CHECK(archive.at("content_type") == "application/zip");
  const std::string zip = decode(archive.at("content_base64"));
  CHECK(archive.at("size").to_number<std::size_t>() == zip.size());

  sg::test::TempDir work;
  const fs::path file = work.path() / "a.zip";
  sg::test::write_text(file, zip);
  for (const auto& x : {sg::test::extract_with_7zz(file, password, work.path()),
                        sg::test::extract_with_bsdtar(file, password, work.path())}) {
    CHECK(x.run.status == 0);
    CHECK(x.files.size() == 2);
    CHECK(x.files.at("見積書_クライアントA.pdf") == pdf);
    CHECK(x.files.at("顧客.csv") == csv);
  }
  CHECK(sg::test::extract_with_7zz(file, password + "x", work.path()).run.status != 0);

  // The re-check of a draft that carries the archive instead finds nothing to encrypt.
  json::object again = draft_with({{"添付ファイル.zip", zip}});
  const auto rechecked = c->request("POST", "/v1/check", s.user(json_type()), json::serialize(again));
  CHECK(rechecked.json().at("attachments").at(0).at("encrypted") == true);
  CHECK(rechecked.json().at("attachments").at(0).at("encrypt_recommended") == false);

  // The audit log knows an archive was made, of what, and its hash; never the password.
  const std::string log = sg::test::read_text(s.data() / "audit.jsonl");
  CHECK(log.find("\"kind\":\"encrypt\"") != std::string::npos);
  CHECK(log.find(std::string(archive.at("sha256").as_string())) != std::string::npos);
  CHECK(log.find(password) == std::string::npos);
}

TEST_CASE("POST /v1/encrypt names one attachment, takes attachments inline, and says what is wrong") {
  sg::test::Server s;
  auto c = s.connect();
  const auto checked = c->request("POST", "/v1/check", s.user(json_type()),
                                  json::serialize(draft_with({{"a.txt", "alpha"}, {"b.txt", "beta"}})));
  const std::string id(checked.json().at("check_id").as_string());

  const auto one = c->request("POST", "/v1/encrypt", s.user(json_type()),
                              json::serialize(json::object{{"check_id", id}, {"names", json::array{"b.txt"}}}));
  REQUIRE(one.status == 200);
  CHECK(one.json().at("archive").at("name") == "b.zip");
  CHECK(one.json().at("archive").at("entries").as_array().size() == 1);

  const auto inline_one =
      c->request("POST", "/v1/encrypt", s.user(json_type()),
                 R"({"attachments": [{"name": "報告書.docx", "content_base64": "aGVsbG8="}], "archive_name": "報告"})");
  REQUIRE(inline_one.status == 200);
  CHECK(inline_one.json().at("archive").at("name") == "報告.zip");
  sg::test::TempDir work;
  sg::test::write_text(work.path() / "i.zip", decode(inline_one.json().at("archive").at("content_base64")));
  const auto x = sg::test::extract_with_7zz(work.path() / "i.zip",
                                            std::string(inline_one.json().at("password").as_string()), work.path());
  CHECK(x.files.at("報告書.docx") == "hello");

  const auto unknown = c->request("POST", "/v1/encrypt", s.user(json_type()), R"({"check_id": "c_nope"})");
  CHECK(unknown.status == 404);
  CHECK(unknown.json().at("error").at("path") == "/check_id");
  const auto bad_name = c->request("POST", "/v1/encrypt", s.user(json_type()),
                                   json::serialize(json::object{{"check_id", id}, {"names", json::array{"c.txt"}}}));
  CHECK(bad_name.status == 400);
  CHECK(bad_name.json().at("error").at("path") == "/names/0");
  const auto no_content = c->request("POST", "/v1/encrypt", s.user(json_type()), R"({"attachments": [{"name": "x"}]})");
  CHECK(no_content.status == 400);
  CHECK(no_content.json().at("error").at("path") == "/attachments/0/content_base64");
  CHECK(c->request("POST", "/v1/encrypt", s.user(json_type()), "{}").status == 400);
}

namespace {

std::string le32(std::uint32_t n) {
  std::string h(4, '\0');
  for (std::size_t i = 0; i < 4; ++i) h[i] = static_cast<char>((n >> (8 * i)) & 0xffu);
  return h;
}

// One request and its answer over the host's stdin/stdout; checks the answer frame's size limit.
json::object ask(sg::test::Child& c, const json::object& request) {
  const std::string body = json::serialize(request);
  REQUIRE(c.write_stdin(le32(static_cast<std::uint32_t>(body.size())) + body));
  const auto header = c.read_exact(4);
  REQUIRE(header);
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < 4; ++i)
    n |= static_cast<std::uint32_t>(static_cast<unsigned char>((*header)[i])) << (8 * i);
  CHECK(n <= sg::limits::kMaxNativeOutFrameBytes);
  const auto reply = c.read_exact(n);
  REQUIRE(reply);
  return json::parse(*reply).as_object();
}

}  // namespace

TEST_CASE("native messaging: a 1.5 MB attachment's archive comes in chunks that stay under 1 MiB") {
  sg::test::TempDir dir;
  sg::test::Child c({sg::test::sendguard_binary(), "--data-dir", (dir.path() / "data").string(), "--config",
                     (dir.path() / "profile.json").string(), "native-messaging"});
  const std::string big = random_bytes(1536 * 1024, 7);
  const json::object checked =
      ask(c, {{"id", "1"}, {"method", "check"}, {"params", draft_with({{"measurements.bin", big}})}});
  const std::string id(checked.at("result").at("check_id").as_string());
  const json::object encrypted =
      ask(c, {{"id", "2"}, {"method", "encrypt"}, {"params", json::object{{"check_id", id}}}});
  const json::value& archive = encrypted.at("result").at("archive");
  CHECK(!archive.as_object().contains("content_base64"));
  const auto count = archive.at("chunk_count").to_number<std::size_t>();
  CHECK(count == (archive.at("size").to_number<std::size_t>() + sg::limits::kArchiveChunkBytes - 1) /
                     sg::limits::kArchiveChunkBytes);
  CHECK(count >= 3);
  std::string zip;
  for (std::size_t i = 0; i < count; ++i) {
    const json::object chunk =
        ask(c, {{"id", "c" + std::to_string(i)},
                {"method", "archive_chunk"},
                {"params", json::object{{"archive_id", archive.at("archive_id")}, {"index", i}}}});
    CHECK(chunk.at("result").at("index").to_number<std::size_t>() == i);
    CHECK(chunk.at("result").at("count").to_number<std::size_t>() == count);
    zip += decode(chunk.at("result").at("data_base64"));
  }
  CHECK(zip.size() == archive.at("size").to_number<std::size_t>());
  const json::object past =
      ask(c, {{"id", "p"},
              {"method", "archive_chunk"},
              {"params", json::object{{"archive_id", archive.at("archive_id")}, {"index", count}}}});
  CHECK(past.at("error").at("path") == "/params/index");
  c.close_stdin();
  CHECK(c.wait() == std::optional<int>(0));

  sg::test::write_text(dir.path() / "m.zip", zip);
  const auto x = sg::test::extract_with_7zz(dir.path() / "m.zip",
                                            std::string(encrypted.at("result").at("password").as_string()), dir.path());
  CHECK(x.run.status == 0);
  CHECK(x.files.at("measurements.bin") == big);
}

TEST_CASE("sendguard encrypt: prints a generated password alone on stdout; 7-Zip opens the archive") {
  sg::test::TempDir dir;
  const fs::path in = dir.path() / "見積書.txt";
  sg::test::write_text(in, "お見積り金額: 1,000,000 円\n");
  const fs::path out = dir.path() / "out.zip";
  const std::vector<std::string> base = {sg::test::sendguard_binary(),           "--data-dir",
                                         (dir.path() / "data").string(),         "--config",
                                         (dir.path() / "profile.json").string(), "encrypt"};
  auto args = base;
  args.insert(args.end(), {"-o", out.string(), in.string()});
  const auto r = sg::test::run(args, {"LC_ALL=en_US.UTF-8"});
  REQUIRE(r.status == 0);
  const std::string password = sg::test::trimmed(r.out);
  CHECK(password.size() == 16);
  CHECK(password.find_first_of("0O1lI") == std::string::npos);
  CHECK(r.err.find(password) == std::string::npos);
  CHECK(sg::test::extract_with_7zz(out, password, dir.path()).files.at("見積書.txt") == "お見積り金額: 1,000,000 円\n");

  // An existing output is kept unless --force; a missing input leaves no archive behind.
  const auto again = sg::test::run(args, {"LC_ALL=en_US.UTF-8"});
  CHECK(again.status == 2);
  auto missing = base;
  missing.insert(missing.end(), {"-o", (dir.path() / "m.zip").string(), (dir.path() / "nope.txt").string()});
  CHECK(sg::test::run(missing, {"LC_ALL=en_US.UTF-8"}).status == 2);
  CHECK(!fs::exists(dir.path() / "m.zip"));

  // --password-file: the first line is the password.
  sg::test::write_text(dir.path() / "pw", "Correct-Horse-7\n");
  auto given = base;
  given.insert(given.end(),
               {"--password-file", (dir.path() / "pw").string(), "--force", "-o", out.string(), in.string()});
  const auto g = sg::test::run(given, {"LC_ALL=en_US.UTF-8"});
  CHECK(g.status == 0);
  CHECK(g.out.empty());
  CHECK(sg::test::extract_with_bsdtar(out, "Correct-Horse-7", dir.path()).files.size() == 1);
}

TEST_CASE("the profile chooses the password's length and alphabet") {
  sg::test::Server s(
      {.profile = R"({"encryption": {"password_length": 24, "password_alphabet": "lowercase_digits"}})"});
  auto c = s.connect();
  const auto r = c->request("POST", "/v1/encrypt", s.user(json_type()),
                            R"({"attachments": [{"name": "a.txt", "content_base64": "YWJj"}]})");
  REQUIRE(r.status == 200);
  const std::string password(r.json().at("password").as_string());
  CHECK(password.size() == 24);
  CHECK(password.find_first_not_of("abcdefghjkmnpqrstuvwxyz23456789") == std::string::npos);
}
