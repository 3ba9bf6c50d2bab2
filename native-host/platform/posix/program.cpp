// POSIX: posix_spawnp with stdout and stderr on one pipe, stdin from /dev/null.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "platform/program.h"

extern char** environ;

namespace sg::platform {

namespace {

Error cannot_run(const std::string& program, const std::string& why) {
  return make_error(ErrorCode::internal,
                    Text{"「" + program + "」を実行できません: " + why, "cannot run \"" + program + "\": " + why});
}

}  // namespace

Result<ProgramResult> run_program(const std::vector<std::string>& argv) {
  if (argv.empty()) return cannot_run("", "no program");
  int fds[2];
  if (::pipe(fds) != 0) return cannot_run(argv[0], std::strerror(errno));
  // Neither end may leak into the child beyond the dup2 onto its stdout and stderr (macOS has no pipe2).
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    if (spawned == ENOENT) {
      return make_error(ErrorCode::not_found,
                        Text{"「" + argv[0] + "」が見つかりません", "\"" + argv[0] + "\" is not installed"});
    }
    return cannot_run(argv[0], std::strerror(spawned));
  }
  ProgramResult result;
  std::array<char, 4096> buf{};
  for (;;) {
    const ssize_t n = ::read(fds[0], buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    const auto room = kMaxProgramOutputBytes - result.output.size();
    result.output.append(buf.data(), std::min(static_cast<std::size_t>(n), room));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return cannot_run(argv[0], std::strerror(errno));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace sg::platform
