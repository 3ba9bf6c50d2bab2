// POSIX atomic replacement: write a temporary file, fsync, rename over, fsync the directory.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "platform/files.h"

namespace sg {

Status write_file_atomically(const std::filesystem::path& p, std::string_view content, bool owner_only) {
  std::error_code ec;
  if (p.has_parent_path()) {
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return io_error(p.parent_path(), "ディレクトリを作成できません", "cannot create directory", ec.message());
  }
  std::random_device rd;
  const std::filesystem::path tmp = p.string() + fmt::format(".tmp-{:08x}", rd());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, owner_only ? 0600 : 0644);
  if (fd < 0)
    return io_error(tmp, "一時ファイルを作成できません", "cannot create temporary file", std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = std::strerror(errno);
      ::close(fd);
      std::filesystem::remove(tmp, ec);
      return io_error(tmp, "書き込めません", "cannot write", err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string err = std::strerror(errno);
    std::filesystem::remove(tmp, ec);
    return io_error(tmp, "ディスクに書き込めません", "cannot flush to disk", err);
  }
  std::filesystem::rename(tmp, p, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return io_error(p, "ファイルを置き換えられません", "cannot replace file", ec.message());
  }
  // Make the rename itself durable.
  if (p.has_parent_path()) {
    const int dfd = ::open(p.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  return Ok{};
}

Status with_exclusive_lock(const std::filesystem::path& lock_file, const std::function<Status()>& fn) {
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return io_error(lock_file, "ロックファイルを開けません", "cannot open lock file", std::strerror(errno));
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      const std::string err = std::strerror(errno);
      ::close(fd);
      return io_error(lock_file, "ロックできません", "cannot lock", err);
    }
  }
  Status result = fn();
  ::flock(fd, LOCK_UN);
  ::close(fd);
  return result;
}

Status append_durably(const std::filesystem::path& p, std::string_view data) {
  const int fd = ::open(p.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return io_error(p, "ファイルを開けません", "cannot open", std::strerror(errno));
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = std::strerror(errno);
      ::close(fd);
      return io_error(p, "書き込めません", "cannot write", err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const std::string err = std::strerror(errno);
    ::close(fd);
    return io_error(p, "ディスクに書き込めません", "cannot flush to disk", err);
  }
  ::close(fd);
  return Ok{};
}

}  // namespace sg
