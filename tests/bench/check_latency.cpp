// Check latency: a 20-recipient draft without attachments, N requests over one HTTPS keep-alive
// connection, p50/p90/p99. The same client measures the peer (nginx answering the same request
// with a body of the verdict's size) and the engine alone in-process, so the figures come with
// ratios from the same machine and run.
//
// usage: sg_bench_check_latency draft                      prints the benchmark draft
//        sg_bench_check_latency engine N                   engine::check in-process
//        sg_bench_check_latency http PORT CA TOKEN PATH N  requests against a server
#include <fmt/format.h>
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "check/check.h"
#include "rules/rule.h"
#include "support/http_client.h"
#include "wire/draft_json.h"
#include "wire/verdict_json.h"

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kWarmup = 50;

// 20 recipients: 12 at three client organisations in To, 3 more in Cc, 5 colleagues in Cc.
std::string benchmark_draft() {
  static const char* kFamily[] = {"佐藤", "鈴木", "高橋",   "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
                                  "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林",   "斎藤", "清水"};
  static const char* kDomains[] = {"client-a.example", "client-b.example", "client-c.co.jp", "partner-d.example"};
  json::object d;
  d["client"] = json::object{{"name", "bench"}, {"version", "1"}};
  d["locale"] = "ja";
  d["from"] = json::object{{"name", "山田 太郎"}, {"address", "yamada@corp.example"}};
  json::array to, cc;
  for (int i = 0; i < 20; ++i) {
    const std::string name = std::string(kFamily[i]) + " 様";
    if (i < 12) {
      to.emplace_back(fmt::format("{} <user{}@{}>", name, i, kDomains[i % 3]));
    } else if (i < 15) {
      cc.emplace_back(fmt::format("{} <user{}@{}>", name, i, kDomains[3]));
    } else {
      cc.emplace_back(fmt::format("{} <colleague{}@corp.example>", name, i));
    }
  }
  d["to"] = std::move(to);
  d["cc"] = std::move(cc);
  d["bcc"] = json::array{};
  d["subject"] = "来期プロジェクト体制のご案内";
  std::string body = "関係者各位\n\nいつもお世話になっております。株式会社コープの山田です。\n\n";
  for (int i = 0; i < 8; ++i) {
    body += "来期のプロジェクト体制と会議日程について、下記のとおりご案内いたします。ご確認をお願いいたします。\n";
  }
  body += "\nよろしくお願いいたします。\n--\n株式会社コープ 営業部 山田 太郎\nTEL 03-1234-5678\n";
  d["body"] = json::object{{"text", body}};
  d["attachments"] = json::array{};
  d["compose_type"] = "new";
  d["original_recipients"] = json::array{};
  return json::serialize(d);
}

void report(const char* what, std::vector<double>& us, double seconds) {
  std::sort(us.begin(), us.end());
  const auto pct = [&](double p) { return us[static_cast<std::size_t>(p * static_cast<double>(us.size() - 1))]; };
  double sum = 0;
  for (double x : us) sum += x;
  std::cout
      << fmt::format(
             R"({{"what":"{}","requests":{},"p50_us":{:.1f},"p90_us":{:.1f},"p99_us":{:.1f},"mean_us":{:.1f},"max_us":{:.1f},"per_second":{:.0f}}})",
             what, us.size(), pct(0.50), pct(0.90), pct(0.99), sum / static_cast<double>(us.size()), us.back(),
             static_cast<double>(us.size()) / seconds)
      << "\n";
}

int engine(int n) {
  const std::string text = benchmark_draft();
  const auto profile = std::make_shared<const sg::Profile>(sg::default_parameter_table());
  std::vector<double> us;
  const auto start = Clock::now();
  for (int i = -kWarmup; i < n; ++i) {
    const auto t0 = Clock::now();
    // The same work as the route: parse, convert, check, serialise.
    auto draft = sg::wire::draft_from_json(json::parse(text));
    if (!draft) return 1;
    const auto verdict = sg::check(*draft, *profile);
    const std::string out = json::serialize(sg::wire::verdict_to_json(verdict));
    if (out.empty()) return 1;
    if (i >= 0) us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  report("engine", us, std::chrono::duration<double>(Clock::now() - start).count());
  return 0;
}

int http(std::uint16_t port, const std::string& ca, const std::string& token, const std::string& path, int n) {
  const std::string body = benchmark_draft();
  sg::test::HttpClient client(sg::test::ClientOptions{port, true, ca, "127.0.0.1", std::chrono::seconds(20)});
  const sg::test::Headers headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  std::vector<double> us;
  std::size_t bytes = 0;
  const auto start = Clock::now();
  for (int i = -kWarmup; i < n; ++i) {
    const auto t0 = Clock::now();
    // GET /v1/health is the host's transport floor: TLS, HTTP, routing, no engine.
    const auto res =
        path == "/v1/health" ? client.request("GET", path, headers) : client.request("POST", path, headers, body);
    const double elapsed = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    if (res.status != 200 || !res.keep_alive) {
      std::cerr << "unexpected answer " << res.status << ": " << res.body << "\n";
      return 1;
    }
    bytes = res.body.size();
    if (i >= 0) us.push_back(elapsed);
  }
  report(path.c_str(), us, std::chrono::duration<double>(Clock::now() - start).count());
  std::cerr << "answer size: " << bytes << " bytes\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 1 && a[0] == "draft") {
    std::cout << benchmark_draft() << "\n";
    return 0;
  }
  if (a.size() == 2 && a[0] == "engine") return engine(std::stoi(a[1]));
  if (a.size() == 6 && a[0] == "http") {
    return http(static_cast<std::uint16_t>(std::stoi(a[1])), a[2], a[3], a[4], std::stoi(a[5]));
  }
  std::cerr << "usage: sg_bench_check_latency draft | engine N | http PORT CA TOKEN PATH N\n";
  return 2;
}
