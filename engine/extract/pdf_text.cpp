// Text of a PDF attachment, extracted by the low-privilege helper process sendguard-pdftext under
// a timeout: spawn, feed and drain it concurrently, kill its process group when it overruns.
#include "extract/pdf_text.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

#include "text/utf8.h"

namespace sg::extract {

namespace {

using Clock = std::chrono::steady_clock;

// How much we move per read or write call: the pipe buffers are 64 KiB on Linux.
constexpr std::size_t kIoChunk = 64 * 1024;
// Waiting for the helper to exit after it closed stdout, when no pidfd is available: first
// check soon (it usually exits at once), then back off to this.
constexpr std::chrono::microseconds kFirstExitPoll{100};
constexpr std::chrono::microseconds kMaxExitPoll{10'000};
// The helper's whole environment: nothing it inherits from the host (tokens, paths) leaks in.
constexpr std::array<const char*, 2> kHelperEnvironment = {"LANG=C.UTF-8", nullptr};

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool open() const { return fd_ >= 0; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

std::string errno_text(int err) {
  return std::system_category().message(err);
}

// Our ends must not sit on 0-2: if the host closed its stdio, posix_spawn's dup2 onto 0/1/2
// could otherwise overwrite one pipe end with another.
bool move_above_stdio(Fd& fd) {
  if (fd.get() > STDERR_FILENO) return true;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (moved < 0) return false;
  fd.reset(moved);
  return true;
}

bool set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

bool has_pdf_header(std::string_view bytes) {
  const std::string_view magic = "%PDF-";
  const std::size_t found = bytes.substr(0, kPdfHeaderWindow + magic.size()).find(magic);
  return found != std::string_view::npos && found < kPdfHeaderWindow;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

// True once the child has exited (it stays a zombie: WNOWAIT), so its pid and process group
// cannot be reused while we kill stragglers of the group.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;  // reaped by someone else (SIGCHLD ignored): nothing left to wait for
  }
  return info.si_pid == pid;
}

// Waits for the child to exit until the deadline; false if it is still running then.
bool wait_for_exit(pid_t pid, Clock::time_point deadline) {
  if (has_exited(pid)) return true;
#ifdef SYS_pidfd_open
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (pidfd.open()) {
    for (;;) {
      pollfd p{pidfd.get(), POLLIN, 0};
      const int n = ::poll(&p, 1, remaining_ms(deadline));
      if (has_exited(pid)) return true;
      if (n == 0 || Clock::now() >= deadline) return false;
      if (n < 0 && errno != EINTR) break;  // fall back to polling the child below
    }
  }
#endif
  auto step = kFirstExitPoll;
  while (Clock::now() < deadline) {
    std::this_thread::sleep_for(step);
    if (has_exited(pid)) return true;
    step = std::min(step * 2, kMaxExitPoll);
  }
  return has_exited(pid);
}

// Kills whatever is left of the child's process group, then reaps the child itself.
// Returns the wait status, or nullopt when someone else reaped it.
std::optional<int> kill_and_reap(pid_t pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 && errno == ECHILD) {
    return std::nullopt;  // reaped elsewhere: the pid may already belong to someone else
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  for (;;) {
    if (::waitpid(pid, &status, 0) == pid) return status;
    if (errno != EINTR) return std::nullopt;
  }
}

// Drops a multi-byte sequence cut off at the end by truncation.
void trim_partial_utf8(std::string& s) {
  std::size_t lead = s.size();
  for (std::size_t back = 0; back < 4 && lead > 0; ++back) {
    --lead;
    const auto b = static_cast<unsigned char>(s[lead]);
    if ((b & 0xC0) != 0x80) {
      const std::size_t need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
      if (s.size() - lead < need) s.resize(lead);
      return;
    }
  }
}

// The helper should write UTF-8; whatever it wrote, callers get valid UTF-8 (U+FFFD for junk).
std::string valid_utf8(std::string_view s) {
  if (text::is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = text::decode_utf8(s, i);
    text::append_utf8(out, cp == text::kInvalidCodePoint ? U'\uFFFD' : cp);
  }
  return out;
}

std::vector<std::string> split_pages(std::string_view out) {
  std::vector<std::string> pages;
  while (!out.empty()) {
    const std::size_t end = out.find(kPdfPageSeparator);
    pages.push_back(valid_utf8(out.substr(0, end)));
    if (end == std::string_view::npos) break;
    out.remove_prefix(end + 1);
  }
  return pages;
}

// What the helper produced: its output and how it ended.
struct Run {
  std::string out;
  bool timed_out = false;
  bool overflowed = false;  // wrote more than max_output_bytes; we stopped it
  std::optional<int> wait_status;
};

PdfResult fail(PdfResult::Status status, std::string detail) {
  PdfResult r;
  r.status = status;
  r.detail = std::move(detail);
  return r;
}

// Feeds `input` to the child's stdin and drains its stdout at the same time, until it closes
// stdout, overflows or the deadline passes.
void pump(Fd& in_fd, int out_fd, std::string_view input, std::size_t max_output, Clock::time_point deadline, Run& run) {
  std::size_t written = 0;
  std::array<char, kIoChunk> buf{};
  for (;;) {
    if (Clock::now() >= deadline) {
      run.timed_out = true;
      return;
    }
    std::array<pollfd, 2> fds{};
    nfds_t n = 0;
    fds[n++] = pollfd{out_fd, POLLIN, 0};
    if (in_fd.open()) fds[n++] = pollfd{in_fd.get(), POLLOUT, 0};
    const int ready = ::poll(fds.data(), n, remaining_ms(deadline));
    if (ready < 0 && errno != EINTR) {
      run.timed_out = true;  // cannot wait properly: treat as overrun rather than spin
      return;
    }
    if (ready <= 0) continue;
    if (n == 2 && fds[1].revents != 0) {
      const std::size_t len = std::min(kIoChunk, input.size() - written);
      const ssize_t sent = ::send(in_fd.get(), input.data() + written, len, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent > 0) written += static_cast<std::size_t>(sent);
      // The helper may stop reading early (too large, or not a helper at all): fine.
      if ((sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || written == input.size()) {
        in_fd.reset();
      }
    }
    if (fds[0].revents != 0) {
      for (;;) {
        const ssize_t got = ::read(out_fd, buf.data(), buf.size());
        if (got > 0) {
          const auto g = static_cast<std::size_t>(got);
          if (run.out.size() + g > max_output) {
            run.out.append(buf.data(), max_output - run.out.size());
            run.overflowed = true;
            return;
          }
          run.out.append(buf.data(), g);
          continue;
        }
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        return;  // EOF (or a read error): the helper is done writing
      }
    }
  }
}

PdfResult interpret(const Run& run, std::chrono::milliseconds timeout) {
  PdfResult r;
  if (run.timed_out) return fail(PdfResult::Status::timeout, "killed after " + std::to_string(timeout.count()) + " ms");
  if (!run.overflowed) {
    if (!run.wait_status) return fail(PdfResult::Status::crashed, "exit status lost (child reaped elsewhere)");
    const int st = *run.wait_status;
    if (WIFSIGNALED(st)) {
      const int sig = WTERMSIG(st);
      if (sig == SIGXCPU) return fail(PdfResult::Status::timeout, "helper hit its CPU time limit");
      return fail(PdfResult::Status::crashed, "helper killed by signal " + std::to_string(sig));
    }
    const int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    switch (code) {
      case pdf_exit::ok: break;
      case pdf_exit::truncated:
        r.truncated = true;
        r.detail = "text stopped at the helper's page or size limit";
        break;
      case pdf_exit::unreadable: return fail(PdfResult::Status::corrupt, "damaged PDF");
      case pdf_exit::encrypted: return fail(PdfResult::Status::encrypted, "PDF needs a password to open");
      case pdf_exit::too_large: return fail(PdfResult::Status::too_large, "PDF over the helper's size limit");
      default: return fail(PdfResult::Status::crashed, "helper exited with code " + std::to_string(code));
    }
  } else {
    r.truncated = true;
    r.detail = "text stopped at max_output_bytes";
  }
  std::string out = run.out;
  if (r.truncated) trim_partial_utf8(out);
  r.pages = split_pages(out);
  return r;
}

}  // namespace

PdfResult extract_pdf_text(const PdfHelper& helper, std::string_view pdf_bytes) {
  using Status = PdfResult::Status;
  if (pdf_bytes.size() > kMaxPdfInputBytes) {
    return fail(Status::too_large, "PDF of " + std::to_string(pdf_bytes.size()) + " bytes is over the limit of " +
                                       std::to_string(kMaxPdfInputBytes));
  }
  if (!has_pdf_header(pdf_bytes)) return fail(Status::not_pdf, "no %PDF- header in the first bytes");
  if (helper.argv.empty() || helper.argv[0].empty()) return fail(Status::no_helper, "no helper configured");

  // stdin is a socket so writes can say MSG_NOSIGNAL: a helper that exits early must not
  // SIGPIPE the host. Every descriptor is close-on-exec, so concurrent spawns don't inherit it.
  int in_pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
    return fail(Status::crashed, "socketpair: " + errno_text(errno));
  }
  Fd in_ours(in_pair[0]);
  Fd in_child(in_pair[1]);
  int out_pair[2];
  if (::pipe2(out_pair, O_CLOEXEC) != 0) return fail(Status::crashed, "pipe: " + errno_text(errno));
  Fd out_ours(out_pair[0]);
  Fd out_child(out_pair[1]);
  if (!move_above_stdio(in_ours) || !move_above_stdio(in_child) || !move_above_stdio(out_ours) ||
      !move_above_stdio(out_child) || !set_nonblocking(in_ours.get()) || !set_nonblocking(out_ours.get())) {
    return fail(Status::crashed, "cannot set up pipes: " + errno_text(errno));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_child.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_child.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  // Descriptors some library opened without O_CLOEXEC (the host's sockets) stay out too.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
#endif
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Own process group, so a timeout kills everything it started; default signal dispositions
  // and an empty mask whatever the host set up (it ignores SIGPIPE, for one).
  sigset_t all;
  sigset_t none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> args = helper.argv;
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::array<char*, kHelperEnvironment.size()> envp{};
  std::vector<std::string> env_storage(kHelperEnvironment.begin(), kHelperEnvironment.end() - 1);
  for (std::size_t i = 0; i < env_storage.size(); ++i) envp[i] = env_storage[i].data();

  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  in_child.reset();
  out_child.reset();
  if (rc != 0) return fail(Status::no_helper, "cannot start " + helper.argv[0] + ": " + errno_text(rc));

  const Clock::time_point deadline = Clock::now() + helper.timeout;
  Run run;
  pump(in_ours, out_ours.get(), pdf_bytes, helper.max_output_bytes, deadline, run);
  in_ours.reset();
  out_ours.reset();  // a helper still writing gets EPIPE
  if (!run.timed_out && !run.overflowed && !wait_for_exit(pid, deadline)) run.timed_out = true;
  run.wait_status = kill_and_reap(pid);
  return interpret(run, helper.timeout);
}

std::optional<std::string> find_pdf_helper_next_to(const std::filesystem::path& exe) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::absolute(exe, ec).parent_path();
  if (ec) return std::nullopt;
  const std::filesystem::path candidate = dir / kPdfHelperName;
  if (!std::filesystem::is_regular_file(candidate, ec) || ::access(candidate.c_str(), X_OK) != 0) {
    return std::nullopt;
  }
  return candidate.string();
}

std::string_view pdf_status_name(PdfResult::Status status) {
  switch (status) {
    case PdfResult::Status::ok: return "ok";
    case PdfResult::Status::not_pdf: return "not_pdf";
    case PdfResult::Status::corrupt: return "corrupt";
    case PdfResult::Status::encrypted: return "encrypted";
    case PdfResult::Status::too_large: return "too_large";
    case PdfResult::Status::timeout: return "timeout";
    case PdfResult::Status::crashed: return "crashed";
    case PdfResult::Status::no_helper: return "no_helper";
  }
  return "crashed";
}

Text pdf_status_text(PdfResult::Status status) {
  switch (status) {
    case PdfResult::Status::ok: return {"PDF の本文を読み取りました", "read the text of the PDF"};
    case PdfResult::Status::not_pdf: return {"PDF ではありません", "not a PDF"};
    case PdfResult::Status::corrupt: return {"PDF が壊れていて読み取れません", "the PDF is damaged and cannot be read"};
    case PdfResult::Status::encrypted: return {"PDF はパスワードで保護されています", "the PDF is password-protected"};
    case PdfResult::Status::too_large:
      return {"PDF が大きすぎるため読み取りませんでした", "the PDF is too large to read"};
    case PdfResult::Status::timeout:
      return {"PDF の読み取りが時間内に終わりませんでした", "reading the PDF took too long"};
    case PdfResult::Status::crashed:
      return {"PDF の読み取り処理が異常終了しました", "reading the PDF failed unexpectedly"};
    case PdfResult::Status::no_helper:
      return {"PDF 読み取りツールが見つかりません", "the PDF reader helper is not installed"};
  }
  return {"PDF の読み取り処理が異常終了しました", "reading the PDF failed unexpectedly"};
}

PdfExtractor pdf_extractor(PdfHelper helper) {
  return [helper = std::move(helper)](std::string_view bytes, const ExtractLimits& limits) {
    PdfHelper h = helper;
    h.timeout = std::min(h.timeout, limits.time_budget);
    h.max_output_bytes = std::min(h.max_output_bytes, limits.max_text_bytes);
    const PdfResult r = extract_pdf_text(h, bytes);
    Extracted out;
    out.format = "pdf";
    for (std::size_t i = 0; i < r.pages.size(); ++i) {
      if (!r.pages[i].empty()) out.parts.push_back({"page " + std::to_string(i + 1), r.pages[i]});
    }
    const auto problem = [&](ProblemKind kind) { out.problems.push_back({kind, "", r.detail}); };
    switch (r.status) {
      case PdfResult::Status::ok: break;
      case PdfResult::Status::not_pdf:
      case PdfResult::Status::corrupt:
      case PdfResult::Status::crashed: problem(ProblemKind::corrupt); break;
      case PdfResult::Status::encrypted: problem(ProblemKind::encrypted); break;
      case PdfResult::Status::too_large: problem(ProblemKind::too_large); break;
      case PdfResult::Status::timeout: problem(ProblemKind::timeout); break;
      case PdfResult::Status::no_helper: problem(ProblemKind::unsupported); break;
    }
    if (r.truncated) problem(ProblemKind::truncated);
    return out;
  };
}

}  // namespace sg::extract
