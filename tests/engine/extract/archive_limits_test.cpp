// Hostile archives end within their limits with the right Problem, quickly: a 1 GiB zip bomb,
// entries that lie about their size, deep nesting, 20,000 entries, path tricks, encryption, and a
// 100 MB CSV that must not be copied.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>

#include "extract/attachment_text.h"
#include "extract/extract_session.h"
#include "extract_checks.h"
#include "zip_builder.h"

using sg::extract::extract_text;
using sg::extract::ExtractLimits;
using sg::extract::ProblemKind;
using sg::test::contains;
using sg::test::describe;
using sg::test::has_problem;
using sg::test::text_at;

// The largest single allocation made while `g_watch` is set: proves a big input is not copied.
namespace {
std::atomic<bool> g_watch{false};
std::atomic<std::size_t> g_largest{0};

void note_allocation(std::size_t n) {
  if (!g_watch.load(std::memory_order_relaxed)) return;
  std::size_t seen = g_largest.load(std::memory_order_relaxed);
  while (n > seen && !g_largest.compare_exchange_weak(seen, n)) {
  }
}
}  // namespace

// GCC 12 at -O2 inlines std::allocator's operator delete into callers and then warns that the
// replacement below frees what "new" allocated: these replacements are a matched pair by design.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  note_allocation(n);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Quick in a Debug + ASan build on a shared 2-core machine; the limits make the work bounded.
constexpr double kQuickSeconds = 3.0;
}  // namespace

TEST_CASE("a ZIP bomb (1 GiB of zeros in one entry) is refused by its ratio before inflating") {
  sg::test::ZipWriter w;
  w.add_zeros("zeros.txt", std::uint64_t{1} << 30);
  w.add("readme.txt", "残りのファイル");
  const std::string zip = w.finish();
  CHECK(zip.size() < 2 * 1024 * 1024);
  const auto start = Clock::now();
  const auto x = extract_text("bomb.zip", "", zip);
  INFO(describe(x));
  CHECK(seconds_since(start) < kQuickSeconds);
  // The whole archive declares ~1000 times its size: refused as a whole.
  CHECK(has_problem(x, ProblemKind::bomb, ""));
  CHECK(x.parts.empty());
}

namespace {
std::string zip_with_zeros_entry() {
  sg::test::ZipWriter w;
  w.add_zeros("zeros.txt", 8 * 1024 * 1024);                   // ~1000:1
  w.add("noise.bin.txt", std::string(200 * 1024, 'x'), true);  // stored: keeps the overall ratio low
  w.add("memo.txt", "社外秘メモ");
  return w.finish();
}
}  // namespace

TEST_CASE("an entry over the ratio is refused alone when the archive as a whole is not a bomb") {
  ExtractLimits limits;
  limits.max_ratio = 100;
  const auto x = extract_text("mixed.zip", "", zip_with_zeros_entry(), limits);
  INFO(describe(x));
  CHECK(has_problem(x, ProblemKind::bomb, "zeros.txt"));
  CHECK(text_at(x, "memo.txt") == "社外秘メモ");
  // Under a laxer ratio the same entry inflates completely (its deflate data and CRC are sound).
  limits.max_ratio = 2000;
  const auto lax = extract_text("mixed.zip", "", zip_with_zeros_entry(), limits);
  INFO(describe(lax));
  CHECK(text_at(lax, "zeros.txt") == std::string(8 * 1024 * 1024, '\0'));
  CHECK(lax.problems.empty());
}

TEST_CASE("an entry that inflates past its declared size is stopped there") {
  sg::test::ZipWriter w;
  w.add("liar.txt", std::string(10 * 1024 * 1024, 'A'));
  std::string zip = w.finish();
  sg::test::lie_about_sizes(zip, 1000);
  const auto start = Clock::now();
  const auto x = extract_text("liar.zip", "", zip);
  INFO(describe(x));
  CHECK(seconds_since(start) < kQuickSeconds);
  CHECK(has_problem(x, ProblemKind::bomb, "liar.txt"));
  CHECK(sg::test::part_at(x, "liar.txt") == nullptr);
}

