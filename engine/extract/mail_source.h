// Reads a Sent folder exported from any client: mbox files, maildirs, .eml files and trees of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "core/result.h"
#include "extract/mail_headers.h"

namespace sg::mail {

// Named limits. Whatever a message's size, reading it keeps at most its header block, the first
// kMaxBodyHeadBytes of its body and one line in memory.
inline constexpr std::size_t kMaxHeaderReadBytes = kMaxHeaderBlockBytes + 5;  // the block, CRLF, a UTF-8 BOM
inline constexpr std::size_t kMaxMboxLineBytes = kMaxHeaderReadBytes;  // longer lines are cut (bodies only need a look)
inline constexpr std::size_t kMaxFilesPerWalk = 500'000;               // directory entries examined in one walk
// The beginning of each body kept for its salutation (SentMessage::body_text), and the text made
// of it: a salutation is in the first lines, and base64 takes 4 bytes for 3.
inline constexpr std::size_t kMaxBodyHeadBytes = 64 * 1024;
inline constexpr std::size_t kMaxBodyTextBytes = 8 * 1024;
inline constexpr int kMaxDirectoryDepth = 16;  // levels below the folder given

struct SourceStats {
  std::uint64_t messages = 0;   // messages parsed and passed to the sink
  std::uint64_t malformed = 0;  // problems passed to the sink: malformed messages, unreadable files, limits
  std::uint64_t files = 0;      // files opened and read
};

// Called once per message, with the message or what is wrong with it. `where` names it for the
// user: "Sent.mbox#12" (1-based message number in an mbox), "Sent/cur/1700000000.M1.host:2,S",
// "export/2024/a.eml"; paths start at the last component of the path given to read_sent_mail.
using MessageSink = std::function<void(Result<SentMessage>, std::string_view where)>;

// Reads every message under `path`:
//  - a directory with cur/ or new/ is a maildir: the files of cur/ then new/, by name;
//  - another directory is walked (by name, at most kMaxDirectoryDepth levels, no symlinked
//    directories, no hidden entries) for *.eml files;
//  - a file whose first line starts with "From " is an mbox, streamed line by line (a message
//    starts at a "From " line at the start of the file or after an empty line; LF or CRLF);
//  - any other file is one message (.eml).
// Header blocks are read, and the beginning of each body for its first text part
// (SentMessage::body_text). Malformed messages, unreadable files inside a directory and limits
// reached are reported through the sink and counted, never fatal. Errors: `path` is missing
// (not_found), unreadable (forbidden or internal), not a file or directory (invalid_request), or
// an mbox read fails part-way (internal).
[[nodiscard]] Result<SourceStats> read_sent_mail(const std::filesystem::path& path, const MessageSink& sink);

}  // namespace sg::mail
