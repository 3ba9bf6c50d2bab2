// The sending history (issue 5): how well the five history rules catch a wrong recipient, and
// what a large history costs.
//
// eval: synthetic sending histories, deterministic from the seed. Each sender writes to teams of
// contacts at a few organisations over two years; the first 80% of their messages are recorded
// (store::History::record_sent), the last 20% become test drafts. Every test draft is checked as
// it was sent (clean) and with one external recipient replaced (injected) by
//   other_contact  a known contact of the sender from another team,
//   same_name      a contact with the same family (else given) name at another organisation,
//   domain_typo    the same local part at a one-letter typo of the domain, or .co.jp -> .jp.
// "Detected": a finding of one of the five history ids targets the injected recipient.
// "False warning": one of the five ids fires on a clean draft at warning or danger severity.
//
// perf: one sender, 1,000,000 messages to 50,000 contacts at ~5,000 domains imported with
// History::import_sent (a unique key each, 1,000 per transaction, like the host's importer);
// then facts_for + check latency of 20-recipient drafts against it and against an empty history.
//
// usage: sg_bench_history eval [--seed N] [--senders N] [--online] [--keep]
//        sg_bench_history perf [--messages N] [--contacts N] [--domains N] [--checks N] [--seed N] [--keep]
//   --online  eval learns each test draft after checking it (as the host learns sent mail); by
//             default the history stays as it was at the 80% split.
//   --keep    leaves the temporary directory with the databases (its path goes to stderr).
//   --db DIR  keeps the databases in DIR; when DIR/large.sqlite3 exists the import is skipped and
//             that history is measured again (for comparing builds on one history).
// Prints one JSON line per figure on stdout (scripts/bench shows them); progress, and examples of
// history findings on clean drafts and of missed injections, go to stderr.
#include <fmt/format.h>
#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "check/check.h"
#include "core/address.h"
#include "policy/scoring.h"
#include "rules/rule.h"
#include "store/history.h"
#include "store/sqlite.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using sg::Action;
using sg::Address;
using sg::Field;

namespace {

// ---------------------------------------------------------------------------------------------
// Plumbing

[[noreturn]] void die(std::string_view what) {
  std::fprintf(stderr, "sg_bench_history: %.*s\n", static_cast<int>(what.size()), what.data());
  std::exit(1);
}

template <class T>
T must(sg::Result<T> r, std::string_view what) {
  if (!r) die(fmt::format("{}: {}", what, r.error().message.en));
  return std::move(r).value();
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A directory under /tmp, removed with everything in it.
class TempDir {
 public:
  // A given directory (created when missing) that is never removed.
  explicit TempDir(const fs::path& given) : path_(given), keep_(true) {
    std::error_code ec;
    fs::create_directories(path_, ec);
    if (ec) die("cannot create " + path_.string());
  }
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "sg_bench_history.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) die("cannot create a temporary directory");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!keep_) fs::remove_all(path_, ec);
  }
  // Leaves the directory in place (for looking at the databases afterwards).
  void keep() {
    keep_ = true;
    std::fprintf(stderr, "sg_bench_history: keeping %s\n", path_.c_str());
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  bool keep_ = false;
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(g_() % n); }
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }
  double unit() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  // An index drawn from cumulative weights.
  std::size_t weighted(const std::vector<double>& cdf) {
    const double x = unit() * cdf.back();
    const auto it = std::upper_bound(cdf.begin(), cdf.end(), x);
    return std::min(static_cast<std::size_t>(it - cdf.begin()), cdf.size() - 1);
  }
  template <class V>
  void shuffle(V& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }
  std::uint64_t next() { return g_(); }

 private:
  std::mt19937_64 g_;
};

std::vector<double> cumulative(const std::vector<double>& weights) {
  std::vector<double> cdf(weights.size());
  double sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) cdf[i] = sum += weights[i];
  return cdf;
}

// Weights 1/(rank+1)^s over n items: power-law popularity.
std::vector<double> zipf_cdf(std::size_t n, double s) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = 1.0 / std::pow(static_cast<double>(i + 1), s);
  return cumulative(w);
}

std::string rate(std::int64_t hit, std::int64_t n) {
  return n == 0 ? std::string("null") : fmt::format("{:.4f}", static_cast<double>(hit) / static_cast<double>(n));
}

// ---------------------------------------------------------------------------------------------
// Names and domains

struct NamePart {
  const char* written;
  const char* roman;
  double weight;
};

// Family names roughly as common as in Japan (佐藤, 鈴木, 高橋, 田中 the most), given names with a
// few popular ones: full-name collisions between organisations happen on their own.
constexpr auto kFamily = std::to_array<NamePart>({
    {"佐藤", "sato", 10},     {"鈴木", "suzuki", 9},     {"高橋", "takahashi", 8}, {"田中", "tanaka", 8},
    {"伊藤", "ito", 6},       {"渡辺", "watanabe", 6},   {"山本", "yamamoto", 6},  {"中村", "nakamura", 6},
    {"小林", "kobayashi", 5}, {"加藤", "kato", 5},       {"吉田", "yoshida", 4},   {"山田", "yamada", 4},
    {"佐々木", "sasaki", 4},  {"山口", "yamaguchi", 3},  {"松本", "matsumoto", 3}, {"井上", "inoue", 3},
    {"木村", "kimura", 3},    {"清水", "shimizu", 3},    {"斎藤", "saito", 3},     {"森", "mori", 2},
    {"池田", "ikeda", 2},     {"橋本", "hashimoto", 2},  {"阿部", "abe", 2},       {"石川", "ishikawa", 2},
    {"前田", "maeda", 2},     {"藤田", "fujita", 2},     {"小川", "ogawa", 2},     {"岡田", "okada", 2},
    {"後藤", "goto", 2},      {"長谷川", "hasegawa", 2}, {"石井", "ishii", 1},     {"村上", "murakami", 1},
    {"近藤", "kondo", 1},     {"坂本", "sakamoto", 1},   {"遠藤", "endo", 1},      {"青木", "aoki", 1},
    {"藤井", "fujii", 1},     {"西村", "nishimura", 1},  {"福田", "fukuda", 1},    {"太田", "ota", 1},
});
constexpr auto kGiven = std::to_array<NamePart>({
    {"健太", "kenta", 4},   {"翔太", "shota", 4},    {"美咲", "misaki", 4},  {"陽菜", "hina", 3},
    {"花子", "hanako", 2},  {"太郎", "taro", 2},     {"一郎", "ichiro", 2},  {"大輔", "daisuke", 3},
    {"結衣", "yui", 2},     {"さくら", "sakura", 2}, {"直樹", "naoki", 2},   {"恵", "megumi", 2},
    {"誠", "makoto", 2},    {"裕子", "yuko", 2},     {"拓也", "takuya", 2},  {"愛", "ai", 1},
    {"隆", "takashi", 2},   {"真由美", "mayumi", 1}, {"浩二", "koji", 1},    {"由美", "yumi", 2},
    {"健", "ken", 1},       {"彩", "aya", 1},        {"亮", "ryo", 1},       {"麻衣", "mai", 1},
    {"学", "manabu", 1},    {"絵美", "emi", 1},      {"達也", "tatsuya", 1}, {"京子", "kyoko", 1},
    {"哲也", "tetsuya", 1}, {"明美", "akemi", 1},    {"修", "osamu", 1},     {"香織", "kaori", 1},
});
constexpr auto kEnFirst = std::to_array<std::string_view>(
    {"James",  "Mary", "John",   "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sarah",
     "Daniel", "Emma", "Thomas", "Laura",    "Chris",  "Anna",     "Mark",    "Lisa",  "Paul",  "Kate"});
