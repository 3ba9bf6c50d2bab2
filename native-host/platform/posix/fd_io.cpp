// POSIX raw descriptor I/O: read(2) and write(2) with EINTR and partial-write handling.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "platform/fd_io.h"

namespace sg::platform {

namespace {
#ifdef F_SETPIPE_SZ
// What an unprivileged process may ask for by default (/proc/sys/fs/pipe-max-size).
constexpr int kWantedPipeBytes = 1024 * 1024;
#endif

Error stream_error(std::string_view what_ja, std::string_view what_en, int fd, int err) {
  return make_error(ErrorCode::internal, Text{fmt::format("{}（fd {}）: {}", what_ja, fd, std::strerror(err)),
                                              fmt::format("{} (fd {}): {}", what_en, fd, std::strerror(err))});
}
}  // namespace

Result<std::size_t> read_some(int fd, std::span<char> buf) {
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return stream_error("読み込めません", "cannot read", fd, errno);
  }
}

Status write_all(int fd, std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return stream_error("書き込めません", "cannot write", fd, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return Ok{};
}

void prepare_byte_stream(int in, int /*out*/) {
  // POSIX descriptors are already binary; only the signal needs changing.
  ::signal(SIGPIPE, SIG_IGN);
#ifdef F_SETPIPE_SZ
  // Linux: a larger input pipe. Thunderbird's pipe writer copies the unwritten rest of a message
  // after every partial write, so a 7 MB draft through the default 64 KiB pipe costs ~375 MB of
  // copying (0.4 s); with 1 MiB pieces it is 31 ms (docs/decisions.md). Best effort: a host
  // whose stdin is not a pipe, or a system limit below this, keeps what it has.
  if (::fcntl(in, F_GETPIPE_SZ) > 0 && ::fcntl(in, F_GETPIPE_SZ) < kWantedPipeBytes) {
    (void)::fcntl(in, F_SETPIPE_SZ, kWantedPipeBytes);
  }
#else
  (void)in;
#endif
}

}  // namespace sg::platform
