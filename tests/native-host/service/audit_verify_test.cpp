// The audit log's verification (every kind of tampering, crash traces, the head file), its
// queries (each filter, paging, limits) and the query-string parsing of GET /v1/audit.
#include <doctest/doctest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "core/value_json.h"
#include "http/router.h"
#include "service/audit_log.h"
#include "support/files.h"

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// A log of `n` decision records written by the real appender.
struct Log {
  sg::test::TempDir dir;
  sg::AuditLog log{dir.path()};

  explicit Log(int n) {
    for (int i = 1; i <= n; ++i) {
      REQUIRE(log.append(json::object{{"kind", "decision"}, {"outcome", "sent"}, {"n", i}}).ok());
    }
  }

  [[nodiscard]] fs::path file() const { return log.file(); }
  [[nodiscard]] fs::path head() const { return dir.path() / "audit.head"; }

  [[nodiscard]] std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(sg::test::read_text(file()));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  void write(const std::vector<std::string>& lines) const {
    std::string text;
    for (const std::string& l : lines) text += l + "\n";
    sg::test::write_text(file(), text);
  }

  [[nodiscard]] sg::AuditVerifyReport verify() const {
    auto report = sg::verify_audit_log(file());
    REQUIRE(report.ok());
    return *report;
  }
};

// A record line rewritten with a consistent hash of its own (what someone who knows the format
// can do to one record).
std::string rehashed(const std::string& line, const std::string& key, const json::value& value) {
  json::object r = json::parse(line).as_object();
  r[key] = value;
  r.erase("hash");
  const std::string prev(r.at("prev").as_string());
  r["hash"] = sg::audit_record_hash(prev, r);
  return sg::json_text(r);
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

bool has_warning(const sg::AuditVerifyReport& r, sg::AuditIssueKind kind) {
  for (const auto& w : r.warnings) {
    if (w.kind == kind) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("verify: an intact log, an empty log and a missing log are all intact") {
  Log log(5);
  const auto report = log.verify();
  CHECK(report.intact());
  CHECK(report.records == 5);
  CHECK(report.last_seq == 5);
  CHECK(report.warnings.empty());
  CHECK(fs::exists(log.head()));

  sg::test::TempDir empty;
  sg::test::write_text(empty.path() / "audit.jsonl", "");
  auto e = sg::verify_audit_log(empty.path() / "audit.jsonl");
  REQUIRE(e.ok());
  CHECK(e->intact());
  CHECK(e->records == 0);

  auto missing = sg::verify_audit_log(empty.path() / "nowhere" / "audit.jsonl");
  REQUIRE(missing.ok());
  CHECK(missing->intact());
  CHECK(missing->records == 0);
}

TEST_CASE("verify: one field of a middle record edited is `edited` at that line") {
  Log log(5);
  auto lines = log.lines();
  lines[2] = replaced(lines[2], R"("outcome":"sent")", R"("outcome":"cancelled")");
  log.write(lines);
  const auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::edited);
  CHECK(report.problem->line == 3);
  CHECK(report.problem->seq == 3);
  CHECK(report.records == 2);
  CHECK(report.problem->message.en.find("line 3") != std::string::npos);
  CHECK(report.problem->message.ja.find("3 行目") != std::string::npos);
}

TEST_CASE("verify: a deleted middle line is `deleted` with the missing seqs") {
  Log log(6);
  auto lines = log.lines();
  lines.erase(lines.begin() + 2);
  log.write(lines);
  auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::deleted);
  CHECK(report.problem->line == 3);
  CHECK(report.problem->seq == 4);
  CHECK(report.problem->missing_from == 3);
  CHECK(report.problem->missing_to == 3);

  lines.erase(lines.begin() + 2);  // seq 4 too
  log.write(lines);
  report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::deleted);
  CHECK(report.problem->missing_from == 3);
  CHECK(report.problem->missing_to == 4);
  CHECK(report.problem->message.en.find("3–4") != std::string::npos);
}

TEST_CASE("verify: the first record deleted is `deleted` at line 1") {
  Log log(3);
  auto lines = log.lines();
  lines.erase(lines.begin());
  log.write(lines);
  const auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::deleted);
  CHECK(report.problem->line == 1);
  CHECK(report.problem->missing_from == 1);
}

