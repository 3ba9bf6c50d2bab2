// Attachment reading speed: the text of a real .docx or .xlsx (made by LibreOffice in
// scripts/bench), and the whole check of a draft that carries such a file (JSON parse, base64,
// extraction, every rule, the verdict serialised): what `POST /v1/check` costs beyond transport.
// Prints JSON lines with CPU time (CLOCK_PROCESS_CPUTIME_ID, i.e. per core) and wall time.
//
// usage: sg_bench_extract extract FILE RUNS     extract_text over the file
//        sg_bench_extract check DRAFT.json RUNS  parse + check + serialise, per phase
//        sg_bench_extract draft FILE             a draft (to an external client) carrying FILE
//        sg_bench_extract fixtures DIR ROWS      DIR/customers.csv (ROWS customers with contact details)
//                                                and DIR/report.txt (Japanese business prose, ~ROWS*45
//                                                bytes), for LibreOffice to make into .xlsx and .docx
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "check/check.h"
#include "extract/attachment_text.h"
#include "platform/memory.h"
#include "policy/profile.h"
#include "rules/rule.h"
#include "wire/base64.h"
#include "wire/draft_json.h"
#include "wire/verdict_json.h"

namespace json = boost::json;

namespace {

using sg::bench::cpu_seconds;
using sg::bench::wall_seconds;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int extract(const std::string& path, int runs) {
  const std::string bytes = read_file(path);
  std::vector<double> cpu;
  std::vector<double> wall;
  std::size_t text_bytes = 0;
  std::size_t parts = 0;
  std::size_t problems = 0;
  std::string format;
  for (int i = -1; i < runs; ++i) {  // one warm-up
    const double c0 = cpu_seconds();
    const double w0 = wall_seconds();
    const sg::extract::Extracted out = sg::extract::extract_text(base_name(path), "", bytes);
    const double c1 = cpu_seconds();
    const double w1 = wall_seconds();
    text_bytes = 0;
    for (const auto& p : out.parts) text_bytes += p.text.size();
    parts = out.parts.size();
    problems = out.problems.size();
    format = out.format;
    if (i >= 0) {
      cpu.push_back(c1 - c0);
      wall.push_back(w1 - w0);
    }
  }
  const double c = median(cpu);
  std::cout
      << fmt::format(
             R"({{"what":"extract","format":"{}","file_mb":{:.2f},"text_mb":{:.2f},"parts":{},"problems":{},"runs":{},)"
             R"("cpu_ms":{:.1f},"wall_ms":{:.1f},"file_mb_per_cpu_s":{:.1f},"text_mb_per_cpu_s":{:.1f}}})",
             format, static_cast<double>(bytes.size()) / 1e6, static_cast<double>(text_bytes) / 1e6, parts, problems,
             runs, c * 1e3, median(wall) * 1e3, static_cast<double>(bytes.size()) / 1e6 / c,
             static_cast<double>(text_bytes) / 1e6 / c)
      << "\n";
  return problems == 0 ? 0 : 1;
}

int check(const std::string& path, int runs) {
  const std::string text = read_file(path);
  const auto profile = std::make_shared<const sg::Profile>(sg::default_parameter_table());
  std::vector<double> parse_ms, check_ms, serialise_ms, total_cpu_ms, total_wall_ms;
  std::string action;
  for (int i = -1; i < runs; ++i) {
    const double c0 = cpu_seconds();
    const double w0 = wall_seconds();
    auto draft = sg::wire::draft_from_json(json::parse(text));
    if (!draft) {
      std::cerr << "the draft does not convert\n";
      return 1;
    }
    const double c1 = cpu_seconds();
    const sg::Verdict verdict = sg::check(*draft, *profile);
    const double c2 = cpu_seconds();
    const std::string out = json::serialize(sg::wire::verdict_to_json(verdict));
    const double c3 = cpu_seconds();
    const double w3 = wall_seconds();
    action = std::string(sg::action_name(verdict.action));
    if (i < 0) continue;
    parse_ms.push_back((c1 - c0) * 1e3);
    check_ms.push_back((c2 - c1) * 1e3);
    serialise_ms.push_back((c3 - c2) * 1e3);
    total_cpu_ms.push_back((c3 - c0) * 1e3);
    total_wall_ms.push_back((w3 - w0) * 1e3);
  }
  std::cout
      << fmt::format(
             R"({{"what":"check","draft_mb":{:.2f},"runs":{},"action":"{}","parse_cpu_ms":{:.1f},"check_cpu_ms":{:.1f},)"
             R"("serialise_cpu_ms":{:.2f},"total_cpu_ms":{:.1f},"total_wall_ms":{:.1f}}})",
             static_cast<double>(text.size()) / 1e6, runs, action, median(parse_ms), median(check_ms),
             median(serialise_ms), median(total_cpu_ms), median(total_wall_ms))
      << "\n";
  return 0;
}

int draft(const std::string& path) {
  const std::string bytes = read_file(path);
  json::object d;
  d["client"] = json::object{{"name", "bench"}, {"version", "1"}};
  d["locale"] = "ja";
  d["from"] = "山田 太郎 <yamada@corp.example>";
  d["to"] = json::array{"佐藤 花子 <sato@client-a.example>"};
  d["subject"] = "資料送付の件";
  d["body"] = json::object{{"text", "佐藤様\n\nいつもお世話になっております。資料を添付いたします。\n"}};
  json::object a;
  a["name"] = base_name(path);
  a["size"] = bytes.size();
  a["content_base64"] = sg::wire::base64_encode(bytes);
  d["attachments"] = json::array{std::move(a)};
  std::cout << json::serialize(d) << "\n";
  return 0;
}

// Deterministic pseudo-random choices (xorshift), so every run measures the same files.
class Choices {
 public:
  std::uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  template <std::size_t N>
  const char* pick(const std::array<const char*, N>& list) {
    return list[next() % N];
  }
  unsigned digits(unsigned n) { return static_cast<unsigned>(next() % n); }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

constexpr std::array<const char*, 12> kFamily = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺",
                                                 "山本", "中村", "小林", "加藤", "吉田", "山田"};
constexpr std::array<const char*, 10> kGiven = {"花子", "一郎", "美咲", "健太",   "陽菜",
                                                "翔太", "結衣", "大輔", "さくら", "拓海"};
constexpr std::array<const char*, 8> kCity = {
    "東京都千代田区丸の内",       "大阪府大阪市北区梅田",     "愛知県名古屋市中区栄",   "福岡県福岡市博多区博多駅前",
    "北海道札幌市中央区北一条西", "宮城県仙台市青葉区一番町", "広島県広島市中区紙屋町", "京都府京都市下京区烏丸通"};
constexpr std::array<const char*, 8> kSentences = {
    "いつもお世話になっております。",
    "本件につきましては、来週の定例会議にて改めてご報告いたします。",
    "見積書の金額について、先方より再度のご確認をいただいております。",
    "納期の調整が必要な場合は、担当者までご連絡ください。",
    "第三四半期の売上は前年同期比で一二パーセント増加しました。",
    "新しい業務システムへの移行は十一月末に完了する予定です。",
    "ご不明な点がございましたら、お気軽にお問い合わせください。",
    "お打ち合わせの日程につきまして、候補日をいくつかお知らせください。"};

int fixtures(const std::string& dir, long rows) {
  Choices c;
  {
    std::ofstream csv(dir + "/customers.csv", std::ios::binary);
    csv << "顧客番号,氏名,電話番号,メールアドレス,郵便番号,住所,生年月日\n";
    for (long i = 0; i < rows; ++i) {
      csv << fmt::format("C{:06},{} {},090-{:04}-{:04},user{}@example.jp,〒{:03}-{:04},{}{}-{}-{},{}/{:02}/{:02}\n", i,
                         c.pick(kFamily), c.pick(kGiven), c.digits(10000), c.digits(10000), i, c.digits(1000),
                         c.digits(10000), c.pick(kCity), 1 + c.digits(9), 1 + c.digits(20), 1 + c.digits(30),
                         1950 + c.digits(55), 1 + c.digits(12), 1 + c.digits(28));
    }
    if (!csv) throw std::runtime_error("cannot write " + dir + "/customers.csv");
  }
  std::ofstream txt(dir + "/report.txt", std::ios::binary);
  const auto target = static_cast<std::size_t>(rows) * 45;
  std::size_t written = 0;
  for (long para = 0; written < target; ++para) {
    std::string p;
    for (unsigned k = 0; k < 4 + c.digits(5); ++k) p += c.pick(kSentences);
    if (para % 40 == 0)
      p += fmt::format("担当：{}（電話 03-{:04}-{:04}）", c.pick(kFamily), c.digits(10000), c.digits(10000));
    p += "\n";
    txt << p;
    written += p.size();
  }
  if (!txt) throw std::runtime_error("cannot write " + dir + "/report.txt");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  sg::platform::install_large_buffer_advice();  // as the host does at start
  const std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 3 && a[0] == "extract") return extract(a[1], std::stoi(a[2]));
    if (a.size() == 3 && a[0] == "check") return check(a[1], std::stoi(a[2]));
    if (a.size() == 2 && a[0] == "draft") return draft(a[1]);
    if (a.size() == 3 && a[0] == "fixtures") return fixtures(a[1], std::stol(a[2]));
  } catch (const std::exception& e) {
    std::cerr << "sg_bench_extract: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: sg_bench_extract extract FILE RUNS | check DRAFT.json RUNS | draft FILE | fixtures DIR ROWS\n";
  return 2;
}