constexpr auto kEnLast = std::to_array<std::string_view>(
    {"Smith", "Johnson", "Brown",  "Taylor",   "Miller", "Wilson", "Moore", "Anderson", "Thomas", "Jackson",
     "White", "Harris",  "Martin", "Thompson", "Clark",  "Lewis",  "Lee",   "Walker",   "Hall",   "Young"});
constexpr auto kWords = std::to_array<std::string_view>(
    {"sakura",  "midori",  "aozora",   "hikari",    "tancho", "nanami",    "ruri",   "asahi",    "kaede", "hoshino",
     "tsubasa", "minato",  "yamabuki", "wakaba",    "kohaku", "shirakawa", "akane",  "hayabusa", "ibuki", "fuji",
     "kiri",    "momiji",  "suzuran",  "tachibana", "umi",    "sora",      "kasumi", "hinode",   "kirin", "takumi",
     "mirai",   "nishiki", "tokiwa",   "yukari",    "hotaru", "izumi",     "kawase", "marumi",   "sanko", "daiichi",
     "toyo",    "meiwa",   "kyowa",    "shinsei",   "koyo",   "eiko",      "seiwa",  "nichiei",  "taiyo", "chidori"});
constexpr auto kSuffixes = std::to_array<std::string_view>(
    {"shoji", "sangyo",  "giken",    "seiki", "unyu",  "kensetsu", "insatsu", "sekkei", "denki",     "kogyo",
     "tech",  "systems", "partners", "labs",  "media", "trading",  "bussan",  "foods",  "logistics", "consulting"});
constexpr auto kEnWords = std::to_array<std::string_view>(
    {"northwind", "bluepeak", "silverline", "westmarch", "brightwave", "clearwater", "redstone", "oakfield", "lakeside",
     "summit", "harbor", "pinecrest", "ironbridge", "greenleaf", "skyward", "riverbend"});
constexpr auto kEnSuffixes =
    std::to_array<std::string_view>({"group", "partners", "global", "labs", "capital", "digital", "works", "media"});

std::vector<double> part_weights(const auto& parts) {
  std::vector<double> w;
  for (const NamePart& p : parts) w.push_back(p.weight);
  return cumulative(w);
}

struct Person {
  bool english = false;
  std::string family, given;        // as written
  std::string family_ro, given_ro;  // lower-case Latin, for local parts
};

Person make_person(Rng& rng, bool english) {
  static const std::vector<double> family_cdf = part_weights(kFamily);
  static const std::vector<double> given_cdf = part_weights(kGiven);
  Person p;
  p.english = english;
  if (english) {
    p.given = kEnFirst[rng.below(kEnFirst.size())];
    p.family = kEnLast[rng.below(kEnLast.size())];
    for (char c : p.given) p.given_ro += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char c : p.family) p.family_ro += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  } else {
    const NamePart& f = kFamily[rng.weighted(family_cdf)];
    const NamePart& g = kGiven[rng.weighted(given_cdf)];
    p.family = f.written;
    p.family_ro = f.roman;
    p.given = g.written;
    p.given_ro = g.roman;
  }
  return p;
}

// 0: "佐藤 花子" / "John Smith", 1: "佐藤花子" / "Smith, John", 2: "佐藤 花子 様" / "John Smith".
std::string display_name(const Person& p, int format) {
  if (p.english) return format == 1 ? p.family + ", " + p.given : p.given + " " + p.family;
  if (format == 1) return p.family + p.given;
  if (format == 2) return p.family + " " + p.given + " 様";
  return p.family + " " + p.given;
}

std::string local_part(Rng& rng, const Person& p) {
  switch (rng.below(5)) {
    case 0: return p.given_ro + "." + p.family_ro;
    case 1: return p.family_ro + "." + p.given_ro;
    case 2: return p.given_ro.substr(0, 1) + p.family_ro;
    case 3: return p.family_ro + "-" + p.given_ro.substr(0, 1);
    default: return p.family_ro;
  }
}

Address make(std::string_view name, std::string_view local, std::string_view domain) {
  return must(sg::make_address(name, fmt::format("{}@{}", local, domain)), "make_address");
}

// A domain label such as "sakura-shoji" or "mirailogistics".
std::string org_label(Rng& rng, bool english) {
  if (english) {
    return fmt::format("{}{}{}", kEnWords[rng.below(kEnWords.size())], rng.chance(0.5) ? "-" : "",
                       kEnSuffixes[rng.below(kEnSuffixes.size())]);
  }
  return fmt::format("{}{}{}", kWords[rng.below(kWords.size())], rng.chance(0.6) ? "-" : "",
                     kSuffixes[rng.below(kSuffixes.size())]);
}

// ---------------------------------------------------------------------------------------------
// The check, as the host runs it

const std::array<std::string_view, 5> kHistoryIds = {"recipient.first_time", "recipient.first_time_domain",
                                                     "recipient.lookalike_domain", "recipient.same_name",
                                                     "recipient.outlier"};

bool is_history_id(std::string_view id) {
  return std::find(kHistoryIds.begin(), kHistoryIds.end(), id) != kHistoryIds.end();
}

std::vector<sg::store::DraftRecipient> draft_recipients(const sg::Draft& d) {
  std::vector<sg::store::DraftRecipient> out;
  for (Field f : {Field::to, Field::cc, Field::bcc}) {
    for (const Address& a : d.field(f)) out.push_back({a.key(), a.domain_ascii, a.name});
  }
  return out;
}

sg::Verdict check_with_history(sg::store::History& history, const std::string& sender, const sg::Draft& d,
                               const sg::Profile& profile) {
  const auto facts = must(history.facts_for(sender, draft_recipients(d)), "facts_for");
  return sg::check(d, profile, &facts);
}

// The action the history findings would lead to on their own.
Action history_only_action(const sg::Verdict& v, const sg::Profile& profile) {
  std::vector<sg::Finding> mine;
  for (const sg::Finding& f : v.findings) {
    if (is_history_id(f.id)) mine.push_back(f);
  }
  return sg::score_findings(mine, profile).action;
}

std::shared_ptr<const sg::Profile> profile_for(std::string_view internal_domain) {
  sg::ProfileLoad load =
      sg::load_profile(sg::default_parameter_table(),
                       fmt::format(R"({{"organization": {{"internal_domains": ["{}"]}}}})", internal_domain));
  if (!load.profile) die("the profile did not load");
  return load.profile;
}

// ---------------------------------------------------------------------------------------------
// eval: one sender's world

struct Org {
  std::string label, suffix, domain;
  bool english = false;
  double start = 0;  // when the sender first works with it, as a share of the two years
  std::vector<int> contacts;
};

struct Contact {
  Person person;
  Address address;       // with the usual display name ("" when the contact has none)
  std::string alt_name;  // the same name written another way
  std::string key;
  int org = -1;  // -1: a colleague at the sender's own domain
  std::int64_t history_count = 0;
};

struct Team {
  std::vector<int> members;
  int colleague = -1;
  double weight = 1;
  double start = 0, end = 1;  // active period, as a share of the sender's two years
};

struct SentTo {
  int contact;
  Field field;
  int name_variant;  // 0 usual, 1 none, 2 the other spelling
};

struct Message {
  std::int64_t when = 0;
  int team = 0;
  std::vector<SentTo> to;
};