TEST_CASE("verify: swapped lines, a repeated line and an unlinked record are `reordered`") {
  Log log(5);
  const auto original = log.lines();

  auto swapped = original;
  std::swap(swapped[1], swapped[2]);
  log.write(swapped);
  auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::reordered);
  CHECK(report.problem->line == 2);
  CHECK(report.problem->seq == 3);

  auto far = original;  // seq 2 moved to the end: a gap first, the missing seq later
  far.push_back(far[1]);
  far.erase(far.begin() + 1);
  log.write(far);
  report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::reordered);
  CHECK(report.problem->line == 2);

  auto repeated = original;
  repeated.insert(repeated.begin() + 3, repeated[2]);
  log.write(repeated);
  report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::reordered);
  CHECK(report.problem->line == 4);

  // Record 3 replaced by one with a hash of its own: record 4 no longer links to it.
  auto relinked = original;
  relinked[2] = rehashed(relinked[2], "outcome", "cancelled");
  log.write(relinked);
  report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::reordered);
  CHECK(report.problem->line == 4);
  CHECK(report.problem->seq == 4);
}

TEST_CASE("verify: the last line deleted is caught by the head file, also after later appends") {
  Log log(5);
  auto lines = log.lines();
  lines.pop_back();
  log.write(lines);
  auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::truncated_tail);
  CHECK(report.problem->missing_from == 5);
  CHECK(report.problem->missing_to == 5);
  CHECK(report.records == 4);
  CHECK(report.problem->message.en.find("seq 5") != std::string::npos);

  // The next append continues from the head: the cut stays visible as a gap.
  REQUIRE(log.log.append(json::object{{"kind", "decision"}}).ok());
  report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::deleted);
  CHECK(report.problem->line == 5);
  CHECK(report.problem->seq == 6);
  CHECK(report.problem->missing_from == 5);
}

TEST_CASE("verify: every record deleted, with the head left, is a truncated tail") {
  Log log(2);
  sg::test::write_text(log.file(), "");
  auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::truncated_tail);
  CHECK(report.problem->missing_from == 1);
  CHECK(report.problem->missing_to == 2);
  fs::remove(log.file());
  report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::truncated_tail);
}

TEST_CASE("verify: a last record rewritten with a consistent hash differs from the head: `edited`") {
  Log log(4);
  auto lines = log.lines();
  lines[3] = rehashed(lines[3], "outcome", "cancelled");
  log.write(lines);
  const auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::edited);
  CHECK(report.problem->line == 4);
  CHECK(report.problem->seq == 4);
}

TEST_CASE("verify: garbage, an empty line, a missing field, a non-object and an unreadable head are `malformed`") {
  Log log(4);
  const auto original = log.lines();
  for (const std::string& bad : {std::string("this is not json"), std::string(""), std::string("[1, 2]"),
                                 replaced(original[2], R"("time":)", R"("tame":)")}) {
    auto lines = original;
    lines.insert(lines.begin() + 2, bad);
    if (bad.find("tame") != std::string::npos) lines.erase(lines.begin() + 3);
    log.write(lines);
    const auto report = log.verify();
    REQUIRE(report.problem);
    CHECK(report.problem->kind == sg::AuditIssueKind::malformed);
    CHECK(report.problem->line == 3);
    CHECK(report.records == 2);
  }
  log.write(original);
  sg::test::write_text(log.head(), "not a head");
  const auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::malformed);
  CHECK(report.problem->line == 0);
}

TEST_CASE("verify: a line longer than the limit is `malformed` without being read whole") {
  Log log(2);
  auto lines = log.lines();
  lines.insert(lines.begin() + 1, std::string(sg::kMaxAuditLineBytes + 1, 'x'));
  log.write(lines);
  const auto report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::malformed);
  CHECK(report.problem->line == 2);
}

TEST_CASE("verify: a record cut short by a crash is a warning when the chain continues past it") {
  Log log(1);
  const std::string whole = sg::test::read_text(log.file());
  sg::test::write_text(log.file(), whole + R"({"seq":2,"time":"2026-)");
  auto report = log.verify();  // torn at the end: the head still says seq 1
  CHECK(report.intact());
  CHECK(has_warning(report, sg::AuditIssueKind::torn_line));
  REQUIRE(log.log.append(json::object{{"n", 2}}).ok());
  report = log.verify();
  CHECK(report.intact());
  CHECK(report.records == 2);
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].kind == sg::AuditIssueKind::torn_line);
  CHECK(report.warnings[0].line == 2);
}

