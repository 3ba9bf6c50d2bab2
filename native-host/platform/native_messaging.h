// Where Thunderbird looks for a native-messaging host manifest on this OS, how the host is
// registered there (a file; on Windows also a registry value naming it), and the path of the
// running executable. One implementation per OS in platform/{linux,macos,windows}/native_messaging_install.cpp.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sg::platform {

// Per user (no administrator rights needed) or for every user of the machine.
enum class InstallScope { user, system };

// One place a host is registered: the manifest file, and on Windows the registry key whose
// default value names that file (empty elsewhere).
struct NativeHostLocation {
  std::filesystem::path manifest;
  std::string registry_key;  // "HKEY_CURRENT_USER\Software\Mozilla\NativeMessagingHosts\<name>"
};

// Every place Thunderbird reads the manifest of host `name` for `scope`, most specific first.
// An error when the user's home (or profile folder) is unknown.
[[nodiscard]] Result<std::vector<NativeHostLocation>> thunderbird_host_locations(std::string_view name,
                                                                                 InstallScope scope);

// After the manifest file is written: makes it findable (Windows: the registry value; elsewhere
// the file is all there is).
[[nodiscard]] Status register_native_host(const NativeHostLocation& location, InstallScope scope);

// Undoes register_native_host; true when there was something to remove.
[[nodiscard]] Result<bool> unregister_native_host(const NativeHostLocation& location, InstallScope scope);

// A program beside the manifest that starts `exe` with `args` followed by whatever the mail client
// appends, for a host that needs options (a data directory or profile other than the defaults):
// a manifest names a program but cannot pass it arguments. POSIX: a sh script (0755); Windows: a
// .cmd file. Returns the launcher's path.
[[nodiscard]] Result<std::filesystem::path> write_host_launcher(const std::filesystem::path& dir,
                                                                const std::filesystem::path& exe,
                                                                const std::vector<std::string>& args);

// The absolute path of the running executable (what the manifest's "path" names by default).
[[nodiscard]] Result<std::filesystem::path> current_executable();

}  // namespace sg::platform