struct World {
  Address sender;
  std::string sender_key;
  std::string own_domain;
  std::vector<Org> orgs;
  std::vector<Contact> contacts;
  std::vector<Team> teams;
  std::vector<Message> messages;
  std::set<std::string> domains;  // every domain of this world, the sender's own included
};

constexpr std::int64_t kEpoch = 1'700'000'000;
constexpr std::int64_t kTwoYears = 2 * 365 * 86400;

std::string unique_domain(Rng& rng, bool english, std::set<std::string>& used_labels, std::string& label,
                          std::string& suffix) {
  for (;;) {
    label = org_label(rng, english);
    if (!used_labels.insert(label).second) continue;
    suffix = !english && rng.chance(0.35) ? "co.jp" : "example";
    return label + "." + suffix;
  }
}

int add_contact(World& w, Rng& rng, const Person& p, const std::string& domain, int org,
                std::set<std::string>& locals) {
  std::string local = local_part(rng, p);
  for (int n = 2; !locals.insert(local + "@" + domain).second; ++n) local = local_part(rng, p) + std::to_string(n);
  Contact c;
  c.person = p;
  const double r = rng.unit();
  const int format = p.english ? (r < 0.85 ? 0 : 1) : (r < 0.65 ? 0 : r < 0.88 ? 1 : 2);
  const bool named = rng.chance(0.9);
  c.address = make(named ? display_name(p, format) : "", local, domain);
  c.alt_name = display_name(p, format == 0 ? 1 : 0);
  c.key = c.address.key();
  c.org = org;
  w.contacts.push_back(std::move(c));
  return static_cast<int>(w.contacts.size() - 1);
}

World make_world(Rng& rng, int index) {
  World w;
  std::set<std::string> labels;
  std::set<std::string> locals;
  std::string label, suffix;
  w.own_domain = unique_domain(rng, false, labels, label, suffix);
  w.domains.insert(w.own_domain);
  const Person me = make_person(rng, false);
  w.sender = make(display_name(me, 0), fmt::format("{}.{}{}", me.given_ro, me.family_ro, index), w.own_domain);
  w.sender_key = w.sender.key();

  std::vector<int> colleagues;
  const int n_colleagues = rng.between(4, 12);
  for (int i = 0; i < n_colleagues; ++i) {
    colleagues.push_back(add_contact(w, rng, make_person(rng, false), w.own_domain, -1, locals));
  }
  const int n_orgs = rng.between(3, 8);
  for (int o = 0; o < n_orgs; ++o) {
    Org org;
    org.english = rng.chance(0.2);
    org.domain = unique_domain(rng, org.english, labels, org.label, org.suffix);
    w.domains.insert(org.domain);
    // One organisation in five is a new partner, first written to in the second half.
    if (o > 0 && rng.chance(0.2)) org.start = 0.5 + rng.unit() * 0.45;
    const int n = rng.between(5, 40);
    for (int i = 0; i < n; ++i) {
      const bool english = org.english ? rng.chance(0.9) : rng.chance(0.05);
      org.contacts.push_back(add_contact(w, rng, make_person(rng, english), org.domain, o, locals));
    }
    w.orgs.push_back(std::move(org));
  }

  // Teams: each organisation's contacts in groups of 1-6, sometimes with someone from another team
  // or organisation, often with a colleague who is Cc'd now and then.
  static const std::vector<double> size_cdf = cumulative({0.15, 0.30, 0.25, 0.15, 0.10, 0.05});
  for (std::size_t o = 0; o < w.orgs.size(); ++o) {
    std::vector<int> pool = w.orgs[o].contacts;
    rng.shuffle(pool);
    std::size_t at = 0;
    while (at < pool.size()) {
      const std::size_t size = std::min(rng.weighted(size_cdf) + 1, pool.size() - at);
      Team t;
      t.members.assign(pool.begin() + static_cast<std::ptrdiff_t>(at),
                       pool.begin() + static_cast<std::ptrdiff_t>(at + size));
      at += size;
      if (rng.chance(0.2)) {
        const int extra = pool[rng.below(pool.size())];
        if (std::find(t.members.begin(), t.members.end(), extra) == t.members.end()) t.members.push_back(extra);
      }
      if (w.orgs.size() > 1 && rng.chance(0.15)) {
        const Org& other = w.orgs[(o + 1 + rng.below(w.orgs.size() - 1)) % w.orgs.size()];
        t.members.push_back(other.contacts[rng.below(other.contacts.size())]);
      }
      if (rng.chance(0.6)) t.colleague = colleagues[rng.below(colleagues.size())];
      t.weight = (1.0 / static_cast<double>(1 + rng.below(10))) * (rng.chance(0.1) ? 5.0 : 1.0);
      const double org_start = w.orgs[o].start;
      if (!rng.chance(0.4)) {
        t.start = org_start + rng.unit() * (0.95 - org_start);
        t.end = std::min(1.0, t.start + 0.1 + rng.unit() * 0.6);
      } else {
        t.start = org_start;
      }
      w.teams.push_back(std::move(t));
    }
  }

  // Messages: at a random time, to a team active then (by weight), most of its members.
  const int n_messages = rng.between(300, 2000);
  std::vector<double> times;
  for (int i = 0; i < n_messages; ++i) times.push_back(rng.unit());
  std::sort(times.begin(), times.end());
  for (const double f : times) {
    std::vector<double> weights;
    for (const Team& t : w.teams) weights.push_back(t.start <= f && f <= t.end ? t.weight : 0.0);
    std::vector<double> cdf = cumulative(weights);
    const std::size_t ti = cdf.back() > 0 ? rng.weighted(cdf) : rng.below(w.teams.size());
    const Team& t = w.teams[ti];
    Message m;
    m.when = kEpoch + static_cast<std::int64_t>(f * static_cast<double>(kTwoYears));
    m.team = static_cast<int>(ti);
    const auto variant = [&rng] { return rng.chance(0.88) ? 0 : rng.chance(0.5) ? 1 : 2; };
    for (const int c : t.members) {
      if (rng.chance(0.75)) {
        m.to.push_back({c, m.to.empty() || rng.chance(0.4) ? Field::to : Field::cc, variant()});
      }
    }
    if (m.to.empty()) m.to.push_back({t.members[rng.below(t.members.size())], Field::to, variant()});
    if (t.colleague >= 0 && rng.chance(0.5)) m.to.push_back({t.colleague, Field::cc, variant()});
    w.messages.push_back(std::move(m));
  }
  return w;
}

Address as_sent(const Contact& c, int variant) {
  Address a = c.address;
  if (variant == 1) a.name.clear();
  if (variant == 2 && !a.name.empty()) a.name = c.alt_name;
  return a;
}

std::vector<sg::store::SentRecipient> sent_recipients(const World& w, const Message& m) {
  std::vector<sg::store::SentRecipient> out;
  for (const SentTo& s : m.to) {
    const Address a = as_sent(w.contacts[static_cast<std::size_t>(s.contact)], s.name_variant);
    out.push_back({a.key(), a.domain_ascii, a.name});
  }
  return out;
}

sg::Draft draft_of(const World& w, const Message& m) {
  sg::Draft d;
  d.client_name = "bench";
  d.locale = sg::Locale::ja;
  d.from = w.sender;
  d.subject = "打ち合わせの件";
  d.body.text =
      "いつもお世話になっております。\n先日の打ち合わせの件、日程を調整させてください。\nよろしくお願いいたします。\n";
  for (const SentTo& s : m.to) {
    (s.field == Field::to ? d.to : d.cc)
        .push_back(as_sent(w.contacts[static_cast<std::size_t>(s.contact)], s.name_variant));
  }
  return d;
}

