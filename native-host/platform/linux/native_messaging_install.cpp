// Linux: Thunderbird reads native-messaging manifests from ~/.mozilla/native-messaging-hosts (per
// user, found empirically for Thunderbird 153 ESR: not ~/.thunderbird, whatever XDG_CONFIG_HOME
// says) and from a system directory compiled in: /usr/lib/mozilla (Debian, Ubuntu) or
// /usr/lib64/mozilla (Fedora, openSUSE). There is no registry: the file is the registration.
#include <cstdlib>
#include <system_error>

#include "platform/native_messaging.h"

namespace sg::platform {

namespace {

const Text kNoHome{"ホームディレクトリが分かりません（HOME が設定されていません）",
                   "the home directory is unknown (HOME is not set)"};

}  // namespace

Result<std::vector<NativeHostLocation>> thunderbird_host_locations(std::string_view name, InstallScope scope) {
  const std::string file = std::string(name) + ".json";
  if (scope == InstallScope::user) {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home != '/') return make_error(ErrorCode::internal, kNoHome);
    return std::vector<NativeHostLocation>{
        {std::filesystem::path(home) / ".mozilla" / "native-messaging-hosts" / file, {}}};
  }
  std::vector<NativeHostLocation> out{{std::filesystem::path("/usr/lib/mozilla/native-messaging-hosts") / file, {}}};
  // Which of the two a Thunderbird build reads is decided when it is compiled; a machine with a
  // separate /usr/lib64 may run either kind of build.
  std::error_code ec;
  const std::filesystem::path lib64("/usr/lib64");
  if (std::filesystem::is_directory(lib64, ec) && !std::filesystem::is_symlink(lib64, ec)) {
    out.push_back({lib64 / "mozilla" / "native-messaging-hosts" / file, {}});
  }
  return out;
}

Status register_native_host(const NativeHostLocation& /*location*/, InstallScope /*scope*/) {
  return Ok{};
}

Result<bool> unregister_native_host(const NativeHostLocation& /*location*/, InstallScope /*scope*/) {
  return false;
}

Result<std::filesystem::path> current_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return make_error(ErrorCode::internal, Text{"実行中のプログラムの場所が分かりません: " + ec.message(),
                                                "cannot find the running program's path: " + ec.message()});
  }
  return p;
}

}  // namespace sg::platform
