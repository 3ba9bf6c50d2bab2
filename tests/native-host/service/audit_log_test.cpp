// The audit log: every record chains to the one before, appends from many writers keep one
// chain, and a line cut short by a crash does not break the next append.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "service/audit_log.h"
#include "support/files.h"

namespace json = boost::json;

namespace {

std::vector<json::object> records(const std::filesystem::path& file) {
  std::vector<json::object> out;
  std::istringstream in(sg::test::read_text(file));
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (!ec) out.push_back(v.as_object());
  }
  return out;
}

// Recomputes every hash and link; returns the index of the first broken record, or -1.
int first_broken(const std::vector<json::object>& recs) {
  std::string prev;
  for (std::size_t i = 0; i < recs.size(); ++i) {
    json::object r = recs[i];
    const std::string hash(r.at("hash").as_string());
    r.erase("hash");
    if (std::string(r.at("prev").as_string()) != prev || sg::audit_record_hash(prev, r) != hash ||
        r.at("seq").as_int64() != static_cast<std::int64_t>(i + 1)) {
      return static_cast<int>(i);
    }
    prev = hash;
  }
  return -1;
}

}  // namespace

TEST_CASE("records chain by hash and count up") {
  sg::test::TempDir dir;
  sg::AuditLog log(dir.path());
  for (int i = 0; i < 5; ++i) REQUIRE(log.append(json::object{{"kind", "decision"}, {"n", i}}).ok());
  const auto recs = records(log.file());
  REQUIRE(recs.size() == 5);
  CHECK(first_broken(recs) == -1);
  CHECK(recs[0].at("prev") == "");
}

TEST_CASE("an edited record breaks the chain where it was edited") {
  sg::test::TempDir dir;
  sg::AuditLog log(dir.path());
  for (int i = 0; i < 4; ++i) REQUIRE(log.append(json::object{{"kind", "decision"}, {"outcome", "sent"}}).ok());
  auto recs = records(log.file());
  recs[2]["outcome"] = "cancelled";
  CHECK(first_broken(recs) == 2);
  auto reordered = records(log.file());
  std::swap(reordered[1], reordered[2]);
  CHECK(first_broken(reordered) == 1);
}

TEST_CASE("concurrent writers produce one unbroken chain") {
  sg::test::TempDir dir;
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&dir, t] {
      sg::AuditLog log(dir.path());  // each its own instance, as separate host processes are
      for (int i = 0; i < 25; ++i) CHECK(log.append(json::object{{"writer", t}, {"i", i}}).ok());
    });
  }
  for (auto& w : writers) w.join();
  const auto recs = records(dir.path() / "audit.jsonl");
  CHECK(recs.size() == 100);
  CHECK(first_broken(recs) == -1);
}

TEST_CASE("a record cut short by a crash is skipped and the next one chains to the last whole one") {
  sg::test::TempDir dir;
  sg::AuditLog log(dir.path());
  REQUIRE(log.append(json::object{{"n", 1}}).ok());
  const std::string whole = sg::test::read_text(log.file());
  sg::test::write_text(log.file(), whole + R"({"seq":2,"time":"2026-)");
  REQUIRE(log.append(json::object{{"n", 2}}).ok());
  const auto recs = records(log.file());
  REQUIRE(recs.size() == 2);
  CHECK(recs[1].at("prev") == recs[0].at("hash"));
  CHECK(recs[1].at("seq") == 2);
}
