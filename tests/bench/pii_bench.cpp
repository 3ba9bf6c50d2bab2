// The PII scanner's speed on Japanese business text: ~50 MB of deterministic mail-like prose
// (3-byte UTF-8, dates, amounts and times as mail has them) with one PII item every 2-4 KB
// (signatures with 〒, phones and addresses; cards, My Numbers, corporate numbers, accounts, birth
// dates; some written full-width). Scans it in process several times and prints JSON lines: MB per
// CPU second (CLOCK_PROCESS_CPUTIME_ID, i.e. per core) and the hits per kind against the items
// planted. scripts/bench compares it with ripgrep over the file that --write leaves.
//
// usage: sg_bench_pii [--mb N] [--runs N] [--seed N] [--write PATH]

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench_clock.h"
#include "text/pii.h"

using sg::text::PiiKind;

namespace {

constexpr std::size_t kDefaultMb = 50;
constexpr int kDefaultRuns = 5;
constexpr std::size_t kMinGap = 2048;  // bytes of prose between PII items
constexpr std::size_t kMaxGap = 4096;

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: sg_bench_pii [--mb N] [--runs N] [--seed N] [--write PATH]\n");
  std::exit(2);
}

using sg::bench::cpu_seconds;
using sg::bench::wall_seconds;

// ---------------------------------------------------------------------------------------------
// The text

