// Windows: Thunderbird finds a native-messaging host through the registry. The default value of
// HKEY_CURRENT_USER (per user) or HKEY_LOCAL_MACHINE (all users) \Software\Mozilla\
// NativeMessagingHosts\<name> names the manifest file, which may live anywhere: ours goes under
// %LOCALAPPDATA%\SendGuard (per user) or %ProgramData%\SendGuard (all users).
#include <windows.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "platform/files.h"
#include "platform/native_messaging.h"

namespace sg::platform {

namespace {

constexpr std::string_view kUserRoot = "HKEY_CURRENT_USER";
constexpr std::string_view kMachineRoot = "HKEY_LOCAL_MACHINE";
constexpr std::string_view kHostsKey = "Software\\Mozilla\\NativeMessagingHosts\\";

std::wstring widen(std::string_view utf8) {
  if (utf8.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

HKEY root_of(InstallScope scope) {
  return scope == InstallScope::user ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE;
}

// Thunderbird reads HKLM in the 32-bit view, then the 64-bit one; the 64-bit view is written so a
// 32-bit sendguard on 64-bit Windows does not land in the redirected WOW6432Node. HKCU\Software is
// not redirected.
REGSAM view_of(InstallScope scope) {
  return scope == InstallScope::system ? KEY_WOW64_64KEY : 0;
}

// "HKEY_CURRENT_USER\Software\..." -> L"Software\..."
std::wstring subkey_of(const NativeHostLocation& location) {
  const auto slash = location.registry_key.find('\\');
  return widen(slash == std::string::npos ? std::string_view{}
                                          : std::string_view(location.registry_key).substr(slash + 1));
}

Error registry_error(const NativeHostLocation& location, LSTATUS rc, std::string_view what_ja,
                     std::string_view what_en) {
  const std::string code = std::to_string(static_cast<long>(rc));
  const bool denied = rc == ERROR_ACCESS_DENIED;
  return make_error(ErrorCode::internal, Text{std::string(what_ja) + "（" + location.registry_key + "）: エラー " +
                                                  code + (denied ? "（管理者として実行してください）" : ""),
                                              std::string(what_en) + " (" + location.registry_key + "): error " + code +
                                                  (denied ? " (run as administrator)" : "")});
}

}  // namespace

Result<std::vector<NativeHostLocation>> thunderbird_host_locations(std::string_view name, InstallScope scope) {
  const wchar_t* var = scope == InstallScope::user ? L"LOCALAPPDATA" : L"ProgramData";
  const wchar_t* base = _wgetenv(var);
  if (base == nullptr || *base == L'\0') {
    return make_error(
        ErrorCode::internal,
        Text{scope == InstallScope::user ? "%LOCALAPPDATA% が設定されていません" : "%ProgramData% が設定されていません",
             scope == InstallScope::user ? "%LOCALAPPDATA% is not set" : "%ProgramData% is not set"});
  }
  const std::string root(scope == InstallScope::user ? kUserRoot : kMachineRoot);
  return std::vector<NativeHostLocation>{
      {std::filesystem::path(base) / "SendGuard" / "NativeMessagingHosts" / (std::string(name) + ".json"),
       root + "\\" + std::string(kHostsKey) + std::string(name)}};
}

Status register_native_host(const NativeHostLocation& location, InstallScope scope) {
  HKEY key = nullptr;
  LSTATUS rc = RegCreateKeyExW(root_of(scope), subkey_of(location).c_str(), 0, nullptr, REG_OPTION_NON_VOLATILE,
                               KEY_SET_VALUE | view_of(scope), nullptr, &key, nullptr);
  if (rc != ERROR_SUCCESS)
    return registry_error(location, rc, "レジストリキーを作成できません", "cannot create registry key");
  const std::wstring value = location.manifest.wstring();
  rc = RegSetValueExW(key, nullptr, 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                      static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
  RegCloseKey(key);
  if (rc != ERROR_SUCCESS)
    return registry_error(location, rc, "レジストリに書き込めません", "cannot write registry value");
  return Ok{};
}

Result<bool> unregister_native_host(const NativeHostLocation& location, InstallScope scope) {
  const LSTATUS rc = RegDeleteKeyExW(root_of(scope), subkey_of(location).c_str(), view_of(scope), 0);
  if (rc == ERROR_FILE_NOT_FOUND) return false;
  if (rc != ERROR_SUCCESS)
    return registry_error(location, rc, "レジストリキーを削除できません", "cannot delete registry key");
  return true;
}

Result<std::filesystem::path> current_executable() {
  std::vector<wchar_t> buf(MAX_PATH);
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
    if (n == 0) {
      return make_error(ErrorCode::internal,
                        Text{"実行中のプログラムの場所が分かりません", "cannot find the running program's path"});
    }
    if (n < buf.size()) return std::filesystem::path(std::wstring(buf.data(), n));
    buf.resize(buf.size() * 2);  // truncated: try again with more room
  }
}

}  // namespace sg::platform

namespace sg::platform {

namespace {

// cmd.exe: double quotes around each argument, inner quotes doubled, % doubled so it is not expanded.
std::string cmd_quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') {
      out += "\"\"";
    } else if (c == '%') {
      out += "%%";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

Result<std::filesystem::path> write_host_launcher(const std::filesystem::path& dir, const std::filesystem::path& exe,
                                                  const std::vector<std::string>& args) {
  std::string script = "@echo off\r\nrem Written by `sendguard install`: starts the host with its options.\r\n" +
                       cmd_quote(reinterpret_cast<const char*>(exe.u8string().c_str()));
  for (const std::string& a : args) script += " " + cmd_quote(a);
  script += " %*\r\n";
  const std::filesystem::path launcher = dir / "sendguard-host.cmd";
  if (auto st = write_file_atomically(launcher, script, false); !st) return st.error();
  return launcher;
}

}  // namespace sg::platform