TEST_CASE("entries past the total inflation budget are refused before they are inflated") {
  sg::test::ZipWriter w;
  for (int i = 0; i < 4; ++i)
    w.add("part" + std::to_string(i) + ".txt", std::string(300 * 1024, static_cast<char>('a' + i)), true);
  ExtractLimits limits;
  limits.max_uncompressed = 700 * 1024;
  const auto x = extract_text("parts.zip", "", w.finish(), limits);
  INFO(describe(x));
  CHECK(sg::test::part_at(x, "part0.txt") != nullptr);
  CHECK(sg::test::part_at(x, "part1.txt") != nullptr);
  CHECK(has_problem(x, ProblemKind::too_large, "part2.txt"));
  CHECK(has_problem(x, ProblemKind::too_large, "part3.txt"));
}

namespace {
// z1.zip holds secret.txt; zN.zip holds z(N-1).zip.
std::string nested_zips(int levels) {
  std::string inner;
  {
    sg::test::ZipWriter w;
    w.add("secret.txt", "最深部の秘密 innermost secret");
    inner = w.finish();
  }
  for (int level = 2; level <= levels; ++level) {
    sg::test::ZipWriter w;
    w.add("z" + std::to_string(level - 1) + ".zip", std::move(inner));
    inner = w.finish();
  }
  return inner;
}
}  // namespace

TEST_CASE("10 nested ZIPs stop at max_depth with too_deep where the limit was crossed") {
  const std::string zip = nested_zips(10);
  const auto x = extract_text("z10.zip", "", zip);  // max_depth 3
  INFO(describe(x));
  CHECK(has_problem(x, ProblemKind::too_deep, "z9.zip/z8.zip/z7.zip/z6.zip"));
  CHECK(sg::test::count_problems(x, ProblemKind::too_deep) == 1);
  CHECK(x.parts.empty());

  ExtractLimits deep;
  deep.max_depth = 9;
  const auto all = extract_text("z10.zip", "", zip, deep);
  INFO(describe(all));
  CHECK(text_at(all, "z9.zip/z8.zip/z7.zip/z6.zip/z5.zip/z4.zip/z3.zip/z2.zip/z1.zip/secret.txt") ==
        "最深部の秘密 innermost secret");
  CHECK(all.problems.empty());
}

