// Linux locations: the XDG base directories.
#include "platform/paths.h"

#include <cstdlib>

namespace sg::platform {

namespace {
std::filesystem::path home() {
  const char* h = std::getenv("HOME");
  return h != nullptr && *h != '\0' ? std::filesystem::path(h) : std::filesystem::path("/tmp");
}

std::filesystem::path xdg(const char* var, const char* fallback_under_home) {
  const char* v = std::getenv(var);
  // XDG: a relative path in the variable is invalid and is ignored.
  if (v != nullptr && *v == '/') return std::filesystem::path(v);
  return home() / fallback_under_home;
}
}  // namespace

std::filesystem::path default_data_dir() {
  return xdg("XDG_DATA_HOME", ".local/share") / "sendguard";
}

std::filesystem::path default_config_file() {
  return xdg("XDG_CONFIG_HOME", ".config") / "sendguard" / "profile.json";
}

void restrict_to_owner(const std::filesystem::path& p, bool is_directory) {
  using std::filesystem::perms;
  std::error_code ec;
  std::filesystem::permissions(p, is_directory ? perms::owner_all : (perms::owner_read | perms::owner_write),
                               std::filesystem::perm_options::replace, ec);
}

}  // namespace sg::platform