TEST_CASE("verify: a log ahead of its head (crash before the head write) is a warning; a missing head too") {
  Log log(3);
  const std::string head_after_3 = sg::test::read_text(log.head());
  REQUIRE(log.log.append(json::object{{"n", 4}}).ok());
  sg::test::write_text(log.head(), head_after_3);
  auto report = log.verify();
  CHECK(report.intact());
  CHECK(report.records == 4);
  CHECK(has_warning(report, sg::AuditIssueKind::head_behind));

  // The head names seq 3 but the log's seq 3 is another record: rewritten.
  auto lines = log.lines();
  lines[2] = rehashed(lines[2], "n", 30);
  lines[3] = rehashed(lines[3], "prev", json::parse(lines[2]).at("hash"));
  log.write(lines);
  report = log.verify();
  REQUIRE(report.problem);
  CHECK(report.problem->kind == sg::AuditIssueKind::edited);
  CHECK(report.problem->line == 3);

  fs::remove(log.head());
  report = log.verify();
  CHECK(report.intact());
  CHECK(has_warning(report, sg::AuditIssueKind::no_head));
}

TEST_CASE("verify: a whole last record without its newline counts, and the next append starts a new line") {
  Log log(2);
  const std::string head_after_2 = sg::test::read_text(log.head());
  REQUIRE(log.log.append(json::object{{"n", 3}}).ok());
  std::string text = sg::test::read_text(log.file());
  text.pop_back();  // the crash came before the newline and the head write
  sg::test::write_text(log.file(), text);
  sg::test::write_text(log.head(), head_after_2);
  auto report = log.verify();
  CHECK(report.intact());
  CHECK(report.records == 3);
  REQUIRE(log.log.append(json::object{{"n", 4}}).ok());
  report = log.verify();
  CHECK(report.intact());
  CHECK(report.records == 4);
  CHECK(report.warnings.empty());
}

// ---- queries ----

namespace {

// A log of hand-made records with chosen times, chained like the appender chains them.
void write_log(const fs::path& file, const std::vector<json::object>& records) {
  std::string text;
  std::string prev;
  std::uint64_t seq = 0;
  for (const json::object& in : records) {
    json::object r;
    r["seq"] = ++seq;
    for (const auto& kv : in) r[kv.key()] = kv.value();
    r["prev"] = prev;
    prev = sg::audit_record_hash(prev, r);
    r["hash"] = prev;
    text += sg::json_text(r) + "\n";
  }
  sg::test::write_text(file, text);
}

json::object decision(std::string time, std::string outcome, std::string action, std::string sender, json::array to,
                      json::array final_bcc = {}) {
  json::object check{
      {"sender", sender},
      {"action", action},
      {"recipients", json::object{{"to", std::move(to)}, {"cc", json::array{}}, {"bcc", json::array{}}}}};
  return json::object{
      {"kind", "decision"},
      {"time", std::move(time)},
      {"outcome", std::move(outcome)},
      {"final", json::object{{"to", json::array{}}, {"cc", json::array{}}, {"bcc", std::move(final_bcc)}}},
      {"check", std::move(check)}};
}

struct Queried {
  sg::test::TempDir dir;
  fs::path file = dir.path() / "audit.jsonl";

  Queried() {
    write_log(
        file,
        {decision("2026-10-01T00:00:00.000Z", "sent", "allow", "yamada@corp.example", {"ito@corp.example"}),
         decision("2026-10-01T23:30:00.000Z", "cancelled", "confirm", "Yamada@Corp.Example", {"sato@client-a.example"}),
         json::object{{"kind", "encrypt"}, {"time", "2026-10-02T01:00:00.000Z"}, {"check_id", nullptr}},
         decision("2026-10-02T02:00:00.000Z", "sent", "justify", "suzuki@corp.example", {"kim@例え.jp"},
                  {"Audit+Copy@Client-B.example"}),
         decision("2026-10-03T12:00:00.000Z", "sent", "block", "suzuki@corp.example", {"x@client-a.example"})});
  }

  // The seqs a query gives, newest first.
  std::vector<std::int64_t> seqs(const Params& params) const {
    auto q = sg::audit_query_from_params(params);
    REQUIRE(q.ok());
    auto page = sg::query_audit_log(file, *q);
    REQUIRE(page.ok());
    std::vector<std::int64_t> out;
    for (const auto& r : page->records) out.push_back(r.at("seq").as_int64());
    return out;
  }
};

using Seqs = std::vector<std::int64_t>;

std::string error_path(const Params& params) {
  auto q = sg::audit_query_from_params(params);
  REQUIRE_FALSE(q.ok());
  CHECK(q.error().code == sg::ErrorCode::invalid_request);
  return q.error().path;
}

}  // namespace