TEST_CASE("an archive of 20,000 entries is refused from its directory record, before reading") {
  sg::test::ZipWriter w;
  for (int i = 0; i < 20'000; ++i) w.add("f" + std::to_string(i) + ".txt", "x", true);
  const std::string zip = w.finish();
  const auto start = Clock::now();
  const auto x = extract_text("many.zip", "", zip);
  INFO(describe(x));
  CHECK(seconds_since(start) < kQuickSeconds);
  CHECK(has_problem(x, ProblemKind::too_many_entries, ""));
  CHECK(x.parts.empty());
  ExtractLimits roomy;
  roomy.max_entries = 20'000;
  roomy.time_budget = std::chrono::minutes(1);
  const auto allowed = extract_text("many.zip", "", zip, roomy);
  CHECK(allowed.parts.size() == 20'000);
}

TEST_CASE("entry names with path tricks are reported as bad_path and skipped; good ones are read") {
  sg::test::ZipWriter w;
  w.add("../../etc/passwd", "root:x:0:0");
  w.add("C:\\x", "drive");
  w.add("/abs/path.txt", "absolute");
  w.add("dir/../../up.txt", "up");
  w.add("ctlYname.txt", "control");  // libzip's writer refuses control characters: patched below
  w.add("nulXname.txt", "nul");
  w.add(std::string(1100, 'n') + ".txt", "long");
  w.add("ok/fine.txt", "普通のファイル");
  std::string zip = w.finish();
  sg::test::patch_bytes(zip, "ctlYname.txt", "ctl\x01name.txt");
  sg::test::patch_bytes(zip, "nulXname.txt", std::string("nul\0name.txt", 12));
  const auto x = extract_text("tricks.zip", "", zip);
  INFO(describe(x));
  CHECK(has_problem(x, ProblemKind::bad_path, "../../etc/passwd"));
  CHECK(has_problem(x, ProblemKind::bad_path, "C:\\x"));
  CHECK(has_problem(x, ProblemKind::bad_path, "/abs/path.txt"));
  CHECK(has_problem(x, ProblemKind::bad_path, "dir/../../up.txt"));
  CHECK(has_problem(x, ProblemKind::bad_path, "ctl\uFFFDname.txt"));
  CHECK(sg::test::count_problems(x, ProblemKind::bad_path) == 7);
  CHECK(text_at(x, "ok/fine.txt") == "普通のファイル");
  CHECK(x.parts.size() == 1);
  for (const auto& p : x.problems) CHECK(p.location.size() <= sg::extract::kMaxLocationBytes + 3);  // + "…"
}

TEST_CASE("an encrypted entry is a problem of that entry, not of the archive") {
  sg::test::ZipWriter w;
  const auto secret = w.add("secret.txt", "暗号化された中身");
  const auto legacy = w.add("legacy.csv", "氏名,電話\n山田,03-1234-5678\n");
  w.add("public.txt", "公開情報");
  w.encrypt(secret, ZIP_EM_AES_256, "pass word");
  w.encrypt(legacy, ZIP_EM_TRAD_PKWARE, "pass word");
  const auto x = extract_text("mixed.zip", "", w.finish());
  INFO(describe(x));
  CHECK(x.format == "zip");
  CHECK(has_problem(x, ProblemKind::encrypted, "secret.txt"));
  CHECK(has_problem(x, ProblemKind::encrypted, "legacy.csv"));
  CHECK(text_at(x, "public.txt") == "公開情報");
  CHECK(x.parts.size() == 1);
}

TEST_CASE("a 100 MB CSV ends at the text limit, quickly, without a second 100 MB allocation") {
  std::string csv;
  csv.reserve(100 * 1024 * 1024 + 64);
  const std::string row = "12345,山田太郎,03-1234-5678,taro@example.jp\n";
  while (csv.size() < 100 * 1024 * 1024) csv += row;
  g_largest = 0;
  g_watch = true;
  const auto start = Clock::now();
  const auto x = extract_text("big.csv", "text/csv", csv);
  const double elapsed = seconds_since(start);
  g_watch = false;
  INFO(describe(x));
  CHECK(elapsed < kQuickSeconds);
  CHECK(has_problem(x, ProblemKind::too_large, ""));
  CHECK(has_problem(x, ProblemKind::truncated, ""));
  const std::string& text = text_at(x, "");
  CHECK(text.size() <= sg::extract::kDefaultMaxTextBytes);
  CHECK(text.size() > sg::extract::kDefaultMaxTextBytes - row.size());
  CHECK(text.compare(0, row.size(), row) == 0);
  CHECK(g_largest.load() <= sg::extract::kDefaultMaxTextBytes + 1024);
}

TEST_CASE("a text entry in a ZIP is only inflated as far as the text budget needs") {
  sg::test::ZipWriter w;
  w.add("log.txt", std::string(20 * 1024 * 1024, 'L'), true);  // stored: deflated it would be a bomb
  ExtractLimits limits;
  limits.max_text_bytes = 1024 * 1024;
  const auto x = extract_text("logs.zip", "", w.finish(), limits);
  INFO(describe(x));
  CHECK(text_at(x, "log.txt").size() == 1024 * 1024);
  CHECK(has_problem(x, ProblemKind::truncated, "log.txt"));
}

TEST_CASE("the time budget stops a long archive with timeout and keeps what was read") {
  sg::test::ZipWriter w;
  for (int i = 0; i < 200; ++i) w.add("f" + std::to_string(i) + ".txt", "中身 " + std::to_string(i));
  ExtractLimits limits;
  limits.time_budget = std::chrono::milliseconds(0);
  const auto x = extract_text("slow.zip", "", w.finish(), limits);
  INFO(describe(x));
  CHECK(sg::test::count_problems(x, ProblemKind::timeout) == 1);
  CHECK(x.parts.size() < 200);
}

TEST_CASE("a file over max_input_bytes that is not text is not opened at all") {
  sg::test::ZipWriter w;
  w.add("a.txt", std::string(4096, 'a'), true);
  ExtractLimits limits;
  limits.max_input_bytes = 1024;
  const auto x = extract_text("a.zip", "", w.finish(), limits);
  CHECK(x.format == "zip");
  CHECK(has_problem(x, ProblemKind::too_large, ""));
  CHECK(x.parts.empty());
}

TEST_CASE("a Zip64 archive of 70,000 entries is refused from its Zip64 directory record") {
  sg::test::ZipWriter w;
  for (int i = 0; i < 70'000; ++i) w.add(std::to_string(i), "", true);
  const std::string zip = w.finish();
  REQUIRE(zip.find("PK\x06\x06") != std::string::npos);  // libzip wrote a Zip64 end record
  const auto x = extract_text("many64.zip", "", zip);
  INFO(describe(x));
  CHECK(has_problem(x, ProblemKind::too_many_entries, ""));
  CHECK(sg::test::contains(x.problems.at(0).detail, "declares 70000 entries"));
}
