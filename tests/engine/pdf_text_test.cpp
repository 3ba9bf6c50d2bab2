// PDF text through the sendguard-pdftext helper: real PDFs made by LibreOffice (CTest fixture
// sg_pdf_fixtures), hostile helpers standing in for a PDF that hangs, floods or crashes poppler.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "extract/pdf_text.h"
#include "text/utf8.h"

namespace {

namespace ex = sg::extract;
namespace fs = std::filesystem;
using Status = ex::PdfResult::Status;
using Clock = std::chrono::steady_clock;

std::string fixture(const std::string& name) {
  const fs::path path = fs::path(SG_PDF_FIXTURES_DIR) / name;
  REQUIRE_MESSAGE(fs::exists(path), path.string() << " is made by the CTest fixture sg_pdf_fixtures: run via ctest");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ex::PdfHelper real_helper() {
  return ex::PdfHelper{{SG_PDF_HELPER}};
}

ex::PdfHelper fake_helper(std::vector<std::string> argv, std::chrono::milliseconds timeout = ex::kDefaultPdfTimeout) {
  ex::PdfHelper h;
  h.argv = std::move(argv);
  h.timeout = timeout;
  return h;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

// Field 4 of /proc/<pid>/stat is the parent pid; field 3 the state (Z for a zombie).
struct ProcStat {
  char state = '?';
  int ppid = 0;
};
std::optional<ProcStat> proc_stat(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const std::size_t close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 1));
  ProcStat st;
  rest >> st.state >> st.ppid;
  return st;
}

// Our children, alive or zombie: after every extraction there must be none.
int child_count() {
  int n = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (const auto st = proc_stat(name); st && st->ppid == ::getpid()) ++n;
  }
  return n;
}

int open_fd_count() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

}  // namespace

TEST_CASE("Japanese and English text of a LibreOffice PDF is extracted") {
  const ex::PdfResult r = ex::extract_pdf_text(real_helper(), fixture("ja_en.pdf"));
  REQUIRE_MESSAGE(r.status == Status::ok, r.detail);
  CHECK_FALSE(r.truncated);
  REQUIRE(r.pages.size() == 1);
  CHECK(r.pages[0].find("見積書") != std::string::npos);
  CHECK(r.pages[0].find("山田太郎") != std::string::npos);
  CHECK(r.pages[0].find("Quotation for Client A") != std::string::npos);
  CHECK(r.pages[0].find("1,234,567") != std::string::npos);
  CHECK(sg::text::is_valid_utf8(r.pages[0]));
  CHECK(child_count() == 0);
}

TEST_CASE("a three-page PDF comes back as three pages in order") {
  const ex::PdfResult r = ex::extract_pdf_text(real_helper(), fixture("three_pages.pdf"));
  REQUIRE_MESSAGE(r.status == Status::ok, r.detail);
  REQUIRE(r.pages.size() == 3);
  const char* markers[] = {"第一ページ", "第二ページ", "第三ページ"};
  const char* words[] = {"alpha", "bravo", "charlie"};
  for (std::size_t page = 0; page < 3; ++page) {
    for (std::size_t m = 0; m < 3; ++m) {
      CAPTURE(page);
      CAPTURE(m);
      CHECK((r.pages[page].find(markers[m]) != std::string::npos) == (page == m));
      CHECK((r.pages[page].find(words[m]) != std::string::npos) == (page == m));
    }
  }
}

TEST_CASE("the first half of a real PDF is reported damaged, quickly, and the host carries on") {
  const std::string pdf = fixture("ja_en.pdf");
  const auto t0 = Clock::now();
  const ex::PdfResult r = ex::extract_pdf_text(real_helper(), pdf.substr(0, pdf.size() / 2));
  CHECK(seconds_since(t0) < 2.0);
  CHECK(r.status == Status::corrupt);
  CHECK(r.pages.empty());
  CHECK(child_count() == 0);
  // The same process extracts the next PDF normally.
  CHECK(ex::extract_pdf_text(real_helper(), pdf).status == Status::ok);
}

