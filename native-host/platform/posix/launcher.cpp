// POSIX launcher for a native-messaging host that needs options: a sh script that execs the host
// with them, so the host's pid is the script's and signals reach the host.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "platform/files.h"
#include "platform/native_messaging.h"

namespace sg::platform {

namespace {

// Single quotes keep every byte but the quote itself, which becomes '\''.
std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

Result<std::filesystem::path> write_host_launcher(const std::filesystem::path& dir, const std::filesystem::path& exe,
                                                  const std::vector<std::string>& args) {
  std::string script =
      "#!/bin/sh\n# Written by `sendguard install`: starts the host with its options.\nexec " + sh_quote(exe.string());
  for (const std::string& a : args) script += " " + sh_quote(a);
  script += " \"$@\"\n";
  const std::filesystem::path launcher = dir / "sendguard-host";
  if (auto st = write_file_atomically(launcher, script, false); !st) return st.error();
  if (::chmod(launcher.c_str(), 0755) != 0) {
    return io_error(launcher, "実行可能にできません", "cannot make it executable", std::strerror(errno));
  }
  return launcher;
}

}  // namespace sg::platform