TEST_CASE("query: no filter gives every record, newest first; a missing log gives none") {
  Queried q;
  CHECK(q.seqs({}) == Seqs{5, 4, 3, 2, 1});
  sg::AuditQuery none;
  auto page = sg::query_audit_log(q.dir.path() / "absent.jsonl", none);
  REQUIRE(page.ok());
  CHECK(page->records.empty());
  CHECK(!page->next_before_seq);
}

TEST_CASE("query: from and to include and exclude by the record's time, offsets and whole days") {
  Queried q;
  CHECK(q.seqs({{"from", "2026-10-02"}}) == Seqs{5, 4, 3});
  CHECK(q.seqs({{"to", "2026-10-01"}}) == Seqs{2, 1});  // a date alone: to the end of that day
  CHECK(q.seqs({{"from", "2026-10-01T23:30:00Z"}, {"to", "2026-10-02T01:00:00Z"}}) == Seqs{3, 2});
  // 2026-10-02T09:00+09:00 is 00:00 UTC.
  CHECK(q.seqs({{"from", "2026-10-02T09:00:00+09:00"}, {"to", "2026-10-02T11:00+09:00"}}) == Seqs{4, 3});
  CHECK(q.seqs({{"from", "2026-10-04"}}).empty());
  CHECK(q.seqs({{"from", ""}}) == Seqs{5, 4, 3, 2, 1});  // an empty value: no filter
}

TEST_CASE("query: sender and recipient match addresses case-insensitively, in the check and the final ones") {
  Queried q;
  CHECK(q.seqs({{"sender", "YAMADA@corp.example"}}) == Seqs{2, 1});
  CHECK(q.seqs({{"sender", "suzuki@corp.example"}}) == Seqs{5, 4});
  CHECK(q.seqs({{"sender", "nobody@corp.example"}}).empty());
  CHECK(q.seqs({{"sender", "@corp.example"}}) == Seqs{5, 4, 2, 1});
  CHECK(q.seqs({{"recipient", "Sato@Client-A.Example"}}) == Seqs{2});
  CHECK(q.seqs({{"recipient", "@client-a.example"}}) == Seqs{5, 2});
  CHECK(q.seqs({{"recipient", "audit+copy@client-b.example"}}) == Seqs{4});  // the final bcc
  CHECK(q.seqs({{"recipient", "KIM@xn--r8jz45g.jp"}}) == Seqs{4});           // the domain in either form
  CHECK(q.seqs({{"recipient", "kim@例え.jp"}}) == Seqs{4});
  CHECK(q.seqs({{"recipient", "sato@client-b.example"}}).empty());
  CHECK(q.seqs({{"recipient", "yamada@corp.example"}}).empty());  // a sender is not a recipient
}

TEST_CASE("query: action, outcome and kind") {
  Queried q;
  CHECK(q.seqs({{"action", "confirm"}}) == Seqs{2});
  CHECK(q.seqs({{"action", "block"}}) == Seqs{5});
  CHECK(q.seqs({{"outcome", "sent"}}) == Seqs{5, 4, 1});
  CHECK(q.seqs({{"outcome", "cancelled"}}) == Seqs{2});
  CHECK(q.seqs({{"kind", "encrypt"}}) == Seqs{3});
  CHECK(q.seqs({{"kind", "decision"}, {"outcome", "sent"}, {"sender", "suzuki@corp.example"}}) == Seqs{5, 4});
}

TEST_CASE("query: pages with limit and before_seq until next_before_seq is null") {
  Queried q;
  auto query = sg::audit_query_from_params({{"limit", "2"}});
  REQUIRE(query.ok());
  auto page = sg::query_audit_log(q.file, *query);
  REQUIRE(page.ok());
  REQUIRE(page->records.size() == 2);
  CHECK(page->records[0].at("seq") == 5);
  REQUIRE(page->next_before_seq);
  CHECK(*page->next_before_seq == 4);

  CHECK(q.seqs({{"limit", "2"}, {"before_seq", "4"}}) == Seqs{3, 2});
  query = sg::audit_query_from_params({{"limit", "2"}, {"before_seq", "2"}});
  REQUIRE(query.ok());
  page = sg::query_audit_log(q.file, *query);
  REQUIRE(page.ok());
  CHECK(page->records.size() == 1);
  CHECK(!page->next_before_seq);

  const json::object doc = sg::audit_page_json(std::move(*page));
  CHECK(doc.at("records").as_array().size() == 1);
  CHECK(doc.at("next_before_seq").is_null());
}