class Writer {
 public:
  explicit Writer(std::uint64_t seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  int num(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<std::uint64_t>(hi - lo + 1)); }
  template <class C>
  std::string_view any(const C& c) {
    return c[pick(c.size())];
  }
  std::string digits(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('0' + pick(10));
    return s;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

constexpr auto kFamily = std::to_array<std::string_view>(
    {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "松本"});
constexpr auto kGiven =
    std::to_array<std::string_view>({"花子", "太郎", "一郎", "美咲", "翔太", "陽菜", "大輔", "結衣", "健太", "さくら"});
constexpr auto kCompany = std::to_array<std::string_view>({"株式会社ABC商事", "東都システム株式会社",
                                                           "株式会社みらい企画", "北辰工業株式会社", "合同会社ルリ印刷",
                                                           "株式会社サンライズ物流", "日本データサービス株式会社"});
constexpr auto kDept =
    std::to_array<std::string_view>({"営業部", "総務部", "経理部", "開発部", "カスタマーサポート部"});
constexpr auto kPlaces = std::to_array<std::string_view>(
    {"東京都千代田区丸の内", "大阪府大阪市北区梅田", "愛知県名古屋市中区栄", "福岡県福岡市博多区博多駅前",
     "北海道札幌市中央区北一条西", "神奈川県横浜市西区みなとみらい", "京都府京都市下京区烏丸通"});
constexpr auto kWeekday = std::to_array<std::string_view>({"月", "火", "水", "木", "金"});
constexpr auto kBank = std::to_array<std::string_view>({"みずほ銀行", "三菱UFJ銀行", "三井住友銀行", "りそな銀行"});
constexpr auto kBranch = std::to_array<std::string_view>({"渋谷支店", "新宿支店", "本店営業部", "梅田支店"});
constexpr auto kDomains =
    std::to_array<std::string_view>({"example.co.jp", "client-a.example", "mail.example.jp", "corp.example"});
constexpr auto kLocal =
    std::to_array<std::string_view>({"sato", "suzuki.taro", "h-tanaka", "info", "yamada_h", "k.ito"});
constexpr auto kCards = std::to_array<std::string_view>(
    {"4111 1111 1111 1111", "5555-5555-5555-4444", "3530 1113 3330 0000", "378282246310005", "4111111111111111"});

// Sentences of business mail without numbers.
constexpr auto kPlain = std::to_array<std::string_view>({
    "ご連絡が遅くなり、大変申し訳ございません。",
    "お手数をおかけいたしますが、ご確認のほどよろしくお願いいたします。",
    "資料の内容について、いくつか確認させていただきたい点がございます。",
    "先方からの回答があり次第、改めてご報告いたします。",
    "ご提案いただいた内容で進めさせていただければと存じます。",
    "念のため、前回の打ち合わせで合意した事項を以下にまとめます。",
    "スケジュールに変更がございましたら、早めにお知らせください。",
    "社内で調整しましたところ、ご依頼の件は対応可能との結論になりました。",
    "詳細につきましては、添付の仕様書をご参照ください。",
    "取り急ぎ、受領のご連絡まで。",
    "ご多忙のところ恐縮ですが、ご検討いただけますと幸いです。",
    "今後ともご愛顧賜りますよう、よろしくお願い申し上げます。",
    "担当者が不在のため、代わりに私からご連絡差し上げました。",
    "品質管理の観点から、出荷前の検査工程を一部見直すことにいたしました。",
    "ご意見を踏まえて修正した版をお送りしますので、再度ご確認ください。",
    "関係部署とも共有のうえ、対応方針を決定いたします。",
});

// Mail prose with the numbers mail has: dates, times, amounts, counts, versions, order numbers.
std::string sentence(Writer& w) {
  const std::string month = std::to_string(w.num(1, 12));
  const std::string day = std::to_string(w.num(1, 28));
  // About two sentences in three carry no number.
  if (w.pick(3) != 0) return std::string(w.any(kPlain));
  switch (w.pick(22)) {
    case 0: return std::string(w.any(kFamily)) + "様\n\nいつも大変お世話になっております。\n";
    case 1: return std::string(w.any(kCompany)) + "の" + std::string(w.any(kFamily)) + "でございます。";
    case 2: return "先日はお忙しいところ、貴重なお時間をいただき誠にありがとうございました。";
    case 3:
      return month + "月" + day + "日（" + std::string(w.any(kWeekday)) + "）" + std::to_string(w.num(9, 18)) + "時" +
             (w.pick(2) ? "30分" : "") + "からの打ち合わせの件でご連絡いたします。";
    case 4: return "お見積り金額は" + std::to_string(w.num(1, 999)) + ",000円（税込）となります。";
    case 5:
      return "第" + std::to_string(w.num(1, 4)) + "四半期の売上は前年同期比" + std::to_string(w.num(1, 30)) +
             "%増となりました。";
    case 6: return "添付の資料をご確認のうえ、" + month + "月" + day + "日までにご返信いただけますと幸いです。";
    case 7:
      return "会議室は本社" + std::to_string(w.num(2, 30)) + "階の第" + std::to_string(w.num(1, 9)) +
             "会議室を予約しております。";
    case 8: return "当日の参加者は" + std::to_string(w.num(2, 40)) + "名の予定です。";
    case 9: return "ご不明な点がございましたら、お気軽にお問い合わせください。";
    case 10: return "引き続きどうぞよろしくお願い申し上げます。\n";
    case 11: return "本件につきましては、社内で検討のうえ改めてご連絡いたします。";
    case 12:
      return "発注番号PO-" + std::to_string(w.num(2022, 2025)) + w.digits(4) + "の納期が" +
             std::to_string(w.num(2024, 2026)) + "年" + month + "月" + day + "日に変更となりました。";
    case 13: return "請求書番号INV-" + std::to_string(w.num(2024, 2025)) + "-" + w.digits(5) + "をお送りいたします。";
    case 14:
      return "システムをver." + std::to_string(w.num(1, 9)) + "." + std::to_string(w.num(0, 20)) + "." +
             std::to_string(w.num(0, 99)) + "へ更新する予定です。";
    case 15:
      return "在庫数は" + std::to_string(w.num(1, 5000)) + "個、単価は" + std::to_string(w.num(100, 9999)) + "円です。";
    case 16: return "恐れ入りますが、ご査収のほどよろしくお願いいたします。";
    case 17: return "なお、" + month + "/" + day + "の出荷分より新しい梱包仕様に切り替わります。";
    case 18: return "今回の変更点は、次の三点です。①配送日程の見直し、②検品手順の追加、③請求締め日の変更。";
    case 19: return "議事録を共有フォルダに保存しましたので、お手すきの際にご確認ください。";
    case 20:
      return "作業は" + std::to_string(w.num(2024, 2025)) + "/" + month + "/" + day + " " +
             std::to_string(w.num(10, 22)) + ":00〜" + std::to_string(w.num(10, 22)) + ":30に実施します。";
    default: return "\n" + std::string(w.any(kDept)) + "の皆様へ、以下の通り共有いたします。\n";
  }
}

std::string phone_number(Writer& w) {
  switch (w.pick(4)) {
    case 0: return "03-" + w.digits(4).replace(0, 1, "5") + "-" + w.digits(4);
    case 1: return "06-" + w.digits(4).replace(0, 1, "6") + "-" + w.digits(4);
    case 2: return "090-" + w.digits(4) + "-" + w.digits(4);
    default: return "0120-" + w.digits(3).replace(0, 1, "3") + "-" + w.digits(3);
  }
}

// Digits and hyphens of s in their full-width forms.
std::string wide(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out += static_cast<char>(0x90 + (c - '0'));
    } else if (c == '-') {
      out += "－";
    } else {
      out += c;
    }
  }
  return out;
}

