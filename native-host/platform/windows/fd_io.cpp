// Windows raw descriptor I/O on the C runtime's descriptors (_read/_write), in binary mode.
#include <fcntl.h>
#include <io.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include <fmt/format.h>

#include "platform/fd_io.h"

namespace sg::platform {

namespace {
Error stream_error(std::string_view what_ja, std::string_view what_en, int fd, int err) {
  return make_error(ErrorCode::internal, Text{fmt::format("{}（fd {}）: {}", what_ja, fd, std::strerror(err)),
                                              fmt::format("{} (fd {}): {}", what_en, fd, std::strerror(err))});
}

// _read and _write take an unsigned count; keep each call well inside INT_MAX.
constexpr std::size_t kMaxChunk = 1u << 30;
}  // namespace

Result<std::size_t> read_some(int fd, std::span<char> buf) {
  const auto want = static_cast<unsigned>(std::min(buf.size(), kMaxChunk));
  for (;;) {
    const int n = ::_read(fd, buf.data(), want);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return stream_error("読み込めません", "cannot read", fd, errno);
  }
}

Status write_all(int fd, std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const auto chunk = static_cast<unsigned>(std::min(data.size() - done, kMaxChunk));
    const int n = ::_write(fd, data.data() + done, chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      return stream_error("書き込めません", "cannot write", fd, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return Ok{};
}

void prepare_byte_stream(int in, int out) {
  ::_setmode(in, _O_BINARY);
  ::_setmode(out, _O_BINARY);
}

}  // namespace sg::platform