TEST_CASE("query: limit defaults to 100 and allows at most 1000") {
  sg::test::TempDir dir;
  sg::AuditLog log(dir.path());
  for (int i = 0; i < 150; ++i) REQUIRE(log.append(json::object{{"kind", "decision"}}).ok());
  auto page = sg::query_audit_log(log.file(), sg::AuditQuery{});
  REQUIRE(page.ok());
  CHECK(page->records.size() == sg::kAuditQueryDefaultLimit);
  CHECK(page->records.front().at("seq") == 150);
  REQUIRE(page->next_before_seq);
  CHECK(*page->next_before_seq == 51);
  auto all = sg::audit_query_from_params({{"limit", "1000"}});
  REQUIRE(all.ok());
  page = sg::query_audit_log(log.file(), *all);
  REQUIRE(page.ok());
  CHECK(page->records.size() == 150);
  CHECK(!page->next_before_seq);

  for (const char* bad : {"0", "1001", "abc", "-1", "10x", " 5"}) CHECK(error_path({{"limit", bad}}) == "/limit");
}

TEST_CASE("query: bad parameters name themselves as the path") {
  CHECK(error_path({{"before_seq", "0"}}) == "/before_seq");
  CHECK(error_path({{"from", "yesterday"}}) == "/from");
  CHECK(error_path({{"from", "2026-02-30"}}) == "/from");
  CHECK(error_path({{"to", "2026-10-01T25:00"}}) == "/to");
  CHECK(error_path({{"from", "2026-10-02"}, {"to", "2026-10-01T12:00Z"}}) == "/to");
  CHECK(error_path({{"sender", "not an address"}}) == "/sender");
  CHECK(error_path({{"recipient", "@"}}) == "/recipient");
  CHECK(error_path({{"action", "maybe"}}) == "/action");
  CHECK(error_path({{"outcome", "sent "}}) == "/outcome");
  CHECK(error_path({{"kind", "check"}}) == "/kind");
  CHECK(error_path({{"recipent", "a@b.example"}}) == "/recipent");
  CHECK(error_path({{"limit", "5"}, {"limit", "6"}}) == "/limit");
}

TEST_CASE("ISO 8601 times: dates, minutes, seconds, fractions, Z and offsets") {
  const auto ms = [](const char* s, bool end = false) { return sg::parse_iso8601_ms(s, end); };
  CHECK(ms("1970-01-01") == 0);
  CHECK(ms("1970-01-01", true) == 86'400'000 - 1);
  CHECK(ms("1970-01-01T00:00:01Z") == 1000);
  CHECK(ms("1970-01-01T00:00:01.5Z") == 1500);
  CHECK(ms("1970-01-01T00:00:01.123456789Z") == 1123);
  CHECK(ms("1970-01-01T09:00+09:00") == 0);
  CHECK(ms("1970-01-01T09:00:00+0900") == 0);
  CHECK(ms("1970-01-01t00:00-01") == 3'600'000);
  CHECK(ms("1970-01-01 00:01") == 60'000);
  CHECK(ms("2026-10-01T00:00:00.000Z") == ms("2026-10-01T09:00:00.000+09:00"));
  for (const char* bad : {"", "2026", "2026-1-01", "2026-13-01", "2026-02-29", "2026-10-01T", "2026-10-01T24:00",
                          "2026-10-01T10:60", "2026-10-01T10:00:00.", "2026-10-01T10:00Zx", "2026-10-01T10:00+9"}) {
    CHECK_MESSAGE(!ms(bad), bad);
  }
}

TEST_CASE("query strings are percent-decoded; + stays a plus sign") {
  auto p = sg::http::query_parameters("/v1/audit?recipient=a%2Btag%40b.example&from=2026-10-01T09:00+09:00&&limit");
  REQUIRE(p.ok());
  REQUIRE(p->size() == 3);
  CHECK((*p)[0] == std::pair<std::string, std::string>{"recipient", "a+tag@b.example"});
  CHECK((*p)[1] == std::pair<std::string, std::string>{"from", "2026-10-01T09:00+09:00"});
  CHECK((*p)[2] == std::pair<std::string, std::string>{"limit", ""});
  CHECK(sg::http::query_parameters("/v1/audit")->empty());
  CHECK(sg::http::query_parameters("/v1/audit?sender=%E5%B1%B1%E7%94%B0%40x.example#frag")->at(0).second ==
        "山田@x.example");
  for (const char* bad : {"/v1/audit?sender=%4", "/v1/audit?sender=%zz", "/v1/audit?sender=%ff"}) {
    auto r = sg::http::query_parameters(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == "/sender");
  }
}
