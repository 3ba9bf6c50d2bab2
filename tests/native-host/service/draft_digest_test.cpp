// draft_digest: the same draft gives the same digest in every call and every host process; a
// change to any field it covers gives another; it is in the verdict of HTTP, native messaging
// and `check --json` alike.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

#include "http/router.h"
#include "nm/envelope.h"
#include "service/api.h"
#include "support/files.h"
#include "wire/draft_digest.h"
#include "wire/draft_json.h"

namespace json = boost::json;

namespace {

const char* const kDraft = R"({
  "client": {"name": "outlook", "version": "1.0"},
  "locale": "en",
  "from": {"name": "Yamada Taro", "address": "yamada@corp.example"},
  "to": ["Sato Hanako <sato@client-a.example>", "suzuki@client-b.example"],
  "cc": [{"name": "Tanaka", "address": "tanaka@corp.example"}],
  "bcc": [],
  "subject": "Quotation",
  "body": {"text": "Dear Ms Sato,\n\nPlease find our quotation attached.\n"},
  "attachments": [{"name": "quote.pdf", "content_type": "application/pdf", "content_base64": "JVBERi0xLjQK"},
                  {"name": "terms.txt", "content_type": "text/plain", "size": 1200}],
  "compose_type": "new",
  "original_recipients": []
})";

json::object base() {
  return json::parse(kDraft).as_object();
}

std::string digest_of(const json::object& doc) {
  auto draft = sg::wire::draft_from_json(doc);
  REQUIRE(draft.ok());
  return sg::wire::draft_digest(*draft);
}

bool is_lower_hex_sha256(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

TEST_CASE("the digest is lower-case hex SHA-256 and the same for the same draft") {
  const std::string d = digest_of(base());
  CHECK(is_lower_hex_sha256(d));
  CHECK(digest_of(base()) == d);
  // Keys the digest does not cover, key order, and the address form do not change it.
  json::object same = base();
  same["locale"] = "ja";
  same["client"] = json::object{{"name", "thunderbird"}};
  same["original_recipients"] = json::array{"x@y.example"};
  same["to"].as_array()[0] = json::object{{"name", "Sato Hanako"}, {"address", "sato@client-a.example"}};
  CHECK(digest_of(same) == d);
}

TEST_CASE("every field the digest covers changes it") {
  const std::string d = digest_of(base());
  const std::vector<std::pair<const char*, std::function<void(json::object&)>>> edits = {
      {"from address", [](json::object& o) { o["from"].as_object()["address"] = "yamada2@corp.example"; }},
      {"from name", [](json::object& o) { o["from"].as_object()["name"] = "Yamada T."; }},
      {"no from", [](json::object& o) { o.erase("from"); }},
      {"a To added", [](json::object& o) { o["to"].as_array().emplace_back("kim@client-c.example"); }},
      {"To order", [](json::object& o) { std::swap(o["to"].as_array()[0], o["to"].as_array()[1]); }},
      {"To display name", [](json::object& o) { o["to"].as_array()[0] = "Sato H. <sato@client-a.example>"; }},
      {"To address case", [](json::object& o) { o["to"].as_array()[1] = "Suzuki@client-b.example"; }},
      {"To moved to Bcc",
       [](json::object& o) {
         o["bcc"].as_array().push_back(o["to"].as_array()[1]);
         o["to"].as_array().erase(o["to"].as_array().begin() + 1);
       }},
      {"Cc moved to To",
       [](json::object& o) {
         o["to"].as_array().push_back(o["cc"].as_array()[0]);
         o["cc"].as_array().clear();
       }},
      {"subject", [](json::object& o) { o["subject"] = "Quotation (revised)"; }},
      {"body text", [](json::object& o) { o["body"].as_object()["text"] = "Dear Ms Sato,\n"; }},
      {"body html added", [](json::object& o) { o["body"].as_object()["html"] = "<p>Dear Ms Sato</p>"; }},
      {"empty text instead of none",
       [](json::object& o) {
         o["body"] = json::object{{"html", "<p>x</p>"}, {"text", ""}};
       }},
      {"compose type", [](json::object& o) { o["compose_type"] = "forward"; }},
      {"attachment name", [](json::object& o) { o["attachments"].as_array()[0].as_object()["name"] = "quote2.pdf"; }},
      {"attachment type",
       [](json::object& o) { o["attachments"].as_array()[0].as_object()["content_type"] = "application/x-pdf"; }},
      {"attachment content",
       [](json::object& o) { o["attachments"].as_array()[0].as_object()["content_base64"] = "JVBERi0xLjUK"; }},
      {"attachment size", [](json::object& o) { o["attachments"].as_array()[1].as_object()["size"] = 1201; }},
      {"content sent where there was none",
       [](json::object& o) { o["attachments"].as_array()[1].as_object()["content_base64"] = "eA=="; }},
      {"attachment removed", [](json::object& o) { o["attachments"].as_array().pop_back(); }},
      {"attachments swapped",
       [](json::object& o) { std::swap(o["attachments"].as_array()[0], o["attachments"].as_array()[1]); }},
  };
  std::vector<std::string> seen = {d};
  for (const auto& [what, edit] : edits) {
    CAPTURE(what);
    json::object changed = base();
    edit(changed);
    const std::string e = digest_of(changed);
    CHECK(e != d);
    CHECK(std::find(seen.begin(), seen.end(), e) == seen.end());
    seen.push_back(e);
  }
}

TEST_CASE("values cannot run into each other: moving bytes between fields changes the digest") {
  json::object a = base();
  a["subject"] = "ab";
  a["body"] = json::object{{"text", "c"}};
  json::object b = base();
  b["subject"] = "a";
  b["body"] = json::object{{"text", "bc"}};
  CHECK(digest_of(a) != digest_of(b));
}

TEST_CASE("every verdict carries the digest: HTTP, native messaging and check_verdict agree across Api instances") {
  sg::test::TempDir dir;
  const sg::HostConfig config{dir.path() / "data", dir.path() / "profile.json"};
  auto first = sg::Api::open(config);
  REQUIRE(first.ok());
  const std::string expected = digest_of(base());

  const sg::Reply http_like = (*first)->check(base());
  REQUIRE(http_like.status == 200);
  CHECK(http_like.body.at("draft_digest") == json::value(expected));

  const json::object envelope{{"id", "1"}, {"method", "check"}, {"params", base()}};
  const json::value nm = json::parse(sg::nm::answer(**first, json::serialize(envelope)));
  CHECK(nm.at("result").at("draft_digest") == json::value(expected));

  auto checked = (*first)->check_verdict(base());
  REQUIRE(checked.ok());
  CHECK(checked->draft_digest == expected);
  CHECK(checked->verdict.check_id != http_like.body.at("check_id").as_string());  // a new check, the same draft

  first->reset();
  auto second = sg::Api::open(config);
  REQUIRE(second.ok());
  CHECK((*second)->check(base()).body.at("draft_digest") == json::value(expected));

  // Through the router too.
  sg::http::Request req{boost::beast::http::verb::post, "/v1/check", 11};
  req.set(boost::beast::http::field::host, "127.0.0.1:47120");
  req.set(boost::beast::http::field::authorization, "Bearer " + (*second)->tokens().user());
  req.set(boost::beast::http::field::content_type, "application/json");
  req.body() = json::serialize(base());
  req.prepare_payload();
  const auto res = sg::http::route(req, **second, sg::http::RouteContext{47120, true, {}});
  REQUIRE(res.result_int() == 200);
  CHECK(json::parse(res.body()).at("draft_digest") == json::value(expected));
}
