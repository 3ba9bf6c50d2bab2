// macOS locations: Application Support for data, Preferences for the helpdesk profile.
#include "platform/paths.h"

#include <cstdlib>

namespace sg::platform {

namespace {
std::filesystem::path home() {
  const char* h = std::getenv("HOME");
  return h != nullptr && *h != '\0' ? std::filesystem::path(h) : std::filesystem::path("/tmp");
}
}  // namespace

std::filesystem::path default_data_dir() {
  return home() / "Library" / "Application Support" / "SendGuard";
}

std::filesystem::path default_config_file() {
  return home() / "Library" / "Preferences" / "SendGuard" / "profile.json";
}

void restrict_to_owner(const std::filesystem::path& p, bool is_directory) {
  using std::filesystem::perms;
  std::error_code ec;
  std::filesystem::permissions(p, is_directory ? perms::owner_all : (perms::owner_read | perms::owner_write),
                               std::filesystem::perm_options::replace, ec);
}

}  // namespace sg::platform
