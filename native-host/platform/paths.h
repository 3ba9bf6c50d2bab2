// Where SendGuard keeps its data and the helpdesk's profile on this OS (api.md "Where things
// live"). One implementation per OS in platform/{linux,windows,macos}/paths.cpp.
#pragma once

#include <filesystem>

namespace sg::platform {

// History, audit, tokens, certificates. Linux: $XDG_DATA_HOME/sendguard.
[[nodiscard]] std::filesystem::path default_data_dir();

// The helpdesk override profile. Linux: $XDG_CONFIG_HOME/sendguard/profile.json.
[[nodiscard]] std::filesystem::path default_config_file();

// Restricts a file or directory to its owner (0600 / 0700 on POSIX, an owner-only ACL on Windows).
void restrict_to_owner(const std::filesystem::path& p, bool is_directory);

}  // namespace sg::platform