// Replaces the recipient at (field, index) of a copy of the draft.
sg::Draft replaced(const sg::Draft& d, Field field, std::size_t index, const Address& with) {
  sg::Draft copy = d;
  (field == Field::to ? copy.to : copy.cc)[index] = with;
  return copy;
}

// ---------------------------------------------------------------------------------------------
// eval: typos

constexpr std::array<std::string_view, 3> kKeyboardRows = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

char neighbour_key(Rng& rng, char c) {
  for (std::size_t r = 0; r < 3; ++r) {
    const std::size_t at = kKeyboardRows[r].find(c);
    if (at == std::string_view::npos) continue;
    std::vector<char> near;
    if (at > 0) near.push_back(kKeyboardRows[r][at - 1]);
    if (at + 1 < kKeyboardRows[r].size()) near.push_back(kKeyboardRows[r][at + 1]);
    return near[rng.below(near.size())];
  }
  return 'x';
}

// Positions of letters (not hyphens) in the label.
std::vector<std::size_t> letters(const std::string& label) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (label[i] != '-') out.push_back(i);
  }
  return out;
}

// One typo of the organisation's domain, of the given kind; "" when the kind does not apply.
std::string typo_domain(Rng& rng, const Org& org, std::string_view kind) {
  std::string label = org.label;
  const std::vector<std::size_t> at = letters(label);
  if (kind == "suffix") return org.suffix == "co.jp" ? label + ".jp" : "";
  if (kind == "insert") {
    const std::size_t i = at[rng.below(at.size())];
    // A doubled letter half of the time, a neighbouring key otherwise.
    label.insert(label.begin() + static_cast<std::ptrdiff_t>(i + 1),
                 rng.chance(0.5) ? label[i] : neighbour_key(rng, label[i]));
  } else if (kind == "delete") {
    label.erase(at[rng.below(at.size())], 1);
  } else if (kind == "substitute") {
    const std::size_t i = at[rng.below(at.size())];
    label[i] = neighbour_key(rng, label[i]);
  } else {  // transpose two adjacent, different letters
    std::vector<std::size_t> pairs;
    for (std::size_t i = 0; i + 1 < label.size(); ++i) {
      if (label[i] != '-' && label[i + 1] != '-' && label[i] != label[i + 1]) pairs.push_back(i);
    }
    const std::size_t i = pairs[rng.below(pairs.size())];
    std::swap(label[i], label[i + 1]);
  }
  return label + "." + org.suffix;
}

// ---------------------------------------------------------------------------------------------
// eval: tallies

struct Tally {
  std::int64_t n = 0, hit = 0;
  void add(bool h) {
    ++n;
    hit += h ? 1 : 0;
  }
};

std::string tally_json(const std::map<std::string, Tally>& m) {
  std::string out = "{";
  for (const auto& [k, t] : m) {
    if (out.size() > 1) out += ",";
    out += fmt::format(R"("{}":{{"n":{},"hit":{},"rate":{}}})", k, t.n, t.hit, rate(t.hit, t.n));
  }
  return out + "}";
}

std::string counts_json(const std::map<std::string, std::int64_t>& m, std::int64_t n) {
  std::string out = "{";
  for (const std::string_view id : kHistoryIds) {
    const auto it = m.find(std::string(id));
    const std::int64_t c = it == m.end() ? 0 : it->second;
    if (out.size() > 1) out += ",";
    out += fmt::format(R"("{}":{{"n":{},"rate":{}}})", id, c, rate(c, n));
  }
  return out + "}";
}

struct CleanGroup {
  std::int64_t drafts = 0;
  std::int64_t warned = 0;  // any history id at warning or danger
  std::map<std::string, std::int64_t> by_id;
  std::int64_t history_only_above_allow = 0;
  std::int64_t raised_by_history = 0;

  void add(const std::set<std::string>& fired, bool history_only, bool raised) {
    ++drafts;
    warned += fired.empty() ? 0 : 1;
    for (const std::string& id : fired) ++by_id[id];
    history_only_above_allow += history_only ? 1 : 0;
    raised_by_history += raised ? 1 : 0;
  }
};

std::string clean_json(const CleanGroup& g) {
  return fmt::format(
      R"("drafts":{},"false_warning":{},"false_warning_rate":{},"by_id":{},"history_only_action_above_allow":{},"history_only_action_above_allow_rate":{},"action_raised_by_history":{},"action_raised_by_history_rate":{})",
      g.drafts, g.warned, rate(g.warned, g.drafts), counts_json(g.by_id, g.drafts), g.history_only_above_allow,
      rate(g.history_only_above_allow, g.drafts), g.raised_by_history, rate(g.raised_by_history, g.drafts));
}

struct InjectStats {
  std::int64_t drafts = 0;    // test drafts tried
  std::int64_t injected = 0;  // a replacement was found
  std::int64_t detected = 0;
  std::map<std::string, std::int64_t> by_id;  // history ids that targeted the injected recipient
  std::int64_t action_above_clean = 0;
  std::map<std::string, std::int64_t> actions;
  std::map<std::string, Tally> sub;
};

// Distinct recipient keys of the draft other than at (field, index).
std::vector<const Address*> others(const sg::Draft& d, Field field, std::size_t index) {
  std::vector<const Address*> out;
  for (Field f : {Field::to, Field::cc}) {
    const auto& list = d.field(f);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (f == field && i == index) continue;
      out.push_back(&list[i]);
    }
  }
  return out;
}

// One line about a draft for the examples on stderr: each recipient with its messages in history.
void describe(const World& w, std::size_t history_messages, const sg::Draft& d, const std::string& outcome,
              std::vector<std::string>& out) {
  std::string who;
  for (Field fld : {Field::to, Field::cc}) {
    for (const Address& a : d.field(fld)) {
      std::int64_t count = 0;
      for (const Contact& c : w.contacts) {
        if (c.key == a.key()) count = c.history_count;
      }
      who += fmt::format(" {}{}<{}> ({} sent before)",
                         fld == Field::to ? "To:" : "Cc:", a.name.empty() ? "" : a.name + " ", a.address(), count);
    }
  }
  std::string line = fmt::format("sender {} [{} messages in history]:{}\n    -> {}", w.sender.address(),
                                 history_messages, who, outcome);
  if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(std::move(line));
}