TEST_CASE("random bytes are not a PDF; random bytes behind a PDF header are damaged") {
  const std::string junk = random_bytes(100'000, 7);
  CHECK(ex::extract_pdf_text(real_helper(), junk).status == Status::not_pdf);
  CHECK(ex::extract_pdf_text(real_helper(), "").status == Status::not_pdf);
  // Past the host's header check, the helper itself refuses it.
  const ex::PdfResult r = ex::extract_pdf_text(real_helper(), "%PDF-1.7\n" + junk);
  CHECK(r.status == Status::corrupt);
  CHECK(r.detail.find("%PDF") == std::string::npos);
}

TEST_CASE("a password-protected PDF is reported as encrypted") {
  const ex::PdfResult r = ex::extract_pdf_text(real_helper(), fixture("encrypted/ja_en.pdf"));
  CHECK(r.status == Status::encrypted);
  CHECK(r.pages.empty());
}

TEST_CASE("a PDF over the size limit is refused before any helper starts") {
  std::string huge = "%PDF-1.7\n";
  huge.resize(ex::kMaxPdfInputBytes + 1, ' ');
  const auto t0 = Clock::now();
  // A helper that would take 30 s shows that nothing was started.
  const ex::PdfResult r = ex::extract_pdf_text(fake_helper({"/bin/sleep", "30"}), huge);
  CHECK(r.status == Status::too_large);
  CHECK(seconds_since(t0) < 1.0);
}

TEST_CASE("the helper stops reading at its own size limit") {
  // Behind the host's check, feed the real helper more than the limit through a shell pipe.
  const std::string cmd =
      "/usr/bin/head -c " + std::to_string(ex::kMaxPdfInputBytes + 4096) + " /dev/zero | " + SG_PDF_HELPER;
  const ex::PdfResult r = ex::extract_pdf_text(fake_helper({"/bin/sh", "-c", cmd}), fixture("ja_en.pdf"));
  CHECK(r.status == Status::too_large);
}

TEST_CASE("a helper that hangs is killed at the timeout and reaped") {
  const auto t0 = Clock::now();
  const ex::PdfResult r =
      ex::extract_pdf_text(fake_helper({"/bin/sleep", "30"}, std::chrono::milliseconds(1000)), fixture("ja_en.pdf"));
  const double took = seconds_since(t0);
  CHECK(r.status == Status::timeout);
  CHECK(took >= 0.99);
  CHECK(took < 1.5);
  CHECK(child_count() == 0);
  CHECK(::waitpid(-1, nullptr, WNOHANG) == -1);  // ECHILD: no child, not even a zombie
}

TEST_CASE("a timeout kills the helper's whole process group, not just the helper") {
  // The helper starts a background process, notes its pid and waits; both must be gone after.
  const fs::path pid_file = fs::temp_directory_path() / ("sg-pdf-group-" + std::to_string(::getpid()));
  const std::string script = "/bin/sleep 30 & echo $! >" + pid_file.string() + "; wait";
  const ex::PdfResult r = ex::extract_pdf_text(fake_helper({"/bin/sh", "-c", script}, std::chrono::milliseconds(500)),
                                               fixture("ja_en.pdf"));
  CHECK(r.status == Status::timeout);
  CHECK(r.pages.empty());  // output of a helper that timed out is not used
  std::ifstream in(pid_file);
  std::string background;
  REQUIRE(std::getline(in, background));
  fs::remove(pid_file);
  // Gone, or a zombie waiting for init to reap it: either way no longer running.
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    const auto st = proc_stat(background);
    gone = !st || st->state == 'Z';
    if (!gone) ::usleep(10'000);
  }
  CHECK(gone);
  CHECK(child_count() == 0);
}

TEST_CASE("a helper that floods its output is cut at max_output_bytes and killed") {
  ex::PdfHelper h = fake_helper({"/usr/bin/yes"}, std::chrono::milliseconds(5000));
  h.max_output_bytes = 1024 * 1024;
  const auto t0 = Clock::now();
  const ex::PdfResult r = ex::extract_pdf_text(h, fixture("ja_en.pdf"));
  CHECK(seconds_since(t0) < 2.0);
  CHECK(r.status == Status::ok);
  CHECK(r.truncated);
  REQUIRE(r.pages.size() == 1);
  CHECK(r.pages[0].size() == h.max_output_bytes);
  CHECK(r.pages[0].substr(0, 4) == "y\ny\n");
  CHECK(child_count() == 0);
}

TEST_CASE("truncated text never ends in half a character") {
  ex::PdfHelper h = real_helper();
  h.max_output_bytes = 8;  // "見積書" is 9 bytes: the cut falls inside the third character
  const ex::PdfResult r = ex::extract_pdf_text(h, fixture("ja_en.pdf"));
  REQUIRE(r.status == Status::ok);
  CHECK(r.truncated);
  REQUIRE(r.pages.size() == 1);
  CHECK(r.pages[0] == "見積");
}

TEST_CASE("a helper killed by a signal is reported as crashed") {
  const ex::PdfResult r = ex::extract_pdf_text(fake_helper({"/bin/sh", "-c", "kill -SEGV $$"}), fixture("ja_en.pdf"));
  CHECK(r.status == Status::crashed);
  CHECK(r.detail.find("signal 11") != std::string::npos);
  CHECK(child_count() == 0);
}

TEST_CASE("exit codes map to statuses; unknown ones count as a crash") {
  const std::string pdf = fixture("ja_en.pdf");
  const auto exit_with = [&](int code) {
    return ex::extract_pdf_text(fake_helper({"/bin/sh", "-c", "exit " + std::to_string(code)}), pdf).status;
  };
  CHECK(exit_with(ex::pdf_exit::ok) == Status::ok);
  CHECK(exit_with(ex::pdf_exit::unreadable) == Status::corrupt);
  CHECK(exit_with(ex::pdf_exit::encrypted) == Status::encrypted);
  CHECK(exit_with(ex::pdf_exit::too_large) == Status::too_large);
  CHECK(exit_with(ex::pdf_exit::failure) == Status::crashed);
  CHECK(exit_with(77) == Status::crashed);
}

TEST_CASE("a missing helper is no_helper") {
  const std::string pdf = fixture("ja_en.pdf");
  CHECK(ex::extract_pdf_text(fake_helper({"/nonexistent/sendguard-pdftext"}), pdf).status == Status::no_helper);
  CHECK(ex::extract_pdf_text(fake_helper({}), pdf).status == Status::no_helper);
  CHECK(child_count() == 0);
}

TEST_CASE("the helper is found next to the executable") {
  const fs::path helper(SG_PDF_HELPER);
  const auto found = ex::find_pdf_helper_next_to(helper.parent_path() / "sendguard");
  REQUIRE(found.has_value());
  CHECK(fs::equivalent(*found, helper));
  CHECK(fs::path(*found).is_absolute());
  CHECK_FALSE(ex::find_pdf_helper_next_to("/nonexistent/dir/sendguard").has_value());
}

TEST_CASE("the helper inherits neither the host's descriptors nor its environment") {
  // A socket some library opened without close-on-exec.
  const int leaky = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(leaky > 2);
  REQUIRE(::setenv("SENDGUARD_TEST_SECRET", "token-123", 1) == 0);
  const std::string script = "test -e /proc/$$/fd/" + std::to_string(leaky) +
                             " && echo leaked || echo closed; echo \"${SENDGUARD_TEST_SECRET:-unset}\"";
  const ex::PdfResult r = ex::extract_pdf_text(fake_helper({"/bin/sh", "-c", script}), fixture("ja_en.pdf"));
  ::close(leaky);
  ::unsetenv("SENDGUARD_TEST_SECRET");
  REQUIRE(r.status == Status::ok);
  REQUIRE(r.pages.size() == 1);
  CHECK(r.pages[0] == "closed\nunset\n");
}

TEST_CASE("the helper reads its input whole even when it is larger than the pipe buffer") {
  // cat echoes stdin: the host must write and read at once or both sides block.
  std::string big = "%PDF-1.7\n" + random_bytes(3 * 1024 * 1024, 11);
  for (char& c : big) {
    if (c == ex::kPdfPageSeparator) c = ' ';
  }
  ex::PdfHelper h = fake_helper({"/bin/cat"});
  h.max_output_bytes = big.size();
  const ex::PdfResult r = ex::extract_pdf_text(h, big);
  REQUIRE(r.status == Status::ok);
  CHECK_FALSE(r.truncated);
  REQUIRE(r.pages.size() == 1);
  CHECK(r.pages[0].size() >= big.size());  // invalid UTF-8 became U+FFFD, never shorter
  CHECK(sg::text::is_valid_utf8(r.pages[0]));
}

TEST_CASE("twenty PDFs in a row leak no descriptors and no processes") {
  const std::string pdf = fixture("ja_en.pdf");
  const int fds_before = open_fd_count();
  const auto t0 = Clock::now();
  constexpr int kRuns = 20;
  for (int i = 0; i < kRuns; ++i) {
    const ex::PdfResult r = ex::extract_pdf_text(real_helper(), pdf);
    REQUIRE(r.status == Status::ok);
    CHECK(r.pages[0].find("見積書") != std::string::npos);
  }
  const double per_pdf_ms = seconds_since(t0) * 1000.0 / kRuns;
  MESSAGE("one-page PDF, end to end including process start: " << per_pdf_ms << " ms");
  CHECK(per_pdf_ms < 2000.0);
  CHECK(open_fd_count() == fds_before);
  CHECK(child_count() == 0);
}

TEST_CASE("status names and texts exist in both languages") {
  for (const Status s : {Status::ok, Status::not_pdf, Status::corrupt, Status::encrypted, Status::too_large,
                         Status::timeout, Status::crashed, Status::no_helper}) {
    CHECK_FALSE(ex::pdf_status_name(s).empty());
    const sg::Text t = ex::pdf_status_text(s);
    CHECK_FALSE(t.ja.empty());
    CHECK_FALSE(t.en.empty());
    CHECK(t.ja != t.en);
  }
  CHECK(ex::pdf_status_name(Status::encrypted) == "encrypted");
}
