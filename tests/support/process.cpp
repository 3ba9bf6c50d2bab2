// Test support: runs a program as a child process with pipes.
#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace sg::test {

namespace {
void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}
}  // namespace

std::string sendguard_binary() {
  return SG_SENDGUARD_BINARY;
}

Child::Child(std::vector<std::string> argv, std::vector<std::string> env) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);

  // The given variables replace inherited ones of the same name (getenv finds the first).
  auto name_of = [](std::string_view e) { return e.substr(0, e.find('=') + 1); };
  std::vector<std::string> envs;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view inherited(*e);
    const bool overridden =
        std::any_of(env.begin(), env.end(), [&](const std::string& x) { return name_of(x) == name_of(inherited); });
    if (!overridden) envs.emplace_back(inherited);
  }
  for (auto& e : env) envs.push_back(std::move(e));
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::vector<char*> cenv;
  for (auto& e : envs) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  const int rc = posix_spawn(&pid_, cargv[0], &fa, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  in_ = in_pipe[1];
  out_ = out_pipe[0];
  err_ = err_pipe[0];
  if (rc != 0) throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(rc));
  ::signal(SIGPIPE, SIG_IGN);
}

Child::~Child() {
  if (!status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
  close_fd(in_);
  close_fd(out_);
  close_fd(err_);
}

bool Child::read_more(int fd, std::string& buf, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    char chunk[65536];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buf.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

std::optional<std::string> Child::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto nl = out_buf_.find('\n');
    if (nl != std::string::npos) {
      std::string line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      return line;
    }
    if (!read_more(out_, out_buf_, deadline)) return std::nullopt;
  }
}

std::optional<std::string> Child::read_exact(std::size_t n, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out_buf_.size() < n) {
    if (!read_more(out_, out_buf_, deadline)) return std::nullopt;
  }
  std::string data = out_buf_.substr(0, n);
  out_buf_.erase(0, n);
  return data;
}

std::string Child::read_all_stdout(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (read_more(out_, out_buf_, deadline)) {
  }
  std::string all = std::move(out_buf_);
  out_buf_.clear();
  return all;
}

std::string Child::read_all_stderr(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string buf;
  while (read_more(err_, buf, deadline)) {
  }
  return buf;
}

void Child::read_both(std::string& out, std::string& err, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  out = std::move(out_buf_);
  out_buf_.clear();
  bool out_open = out_ >= 0;
  bool err_open = err_ >= 0;
  while (out_open || err_open) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd p[2] = {{out_open ? out_ : -1, POLLIN, 0}, {err_open ? err_ : -1, POLLIN, 0}};
    const int r = ::poll(p, 2, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    char chunk[65536];
    for (int k = 0; k < 2; ++k) {
      if (p[k].revents == 0) continue;
      const ssize_t n = ::read(p[k].fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        (k == 0 ? out_open : err_open) = false;
        continue;
      }
      (k == 0 ? out : err).append(chunk, static_cast<std::size_t>(n));
    }
  }
}

bool Child::write_stdin(std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(in_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void Child::close_stdin() {
  close_fd(in_);
}

void Child::signal(int sig) {
  if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

std::optional<int> Child::wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int st = 0;
    const pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    ::usleep(10000);
  }
}

RunResult run(std::vector<std::string> argv, std::vector<std::string> env, std::string_view input) {
  Child c(std::move(argv), std::move(env));
  if (!input.empty()) c.write_stdin(input);
  c.close_stdin();
  RunResult r;
  c.read_both(r.out, r.err);
  r.status = c.wait().value_or(-1);
  return r;
}

}  // namespace sg::test