int eval(std::uint64_t seed, int n_senders, bool online, bool keep) {
  const auto t_start = Clock::now();
  TempDir dir;
  if (keep) dir.keep();
  sg::store::Database db = must(sg::store::Database::open(dir.path() / "history.sqlite3"), "open");
  sg::store::History history = must(sg::store::History::open(db), "History::open");

  CleanGroup clean;
  std::map<std::string, CleanGroup> clean_by_group;
  std::map<std::string, InjectStats> inject;
  std::map<std::string, std::vector<std::string>> examples;  // clean drafts of known recipients that warn
  std::vector<std::int64_t> hist_messages, hist_contacts, hist_domains, hist_shared_names;
  std::int64_t checks = 0;
  std::int64_t test_total = 0;

  for (int s = 0; s < n_senders; ++s) {
    Rng rng(seed * 1'000'003 + static_cast<std::uint64_t>(s) * 7919 + 1);
    World w = make_world(rng, s);
    const std::size_t split = w.messages.size() * 8 / 10;
    {
      auto tx = must(sg::store::Transaction::begin(db), "begin");
      for (std::size_t i = 0; i < split; ++i) {
        must(history.record_sent(w.sender_key, w.messages[i].when, sent_recipients(w, w.messages[i])), "record_sent");
        for (const SentTo& st : w.messages[i].to) {
          Contact& c = w.contacts[static_cast<std::size_t>(st.contact)];
          bool dup = false;  // a contact counts once per message
          for (const SentTo& other : w.messages[i].to) {
            if (&other == &st) break;
            dup = dup || other.contact == st.contact;
          }
          if (!dup) ++c.history_count;
        }
      }
      must(tx.commit(), "commit");
    }
    std::set<std::string> known_domains;
    std::vector<int> known_external;
    for (std::size_t c = 0; c < w.contacts.size(); ++c) {
      if (w.contacts[c].history_count == 0) continue;
      known_domains.insert(w.contacts[c].address.domain_ascii);
      if (w.contacts[c].org >= 0) known_external.push_back(static_cast<int>(c));
    }
    const auto known_count = static_cast<std::int64_t>(
        std::count_if(w.contacts.begin(), w.contacts.end(), [](const Contact& c) { return c.history_count > 0; }));
    const auto tests = static_cast<std::int64_t>(w.messages.size() - split);
    // Contacts (colleagues included) who share their full name with another contact of the sender.
    std::map<std::string, int> full_names;
    for (const Contact& c : w.contacts) ++full_names[c.person.family + "\t" + c.person.given];
    std::int64_t shared_names = 0;
    for (const Contact& c : w.contacts) shared_names += full_names[c.person.family + "\t" + c.person.given] > 1 ? 1 : 0;
    hist_shared_names.push_back(shared_names);
    test_total += tests;
    hist_messages.push_back(static_cast<std::int64_t>(split));
    hist_contacts.push_back(known_count);
    hist_domains.push_back(static_cast<std::int64_t>(known_domains.size()));
    fmt::print(
        R"({{"what":"history eval: sender","sender":{},"history_messages":{},"known_contacts":{},"known_domains":{},"contacts_in_world":{},"contacts_sharing_a_full_name":{},"organisations":{},"teams":{},"test_drafts":{}}})"
        "\n",
        s, split, known_count, known_domains.size(), w.contacts.size(), shared_names, w.orgs.size(), w.teams.size(),
        tests);
    std::fflush(stdout);

    const auto profile = profile_for(w.own_domain);
    for (std::size_t mi = split; mi < w.messages.size(); ++mi) {
      const Message& m = w.messages[mi];
      const sg::Draft d = draft_of(w, m);
      const sg::Verdict v = check_with_history(history, w.sender_key, d, *profile);
      const sg::Verdict bare = sg::check(d, *profile, nullptr);
      checks += 2;

      // Clean.
      bool all_known = true;
      for (const SentTo& st : m.to) {
        const Contact& c = w.contacts[static_cast<std::size_t>(st.contact)];
        if (c.org >= 0 && c.history_count == 0) all_known = false;
      }
      std::set<std::string> fired;
      for (const sg::Finding& f : v.findings) {
        if (is_history_id(f.id) && f.severity != sg::Severity::info) fired.insert(f.id);
      }
      const bool history_only = history_only_action(v, *profile) > Action::allow;
      const bool raised = v.action > bare.action;
      clean.add(fired, history_only, raised);
      clean_by_group[all_known ? "all_external_known" : "some_external_new"].add(fired, history_only, raised);
      for (const sg::Finding& f : v.findings) {
        if (!is_history_id(f.id)) continue;
        // Findings on drafts to known people only, and same_name on any clean draft.
        if (!all_known && f.id != "recipient.same_name") continue;
        auto& list = examples[fmt::format("clean, {}: {}",
                                          all_known ? "every external recipient known" : "a new recipient", f.id)];
        if (list.size() < 6) describe(w, split, d, f.id + ": " + f.message.en, list);
      }

      // The recipient to replace: a random external one.
      std::vector<std::pair<Field, std::size_t>> external;
      std::vector<int> external_contact;
      {
        std::size_t ti = 0, ci = 0;
        for (const SentTo& st : m.to) {
          const std::size_t pos = st.field == Field::to ? ti++ : ci++;
          if (w.contacts[static_cast<std::size_t>(st.contact)].org >= 0) {
            external.emplace_back(st.field, pos);
            external_contact.push_back(st.contact);
          }
        }
      }
      if (external.empty()) continue;
      const std::size_t pick = rng.below(external.size());
      const Field field = external[pick].first;
      const std::size_t index = external[pick].second;
      const Contact& x = w.contacts[static_cast<std::size_t>(external_contact[pick])];
      std::set<int> in_draft;
      for (const SentTo& st : m.to) in_draft.insert(st.contact);
      const std::vector<const Address*> rest = others(d, field, index);
      // The precondition of recipient.outlier: two of the other recipients were together on at
      // least min_group_messages (2 by default) messages of the history.
      bool others_group = false;
      for (std::size_t a = 0; a < rest.size() && !others_group; ++a) {
        for (std::size_t b = a + 1; b < rest.size() && !others_group; ++b) {
          others_group = must(history.pair_count(w.sender_key, rest[a]->key(), rest[b]->key()), "pair_count") >= 2;
        }
      }
      const auto outlier_case = [&](const Address& y) {
        bool shares_domain = false;
        for (const Address* a : rest) shares_domain = shares_domain || a->domain_ascii == y.domain_ascii;
        if (shares_domain) return "outlier_n/a:shares_a_domain_with_another_recipient";
        if (rest.size() < 2) return "outlier_n/a:fewer_than_2_other_recipients";
        if (!others_group) return "outlier_n/a:others_not_a_known_group";
        return "outlier_applies:others_are_a_group_and_none_at_its_domain";
      };
      const Team& team = w.teams[static_cast<std::size_t>(m.team)];

      // miss_example: a group of missed injections to show on stderr ("" for none).
      const auto run = [&](const std::string& kind, const Address& with, const std::vector<std::string>& subs,
                           const std::string& miss_example = "") {
        InjectStats& st = inject[kind];
        ++st.injected;
        const sg::Draft bad = replaced(d, field, index, with);
        const sg::Verdict iv = check_with_history(history, w.sender_key, bad, *profile);
        ++checks;
        bool detected = false;
        for (const sg::Finding& f : iv.findings) {
          if (!is_history_id(f.id)) continue;
          for (const sg::Target& t : f.targets) {
            if (t.kind == sg::Target::Kind::recipient && t.address == with.address()) {
              detected = true;
              ++st.by_id[f.id];
            }
          }
        }
        st.detected += detected ? 1 : 0;
        st.action_above_clean += iv.action > v.action ? 1 : 0;
        ++st.actions[std::string(sg::action_name(iv.action))];
        for (const std::string& sub : subs) st.sub[sub].add(detected);
        if (!detected && !miss_example.empty()) {
          auto& list = examples[fmt::format("missed, {}, {}", kind, miss_example)];
          if (list.size() < 4) {
            std::string found;
            for (const sg::Finding& f : iv.findings) found += (found.empty() ? "" : ", ") + f.id;
            std::string links;  // messages the injected recipient shared with each other recipient
            for (const Address* a : rest) {
              const std::int64_t n = must(history.pair_count(w.sender_key, with.key(), a->key()), "pair_count");
              if (n > 0) links += fmt::format(" {}:{}", a->address(), n);
            }
            describe(w, split, bad,
                     fmt::format("{} replaced by {}; findings: {}; messages it shared with the others:{}",
                                 x.address.address(), with.address(), found, links.empty() ? " none" : links),
                     list);
          }
        }
      };

      // 1. Another known contact, from another team.
      {
        ++inject["other_contact"].drafts;
        std::vector<int> candidates;
        for (const int c : known_external) {
          if (in_draft.count(c) > 0) continue;
          if (std::find(team.members.begin(), team.members.end(), c) != team.members.end()) continue;
          candidates.push_back(c);
        }
        if (!candidates.empty()) {
          const Contact& y = w.contacts[static_cast<std::size_t>(candidates[rng.below(candidates.size())])];
          const std::string why = outlier_case(y.address);
          run("other_contact", y.address,
              {why, y.org == x.org ? "same_organisation_as_replaced" : "other_organisation"},
              why.starts_with("outlier_applies") ? "the outlier rule's preconditions hold" : "");
        }
      }
      // 2. The other 佐藤: the same family name (else given name) at another organisation; a known
      // contact when there is one (autocomplete offers those), else any of the sender's contacts.
      {
        ++inject["same_name"].drafts;
        for (const std::string_view match : {"family", "given"}) {
          std::vector<int> known, unknown;
          for (std::size_t c = 0; c < w.contacts.size(); ++c) {
            const Contact& y = w.contacts[c];
            if (y.org < 0 || y.org == x.org || in_draft.count(static_cast<int>(c)) > 0) continue;
            if (y.person.english != x.person.english) continue;
            const bool same = match == "family" ? y.person.family == x.person.family : y.person.given == x.person.given;
            if (same) (y.history_count > 0 ? known : unknown).push_back(static_cast<int>(c));
          }
          const std::vector<int>& pool = known.empty() ? unknown : known;
          if (pool.empty()) continue;
          const Contact& y = w.contacts[static_cast<std::size_t>(pool[rng.below(pool.size())])];
          const bool same_full = y.person.family == x.person.family && y.person.given == x.person.given;
          run("same_name", y.address,
              {fmt::format("same_{}_name", match), y.history_count > 0 ? "known_contact" : "never_written_to",
               same_full ? "same_full_name" : "different_full_name",
               y.history_count > 0 ? outlier_case(y.address) : "outlier_n/a:never_written_to"},
              same_full ? "the same full name" : "");
          break;
        }
      }
      // 3. A one-letter typo of the domain (or .co.jp -> .jp), with the right local part and name.
      {
        ++inject["domain_typo"].drafts;
        const Org& org = w.orgs[static_cast<std::size_t>(x.org)];
        std::vector<std::string_view> kinds = {"insert", "delete", "substitute", "transpose"};
        if (org.suffix == "co.jp") kinds.push_back("suffix");
        const std::string_view kind = kinds[rng.below(kinds.size())];
        std::string domain;
        for (int attempt = 0; attempt < 20 && (domain.empty() || w.domains.count(domain) > 0); ++attempt) {
          domain = typo_domain(rng, org, kind);
        }
        if (!domain.empty() && w.domains.count(domain) == 0) {
          run("domain_typo", make(x.address.name, x.address.local, domain),
              {std::string(kind), org.suffix == "co.jp" ? "co.jp" : "example",
               known_domains.count(org.domain) > 0 ? "intended_domain_known" : "intended_domain_new_too"});
        }
      }

      if (online) {  // the host learns every mail sent: so does the history here, and what we know of it
        must(history.record_sent(w.sender_key, m.when, sent_recipients(w, m)), "record_sent");
        for (const int c : in_draft) {
          Contact& contact = w.contacts[static_cast<std::size_t>(c)];
          if (contact.history_count++ == 0 && contact.org >= 0) known_external.push_back(c);
          known_domains.insert(contact.address.domain_ascii);
        }
      }
    }
  }

  // Figures.
  const auto summary = [](std::vector<std::int64_t> v) {
    std::sort(v.begin(), v.end());
    std::int64_t total = 0;
    for (auto x : v) total += x;
    return fmt::format(R"({{"min":{},"median":{},"max":{},"total":{}}})", v.front(), v[v.size() / 2], v.back(), total);
  };
  fmt::print(
      R"({{"what":"history eval: histories","seed":{},"senders":{},"online_learning":{},"history_messages":{},"known_contacts":{},"known_domains":{},"contacts_sharing_a_full_name":{},"test_drafts":{}}})"
      "\n",
      seed, n_senders, online, summary(hist_messages), summary(hist_contacts), summary(hist_domains),
      summary(hist_shared_names), test_total);
  fmt::print(R"({{"what":"history eval: clean","group":"all",{}}})"
             "\n",
             clean_json(clean));
  for (const auto& [group, g] : clean_by_group) {
    fmt::print(R"({{"what":"history eval: clean","group":"{}",{}}})"
               "\n",
               group, clean_json(g));
  }
  for (const std::string_view kind : {"other_contact", "same_name", "domain_typo"}) {
    const InjectStats& st = inject[std::string(kind)];
    std::string actions = "{";
    for (const auto& [a, n] : st.actions) actions += fmt::format(R"({}"{}":{})", actions.size() > 1 ? "," : "", a, n);
    actions += "}";
    fmt::print(
        R"({{"what":"history eval: injected","kind":"{}","test_drafts":{},"injected":{},"detected":{},"detection_rate":{},"targeted_by":{},"action_above_clean":{},"action_above_clean_rate":{},"actions":{},"sub":{}}})"
        "\n",
        kind, st.drafts, st.injected, st.detected, rate(st.detected, st.injected), counts_json(st.by_id, st.injected),
        st.action_above_clean, rate(st.action_above_clean, st.injected), actions, tally_json(st.sub));
  }
  fmt::print(R"({{"what":"history eval: runtime","seconds":{:.1f},"checks":{}}})"
             "\n",
             seconds_since(t_start), checks);
  for (const auto& [what, list] : examples) {
    for (const std::string& e : list) std::fprintf(stderr, "example (%s): %s\n", what.c_str(), e.c_str());
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// perf

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// 64 hex digits, like the importer's SHA-256 keys.
std::string message_key(std::uint64_t i) {
  return fmt::format("{:016x}{:016x}{:016x}{:016x}", splitmix(i), splitmix(i ^ 0x1111), splitmix(i ^ 0x2222),
                     splitmix(i ^ 0x3333));
}

struct PerfContact {
  std::string key, domain, name;
  Person person;
};

std::vector<double> percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double p) { return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))]; };
  return {at(0.50), at(0.90), at(0.99), v.back()};
}

