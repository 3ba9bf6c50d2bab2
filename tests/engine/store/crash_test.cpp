// Crash safety: a child records sent mail in a loop and is SIGKILLed at random moments; every
// record it had acknowledged (committed, then reported through a pipe) is there afterwards, and
// the database passes integrity_check.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <thread>

#include "store/history.h"
#include "store/sqlite.h"
#include "support/files.h"

using sg::store::Database;
using sg::store::History;
using sg::store::SentRecipient;

namespace {

std::string address(std::int64_t i) {
  return "r" + std::to_string(i) + "@example.jp";
}

// The child: opens (and on the first run creates) the database, then records forever, writing the
// number of committed records to the pipe after each commit.
[[noreturn]] void child(const std::filesystem::path& path, int run, int out) {
  auto db = Database::open(path);
  if (!db) _exit(2);
  auto history = History::open(*db);
  if (!history) _exit(3);
  const std::string sender = "s" + std::to_string(run) + "@example.co.jp";
  for (std::int64_t i = 0;; ++i) {
    const std::vector<SentRecipient> to = {{address(i), "example.jp", "名前"}, {"fixed@example.jp", "example.jp", ""}};
    if (!history->record_sent(sender, i, to)) _exit(4);
    const std::int64_t done = i + 1;
    if (write(out, &done, sizeof done) != static_cast<ssize_t>(sizeof done)) _exit(5);
  }
}

}  // namespace

TEST_CASE("SIGKILL at random moments loses no acknowledged record and never corrupts the database") {
  sg::test::TempDir dir;
  const auto path = dir.path() / "h.db";
  const unsigned seed = std::random_device{}();
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(2, 20);
  std::int64_t total_acknowledged = 0;
  for (int run = 0; run < 10; ++run) {
    CAPTURE(run);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      child(path, run, fds[1]);
    }
    close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    // The child may block on a full pipe; it is killed either way.
    REQUIRE(kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));  // an _exit code would mean the child failed, not a crash
    std::int64_t acknowledged = 0;
    std::int64_t value = 0;
    while (read(fds[0], &value, sizeof value) == static_cast<ssize_t>(sizeof value)) acknowledged = value;
    close(fds[0]);
    total_acknowledged += acknowledged;

    auto db = Database::open(path);
    REQUIRE(db.ok());
    auto check = sg::store::Statement::prepare(*db, "PRAGMA integrity_check");
    REQUIRE(check.ok());
    REQUIRE(*check->step());
    CHECK(check->column_text(0) == "ok");
    check->reset();  // an unfinished statement would keep a migration from replacing tables
    auto history = History::open(*db);
    if (!history) FAIL_CHECK(history.error().message.en);
    REQUIRE(history.ok());
    const std::string sender = "s" + std::to_string(run) + "@example.co.jp";
    std::int64_t missing = 0;
    for (std::int64_t i = 0; i < acknowledged; ++i) {
      if (!*history->seen_address(sender, address(i))) ++missing;
    }
    CHECK(missing == 0);
    if (acknowledged > 0) CHECK(history->contact(sender, "fixed@example.jp")->count >= acknowledged);
  }
  MESSAGE("acknowledged records across the runs: " << total_acknowledged);
  CHECK(total_acknowledged > 0);
}
