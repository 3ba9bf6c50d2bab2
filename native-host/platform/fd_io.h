// Raw reads and writes on file descriptors (stdin/stdout of the native-messaging host, `-` inputs
// of the CLI), so portable code never includes OS headers. One implementation per OS family.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "core/result.h"

namespace sg::platform {

// Reads at most buf.size() bytes; 0 means end of input. Retries when a signal interrupts.
[[nodiscard]] Result<std::size_t> read_some(int fd, std::span<char> buf);

// Writes all of `data`, resuming after partial writes and signals.
[[nodiscard]] Status write_all(int fd, std::string_view data);

// Makes the descriptors carry bytes untranslated (Windows text mode would turn \n into \r\n and
// corrupt frames) and makes a vanished reader an error from write_all rather than a fatal
// SIGPIPE (POSIX), so a host whose mail client went away exits cleanly.
void prepare_byte_stream(int in, int out);

}  // namespace sg::platform