std::uint64_t file_bytes(const fs::path& p) {
  std::error_code ec;
  const auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

int perf(std::uint64_t seed, std::int64_t n_messages, std::size_t n_contacts, std::size_t n_domains, int n_checks,
         bool keep, const std::string& db_dir) {
  const auto t_start = Clock::now();
  std::optional<TempDir> own_dir;
  if (db_dir.empty()) {
    own_dir.emplace();
  } else {
    own_dir.emplace(fs::path(db_dir));
  }
  TempDir& dir = *own_dir;
  if (keep && db_dir.empty()) dir.keep();
  Rng rng(seed);
  const std::string own_domain = "corp-perf.example";
  const std::string sender = "bench.sender@corp-perf.example";

  // Domains and contacts: every domain gets one contact, the rest follow a power law over domains.
  std::vector<std::string> domains;
  {
    std::set<std::string> used;
    while (domains.size() < n_domains) {
      const bool english = rng.chance(0.2);
      std::string label =
          english ? fmt::format("{}{}-{}", kEnWords[rng.below(kEnWords.size())], kEnWords[rng.below(kEnWords.size())],
                                kEnSuffixes[rng.below(kEnSuffixes.size())])
                  : fmt::format("{}{}-{}", kWords[rng.below(kWords.size())], kWords[rng.below(kWords.size())],
                                kSuffixes[rng.below(kSuffixes.size())]);
      const std::string domain = label + (english ? ".example" : rng.chance(0.4) ? ".co.jp" : ".example");
      if (used.insert(domain).second) domains.push_back(domain);
    }
  }
  std::vector<PerfContact> contacts;
  std::vector<std::vector<std::size_t>> by_domain(n_domains);
  {
    const std::vector<double> domain_cdf = zipf_cdf(n_domains, 0.7);
    std::unordered_set<std::string> keys;
    for (std::size_t i = 0; i < n_contacts; ++i) {
      const std::size_t d = i < n_domains ? i : rng.weighted(domain_cdf);
      PerfContact c;
      c.person = make_person(rng, rng.chance(0.15));
      c.domain = domains[d];
      std::string local = local_part(rng, c.person);
      for (int n = 2; !keys.insert(local + "@" + c.domain).second; ++n)
        local = local_part(rng, c.person) + std::to_string(n);
      c.key = local + "@" + c.domain;
      c.name = rng.chance(0.85) ? display_name(c.person, rng.chance(0.8) ? 0 : 1) : "";
      by_domain[d].push_back(contacts.size());
      contacts.push_back(std::move(c));
    }
  }
  std::vector<PerfContact> colleagues;
  for (int i = 0; i < 50; ++i) {
    PerfContact c;
    c.person = make_person(rng, false);
    c.domain = own_domain;
    c.key = fmt::format("{}.{}{}@{}", c.person.given_ro, c.person.family_ro, i, own_domain);
    c.name = display_name(c.person, 0);
    colleagues.push_back(std::move(c));
  }
  // Popularity: a random permutation of ranks, so popular contacts are spread over the domains.
  std::vector<std::size_t> contact_rank(n_contacts);
  for (std::size_t i = 0; i < n_contacts; ++i) contact_rank[i] = i;
  rng.shuffle(contact_rank);
  const std::vector<double> contact_cdf = zipf_cdf(n_contacts, 1.0);
  const auto popular_contact = [&] { return contact_rank[rng.weighted(contact_cdf)]; };
  // Teams of 2-8, mostly at one domain, sometimes with a colleague.
  struct PerfTeam {
    std::vector<std::size_t> members;
    int colleague = -1;
  };
  std::vector<PerfTeam> teams(std::max<std::size_t>(1, n_contacts / 4));
  for (PerfTeam& t : teams) {
    const std::size_t lead = popular_contact();
    t.members.push_back(lead);
    const auto& home = by_domain[static_cast<std::size_t>(
        std::find(domains.begin(), domains.end(), contacts[lead].domain) - domains.begin())];
    const std::size_t size = static_cast<std::size_t>(rng.between(2, 8));
    for (int attempt = 0; attempt < 20 && t.members.size() < size; ++attempt) {
      const std::size_t c = rng.chance(0.85) ? home[rng.below(home.size())] : rng.below(n_contacts);
      if (std::find(t.members.begin(), t.members.end(), c) == t.members.end()) t.members.push_back(c);
    }
    if (rng.chance(0.3)) t.colleague = static_cast<int>(rng.below(colleagues.size()));
  }
  const std::vector<double> team_cdf = zipf_cdf(teams.size(), 1.0);

  // Import.
  const fs::path large_path = dir.path() / "large.sqlite3";
  // With --db, a database left by an earlier run with the same parameters is measured again.
  const bool reuse = !db_dir.empty() && fs::exists(large_path);
  sg::store::Database db = must(sg::store::Database::open(large_path), "open");
  sg::store::History history = must(sg::store::History::open(db), "History::open");
  constexpr std::int64_t kBatch = 1000;
  constexpr std::int64_t kThreeYears = 3 * 365 * 86400;
  const auto t_import = Clock::now();
  std::int64_t recipients_total = 0;
  {
    std::optional<sg::store::Transaction> tx;
    std::vector<sg::store::SentRecipient> rs;
    std::vector<std::size_t> chosen;
    for (std::int64_t i = 0; i < (reuse ? 0 : n_messages); ++i) {
      if (!tx) tx.emplace(must(sg::store::Transaction::begin(db), "begin"));
      rs.clear();
      const auto add = [&](const PerfContact& c) {
        rs.push_back({c.key, c.domain, rng.chance(0.8) ? c.name : std::string()});
      };
      if (rng.chance(0.25)) {
        add(contacts[popular_contact()]);
        if (rng.chance(0.1)) add(colleagues[rng.below(colleagues.size())]);
      } else {
        const PerfTeam& t = teams[rng.weighted(team_cdf)];
        chosen = t.members;
        rng.shuffle(chosen);
        const std::size_t k =
            static_cast<std::size_t>(rng.between(1, static_cast<int>(std::min<std::size_t>(8, chosen.size()))));
        for (std::size_t j = 0; j < k; ++j) add(contacts[chosen[j]]);
        if (t.colleague >= 0 && rs.size() < 8 && rng.chance(0.5))
          add(colleagues[static_cast<std::size_t>(t.colleague)]);
      }
      recipients_total += static_cast<std::int64_t>(rs.size());
      const std::int64_t when = kEpoch + i * kThreeYears / std::max<std::int64_t>(1, n_messages);
      if (!must(history.import_sent(message_key(static_cast<std::uint64_t>(i)), sender, when, rs), "import_sent")) {
        die("a message key was not unique");
      }
      if ((i + 1) % kBatch == 0 || i + 1 == n_messages) {
        must(tx->commit(), "commit");
        tx.reset();
      }
      if ((i + 1) % 100000 == 0) {
        std::fprintf(stderr, "perf: imported %lld messages, %.0f messages/s\n", static_cast<long long>(i + 1),
                     static_cast<double>(i + 1) / seconds_since(t_import));
      }
    }
  }
  const double import_s = seconds_since(t_import);
  must(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
  const std::uint64_t db_bytes = file_bytes(large_path) + file_bytes(large_path.string() + "-wal");
  std::int64_t known_contacts = 0, pairs = 0, known_domains = 0;
  for (auto [sql, out] :
       {std::pair{"SELECT count(*) FROM contacts", &known_contacts}, std::pair{"SELECT count(*) FROM pairs", &pairs},
        std::pair{"SELECT count(*) FROM domains", &known_domains}}) {
    auto stmt = must(sg::store::Statement::prepare(db, sql), "prepare");
    if (must(stmt.step(), "step")) *out = stmt.column_int64(0);
  }
  if (reuse) std::fprintf(stderr, "perf: reusing %s (the import figures below are not measured)\n", large_path.c_str());
  fmt::print(
      R"({{"what":"history perf: import","messages":{},"recipients":{},"known_contacts":{},"known_domains":{},"pairs":{},"batch":{},"seconds":{:.1f},"messages_per_s":{:.0f},"db_mb":{:.1f}}})"
      "\n",
      n_messages, recipients_total, known_contacts, known_domains, pairs, kBatch, import_s,
      static_cast<double>(n_messages) / import_s, static_cast<double>(db_bytes) / 1e6);
  std::fflush(stdout);

  const fs::path empty_path = dir.path() / "empty.sqlite3";
  if (reuse) fs::remove(empty_path);
  sg::store::Database empty_db = must(sg::store::Database::open(empty_path), "open");
  sg::store::History empty = must(sg::store::History::open(empty_db), "History::open");

  // Drafts: 20 recipients. A team and other popular contacts (known), 4 new addresses at known
  // domains, 0-2 at domains never written to, colleagues for the rest; display names on most.
  const auto profile = profile_for(own_domain);
  std::vector<sg::Draft> drafts;
  for (int i = 0; i < n_checks; ++i) {
    sg::Draft d;
    d.client_name = "bench";
    d.locale = sg::Locale::ja;
    d.from = make("ベンチ 送信者", "bench.sender", own_domain);
    d.subject = "来期プロジェクト体制のご案内";
    d.body.text = "関係者各位\n\nいつもお世話になっております。\n来期の体制についてご案内いたします。\n";
    std::set<std::string> keys;
    std::vector<Address> list;
    const auto push = [&](const std::string& name, const std::string& key) {
      if (!keys.insert(key).second) return;
      const std::size_t at = key.find('@');
      list.push_back(make(name, key.substr(0, at), key.substr(at + 1)));
    };
    const PerfTeam& t = teams[rng.weighted(team_cdf)];
    for (const std::size_t c : t.members) {
      if (list.size() < 8) push(rng.chance(0.7) ? contacts[c].name : "", contacts[c].key);
    }
    while (list.size() < 12) {
      const PerfContact& c = contacts[popular_contact()];
      push(rng.chance(0.7) ? c.name : "", c.key);
    }
    for (int k = 0; k < 4; ++k) {
      const Person p = make_person(rng, false);
      push(rng.chance(0.7) ? display_name(p, 0) : "",
           fmt::format("new{}.{}.{}@{}", i, k, p.family_ro, contacts[t.members[0]].domain));
    }
    const int fresh = rng.between(0, 2);
    for (int k = 0; k < fresh; ++k) {
      const Person p = make_person(rng, false);
      push(display_name(p, 0),
           fmt::format("{}@fresh{}-{}.example", p.family_ro, i * 3 + k, kWords[rng.below(kWords.size())]));
    }
    while (list.size() < 20) {
      const PerfContact& c = colleagues[rng.below(colleagues.size())];
      push(c.name, c.key);
    }
    for (std::size_t k = 0; k < list.size(); ++k) (k < 10 ? d.to : d.cc).push_back(list[k]);
    drafts.push_back(std::move(d));
  }

  const std::string sender_key = sender;
  const auto measure = [&](sg::store::History& h, const sg::Draft& d, std::vector<double>& total,
                           std::vector<double>& facts_only) {
    const auto t0 = Clock::now();
    const auto facts = must(h.facts_for(sender_key, draft_recipients(d)), "facts_for");
    const auto t1 = Clock::now();
    const sg::Verdict v = sg::check(d, *profile, &facts);
    const auto t2 = Clock::now();
    if (v.recipients.size() != 20) die("the draft does not have 20 recipients");
    total.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
    facts_only.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  };
  std::vector<double> large_total, large_facts, empty_total, empty_facts;
  std::vector<double> scratch_a, scratch_b;
  for (int i = 0; i < std::min(50, n_checks); ++i) {  // warm-up: caches, statements, the page cache
    measure(history, drafts[static_cast<std::size_t>(i)], scratch_a, scratch_b);
    measure(empty, drafts[static_cast<std::size_t>(i)], scratch_a, scratch_b);
  }
  for (const sg::Draft& d : drafts) {  // interleaved, so both see the same machine state
    measure(history, d, large_total, large_facts);
    measure(empty, d, empty_total, empty_facts);
  }
  const auto line = [&](std::string_view what, const std::vector<double>& total, const std::vector<double>& facts) {
    const auto p = percentiles(total);
    const auto f = percentiles(facts);
    fmt::print(
        R"({{"what":"{}","checks":{},"recipients":20,"p50_us":{:.0f},"p90_us":{:.0f},"p99_us":{:.0f},"max_us":{:.0f},"facts_for_p50_us":{:.0f},"facts_for_p99_us":{:.0f}}})"
        "\n",
        what, total.size(), p[0], p[1], p[2], p[3], f[0], f[2]);
    return p[2];
  };
  const double p99_large =
      line(fmt::format("history perf: facts_for + check, {} messages", n_messages), large_total, large_facts);
  const double p99_empty = line("history perf: facts_for + check, empty history", empty_total, empty_facts);
  fmt::print(R"({{"what":"history perf: p99 difference","p99_large_minus_empty_us":{:.0f},"goal_us":2000,"met":{}}})"
             "\n",
             p99_large - p99_empty, p99_large - p99_empty < 2000.0);
  std::fflush(stdout);

  fmt::print(R"({{"what":"history perf: runtime","seconds":{:.1f}}})"
             "\n",
             seconds_since(t_start));
  return 0;
}

[[noreturn]] void usage() {
  std::fprintf(
      stderr,
      "usage: sg_bench_history eval [--seed N] [--senders N] [--online] [--keep]\n"
      "       sg_bench_history perf [--messages N] [--contacts N] [--domains N] [--checks N] [--seed N] [--keep]\n"
      "                            [--db DIR]\n");
  std::exit(2);
}

std::int64_t number(int argc, char** argv, int& i) {
  if (i + 1 >= argc) usage();
  char* end = nullptr;
  const long long v = std::strtoll(argv[++i], &end, 10);
  if (end == nullptr || *end != '\0' || v < 0) usage();
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) usage();
  const std::string_view mode = argv[1];
  std::uint64_t seed = 1;
  int senders = 20;
  bool online = false;
  bool keep = false;
  std::int64_t messages = 1'000'000;
  std::int64_t contacts = 50'000;
  std::int64_t domains = 5'000;
  std::int64_t checks = 1'000;
  std::string db_dir;
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--seed") {
      seed = static_cast<std::uint64_t>(number(argc, argv, i));
    } else if (a == "--senders" && mode == "eval") {
      senders = static_cast<int>(std::clamp<std::int64_t>(number(argc, argv, i), 1, 1000));
    } else if (a == "--online" && mode == "eval") {
      online = true;
    } else if (a == "--keep") {
      keep = true;
    } else if (a == "--messages" && mode == "perf") {
      messages = std::max<std::int64_t>(1, number(argc, argv, i));
    } else if (a == "--contacts" && mode == "perf") {
      contacts = std::max<std::int64_t>(100, number(argc, argv, i));
    } else if (a == "--domains" && mode == "perf") {
      domains = std::max<std::int64_t>(1, number(argc, argv, i));
    } else if (a == "--db" && mode == "perf" && i + 1 < argc) {
      db_dir = argv[++i];
    } else if (a == "--checks" && mode == "perf") {
      checks = std::max<std::int64_t>(1, number(argc, argv, i));
    } else {
      usage();
    }
  }
  if (mode == "eval") return eval(seed, senders, online, keep);
  if (mode == "perf") {
    domains = std::min(domains, contacts);
    return perf(seed, messages, static_cast<std::size_t>(contacts), static_cast<std::size_t>(domains),
                static_cast<int>(std::min<std::int64_t>(checks, 1'000'000)), keep, db_dir);
  }
  usage();
}
