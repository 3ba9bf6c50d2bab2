// Test support: runs the real sendguard (or any program) as a child process with pipes, for
// integration tests that talk to it over sockets, stdio or signals.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sg::test {

class Child {
 public:
  // Starts `argv[0]` with the given arguments and extra environment ("NAME=value").
  // stdin, stdout and stderr are pipes.
  Child(std::vector<std::string> argv, std::vector<std::string> env = {});
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Reads one line from stdout (without the newline); nullopt on EOF or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Reads exactly n bytes from stdout; nullopt on EOF or timeout.
  std::optional<std::string> read_exact(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Reads stdout to EOF.
  std::string read_all_stdout(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // Reads stderr to EOF (call after the child has exited or closed it).
  std::string read_all_stderr(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // Reads stdout and stderr together until both end (no deadlock on a full pipe).
  void read_both(std::string& out, std::string& err, std::chrono::milliseconds timeout = std::chrono::seconds(120));

  bool write_stdin(std::string_view data);
  void close_stdin();

  void signal(int sig);
  // Waits for exit; returns the exit status (128 + signal when killed), nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  [[nodiscard]] int pid() const { return pid_; }
  // The write end of the child's stdin pipe (to inspect the pipe, not to write past write_stdin).
  [[nodiscard]] int stdin_fd() const { return in_; }

 private:
  int pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  std::string out_buf_;
  std::optional<int> status_;
  bool read_more(int fd, std::string& buf, std::chrono::steady_clock::time_point deadline);
};

// Runs a command to completion; returns {exit status, stdout, stderr}.
struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};
RunResult run(std::vector<std::string> argv, std::vector<std::string> env = {}, std::string_view input = {});

// The sendguard binary under test.
std::string sendguard_binary();

}  // namespace sg::test
