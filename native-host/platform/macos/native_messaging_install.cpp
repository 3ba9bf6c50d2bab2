// macOS: Thunderbird reads per-user native-messaging manifests from ~/Library/Mozilla/
// NativeMessagingHosts (Gecko's user directory is ~/Library for Thunderbird builds, where Firefox
// uses ~/Library/Application Support), and system-wide ones from /Library/Application Support/
// Mozilla/NativeMessagingHosts. There is no registry: the file is the registration.
#include <mach-o/dyld.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "platform/native_messaging.h"

namespace sg::platform {

Result<std::vector<NativeHostLocation>> thunderbird_host_locations(std::string_view name, InstallScope scope) {
  const std::string file = std::string(name) + ".json";
  if (scope == InstallScope::system) {
    return std::vector<NativeHostLocation>{
        {std::filesystem::path("/Library/Application Support/Mozilla/NativeMessagingHosts") / file, {}}};
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home != '/') {
    return make_error(ErrorCode::internal, Text{"ホームディレクトリが分かりません（HOME が設定されていません）",
                                                "the home directory is unknown (HOME is not set)"});
  }
  const std::filesystem::path library = std::filesystem::path(home) / "Library";
  // The second is where Firefox looks and where Thunderbird documentation sometimes points; a
  // copy there costs nothing and covers a Thunderbird built either way.
  return std::vector<NativeHostLocation>{
      {library / "Mozilla" / "NativeMessagingHosts" / file, {}},
      {library / "Application Support" / "Mozilla" / "NativeMessagingHosts" / file, {}},
  };
}

Status register_native_host(const NativeHostLocation& /*location*/, InstallScope /*scope*/) {
  return Ok{};
}

Result<bool> unregister_native_host(const NativeHostLocation& /*location*/, InstallScope /*scope*/) {
  return false;
}

Result<std::filesystem::path> current_executable() {
  std::uint32_t size = PATH_MAX;
  std::vector<char> buf(size);
  if (_NSGetExecutablePath(buf.data(), &size) != 0) {
    buf.resize(size);  // size now holds the length needed
    if (_NSGetExecutablePath(buf.data(), &size) != 0) {
      return make_error(ErrorCode::internal,
                        Text{"実行中のプログラムの場所が分かりません", "cannot find the running program's path"});
    }
  }
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(std::filesystem::path(buf.data()), ec);
  if (ec) return std::filesystem::path(buf.data());
  return p;
}

}  // namespace sg::platform
