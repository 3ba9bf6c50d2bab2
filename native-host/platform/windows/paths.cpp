// Windows locations: %LOCALAPPDATA%\SendGuard for data, %APPDATA%\SendGuard for the profile.
// Files under the user's profile are already private to the user; restrict_to_owner removes
// inherited access for other principals with an owner-only DACL.
#include "platform/paths.h"

#include <aclapi.h>
#include <sddl.h>
#include <windows.h>

#include <cstdlib>

namespace sg::platform {

namespace {
std::filesystem::path known(const wchar_t* var) {
  const wchar_t* v = _wgetenv(var);
  return v != nullptr && *v != L'\0' ? std::filesystem::path(v) : std::filesystem::temp_directory_path();
}
}  // namespace

std::filesystem::path default_data_dir() {
  return known(L"LOCALAPPDATA") / "SendGuard";
}

std::filesystem::path default_config_file() {
  return known(L"APPDATA") / "SendGuard" / "profile.json";
}

void restrict_to_owner(const std::filesystem::path& p, bool is_directory) {
  // Protected DACL granting full control to the owner only ("OW"), inherited by children.
  const wchar_t* sddl = is_directory ? L"D:P(A;OICI;FA;;;OW)" : L"D:P(A;;FA;;;OW)";
  PSECURITY_DESCRIPTOR sd = nullptr;
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, nullptr)) return;
  BOOL present = FALSE;
  BOOL defaulted = FALSE;
  PACL dacl = nullptr;
  if (GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) && present) {
    SetNamedSecurityInfoW(const_cast<wchar_t*>(p.c_str()), SE_FILE_OBJECT,
                          DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr, nullptr, dacl,
                          nullptr);
  }
  LocalFree(sd);
}

}  // namespace sg::platform
