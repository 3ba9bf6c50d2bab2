// Windows atomic replacement: write a temporary file, flush it, MoveFileEx with write-through.
#include <windows.h>

#include <fstream>
#include <random>

#include <fmt/format.h>

#include "platform/files.h"
#include "platform/paths.h"

namespace sg {

Status write_file_atomically(const std::filesystem::path& p, std::string_view content, bool owner_only) {
  std::error_code ec;
  if (p.has_parent_path()) {
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return io_error(p.parent_path(), "ディレクトリを作成できません", "cannot create directory", ec.message());
  }
  std::random_device rd;
  const std::filesystem::path tmp = p.wstring() + fmt::format(L".tmp-{:08x}", rd());
  HANDLE h = CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    return io_error(tmp, "一時ファイルを作成できません", "cannot create temporary file",
                    std::to_string(GetLastError()));
  }
  DWORD written = 0;
  const BOOL ok = WriteFile(h, content.data(), static_cast<DWORD>(content.size()), &written, nullptr) &&
                  written == content.size() && FlushFileBuffers(h);
  CloseHandle(h);
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    return io_error(tmp, "書き込めません", "cannot write", std::to_string(GetLastError()));
  }
  if (owner_only) platform::restrict_to_owner(tmp, false);
  if (!MoveFileExW(tmp.c_str(), p.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    std::filesystem::remove(tmp, ec);
    return io_error(p, "ファイルを置き換えられません", "cannot replace file", std::to_string(GetLastError()));
  }
  return Ok{};
}

Status with_exclusive_lock(const std::filesystem::path& lock_file, const std::function<Status()>& fn) {
  HANDLE h = CreateFileW(lock_file.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                         OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    return io_error(lock_file, "ロックファイルを開けません", "cannot open lock file", std::to_string(GetLastError()));
  }
  OVERLAPPED o{};
  if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &o)) {
    const auto err = GetLastError();
    CloseHandle(h);
    return io_error(lock_file, "ロックできません", "cannot lock", std::to_string(err));
  }
  Status result = fn();
  UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &o);
  CloseHandle(h);
  return result;
}

Status append_durably(const std::filesystem::path& p, std::string_view data) {
  HANDLE h =
      CreateFileW(p.c_str(), FILE_APPEND_DATA, FILE_SHARE_READ, nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE)
    return io_error(p, "ファイルを開けません", "cannot open", std::to_string(GetLastError()));
  DWORD written = 0;
  const BOOL ok = WriteFile(h, data.data(), static_cast<DWORD>(data.size()), &written, nullptr) &&
                  written == data.size() && FlushFileBuffers(h);
  const auto err = GetLastError();
  CloseHandle(h);
  if (!ok) return io_error(p, "書き込めません", "cannot write", std::to_string(err));
  return Ok{};
}

}  // namespace sg
