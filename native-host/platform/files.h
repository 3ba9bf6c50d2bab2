// Small, careful file operations: bounded reads, atomic replacement, owner-only creation.
// The atomic write is per OS (platform/posix, platform/windows).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sg {

// Reads a whole file if it is at most `max_bytes`; an error otherwise (too_large, not_found).
[[nodiscard]] Result<std::string> read_file(const std::filesystem::path& p, std::size_t max_bytes);

// Writes to a temporary file beside `p`, flushes it to disk and renames it over `p`, so a crash
// leaves either the old or the new content. Creates parent directories.
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& p, std::string_view content, bool owner_only);

// Creates a directory (and parents) restricted to the owner.
[[nodiscard]] Status ensure_private_dir(const std::filesystem::path& dir);

// Runs `fn` while holding an exclusive lock on `lock_file` (created owner-only if missing). The
// lock is between processes too: the HTTP host and the native-messaging hosts of every mail
// client window append to one audit log.
[[nodiscard]] Status with_exclusive_lock(const std::filesystem::path& lock_file, const std::function<Status()>& fn);

// Appends `data` to `p` (created owner-only if missing) and flushes it to disk before returning.
[[nodiscard]] Status append_durably(const std::filesystem::path& p, std::string_view data);

// An internal error naming the file and what went wrong.
[[nodiscard]] Error io_error(const std::filesystem::path& p, std::string_view what_ja, std::string_view what_en,
                             const std::string& detail);

}  // namespace sg