std::string my_number(Writer& w) {
  const std::string base = w.digits(11);
  int sum = 0;
  for (int n = 1; n <= 11; ++n) sum += (base[static_cast<std::size_t>(11 - n)] - '0') * (n <= 6 ? n + 1 : n - 5);
  const int r = sum % 11;
  return base + static_cast<char>('0' + (r <= 1 ? 0 : 11 - r));
}

std::string corporate_number(Writer& w) {
  const std::string base = w.digits(12);
  int sum = 0;
  for (std::size_t n = 1; n <= 12; ++n) sum += (base[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
  return std::string(1, static_cast<char>('0' + 9 - sum % 9)) + base;
}

using Counts = std::array<std::size_t, sg::text::kPiiKinds>;

void plant(Writer& w, std::string& text, Counts& planted) {
  const auto add = [&](PiiKind k) { ++planted[static_cast<std::size_t>(k)]; };
  const std::string name = std::string(w.any(kFamily)) + " " + std::string(w.any(kGiven));
  const std::string email = std::string(w.any(kLocal)) + "@" + std::string(w.any(kDomains));
  switch (w.pick(10)) {
    case 0:
    case 1: {  // a signature
      const bool full_width = w.pick(4) == 0;
      const std::string zip = w.digits(3).replace(0, 1, "1") + "-" + w.digits(4);
      text += "\n--\n" + std::string(w.any(kCompany)) + " " + std::string(w.any(kDept)) + "\n" + name + "\n〒" +
              (full_width ? wide(zip) : zip) + " " + std::string(w.any(kPlaces)) + std::to_string(w.num(1, 9)) + "-" +
              std::to_string(w.num(1, 20)) + "-" + std::to_string(w.num(1, 30)) + "\nTEL：" +
              (full_width ? wide(phone_number(w)) : phone_number(w)) + "\nMail：" + email + "\n\n";
      add(PiiKind::postal_address);
      add(PiiKind::phone);
      add(PiiKind::email);
      break;
    }
    case 2:
      text += "担当の" + name + "（携帯 " + phone_number(w) + "）までご連絡ください。";
      add(PiiKind::phone);
      break;
    case 3:
      text += "海外からは +81 90 " + w.digits(4) + " " + w.digits(4) + " へお電話ください。";
      add(PiiKind::phone);
      break;
    case 4:
      text += "お支払いに使われたカード番号は " + std::string(w.any(kCards)) + " です。";
      add(PiiKind::card);
      break;
    case 5:
      text += "マイナンバー：" + my_number(w) + "（" + name + "）";
      add(PiiKind::my_number);
      break;
    case 6:
      text += "取引先の法人番号は" + corporate_number(w) + "です。";
      add(PiiKind::corporate_number);
      break;
    case 7:
      text += "お振込先：" + std::string(w.any(kBank)) + " " + std::string(w.any(kBranch)) + " 普通 " + w.digits(7) +
              " " + name + "。";
      add(PiiKind::bank_account);
      break;
    case 8:
      text += "生年月日：" + std::to_string(w.num(1950, 2005)) + "年" + std::to_string(w.num(1, 12)) + "月" +
              std::to_string(w.num(1, 28)) + "日、";
      add(PiiKind::birth_date);
      break;
    default:
      text += "詳細は " + email + " 宛てにお送りください。";
      add(PiiKind::email);
      break;
  }
}

std::string make_text(std::size_t bytes, std::uint64_t seed, Counts& planted) {
  Writer w(seed);
  std::string text;
  text.reserve(bytes + kMaxGap);
  while (text.size() < bytes) {
    const std::size_t until = text.size() + kMinGap + w.pick(kMaxGap - kMinGap);
    while (text.size() < until) text += sentence(w);
    plant(w, text, planted);
  }
  return text;
}

std::string counts_json(const Counts& c) {
  std::string out = "{";
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (k) out += ",";
    out += "\"" + std::string(sg::text::pii_kind_id(static_cast<PiiKind>(k))) + "\":" + std::to_string(c[k]);
  }
  return out + "}";
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mb = kDefaultMb;
  int runs = kDefaultRuns;
  std::uint64_t seed = 1;
  std::string write_path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) usage();
    if (a == "--mb") {
      mb = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--runs") {
      runs = std::atoi(argv[++i]);
    } else if (a == "--seed") {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--write") {
      write_path = argv[++i];
    } else {
      usage();
    }
  }
  if (mb == 0 || runs <= 0) usage();

  Counts planted{};
  const std::string text = make_text(mb * 1000 * 1000, seed, planted);
  if (!write_path.empty()) {
    std::ofstream out(write_path, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
      std::fprintf(stderr, "sg_bench_pii: cannot write %s\n", write_path.c_str());
      return 1;
    }
  }

  std::vector<double> cpu;
  std::vector<double> wall;
  sg::text::PiiScan scan;
  for (int r = 0; r < runs; ++r) {
    const double c0 = cpu_seconds();
    const double w0 = wall_seconds();
    scan = sg::text::scan_pii(text);
    cpu.push_back(cpu_seconds() - c0);
    wall.push_back(wall_seconds() - w0);
  }
  std::sort(cpu.begin(), cpu.end());
  std::sort(wall.begin(), wall.end());
  const double mbytes = static_cast<double>(text.size()) / 1e6;
  const auto median = [](const std::vector<double>& v) { return v[v.size() / 2]; };
  std::size_t items = 0;
  for (std::size_t c : planted) items += c;
  // Numbers in the text (runs of digits, ASCII or full-width), the scanner's candidates.
  std::size_t numbers = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto is_digit = [&](std::size_t k) {
      return (text[k] >= '0' && text[k] <= '9') ||
             (k + 2 < text.size() && text.compare(k, 2, "\xEF\xBC") == 0 &&
              static_cast<unsigned char>(text[k + 2]) >= 0x90 && static_cast<unsigned char>(text[k + 2]) <= 0x99);
    };
    if (is_digit(i) && (i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9'))) ++numbers;
  }
  std::printf(
      "{\"what\":\"pii scan\",\"bytes\":%zu,\"runs\":%d,\"mb_per_cpu_s\":%.0f,\"best_mb_per_cpu_s\":%.0f,"
      "\"mb_per_wall_s\":%.0f,\"bytes_per_item\":%zu,\"bytes_per_number\":%zu}\n",
      text.size(), runs, mbytes / median(cpu), mbytes / cpu.front(), mbytes / median(wall),
      text.size() / std::max<std::size_t>(items, 1), text.size() / std::max<std::size_t>(numbers, 1));
  std::printf("{\"what\":\"pii hits\",\"found\":%s,\"planted\":%s,\"all_found\":%s}\n",
              counts_json(scan.counts).c_str(), counts_json(planted).c_str(),
              scan.counts == planted ? "true" : "false");
  return 0;
}
