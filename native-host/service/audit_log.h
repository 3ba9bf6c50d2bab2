// The audit log, for now an append-only file of JSON lines in the data directory (audit.jsonl),
// hash-chained: every record carries the hash of the one before, so an edit, a deletion or a
// reordering shows. It holds metadata and hashes, never bodies or attachment contents. The
// history issue moves it into the SQLite store with `sendguard audit verify`.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"

namespace sg {

inline constexpr std::string_view kAuditFileName = "audit.jsonl";
// How much of the file's end is read to find the last record (records are far smaller).
inline constexpr std::size_t kAuditTailBytes = 1024 * 1024;

struct AuditAppended {
  std::uint64_t seq = 0;
  std::string hash;
};

class AuditLog {
 public:
  explicit AuditLog(std::filesystem::path data_dir);

  // Adds "seq", "time", "prev" and "hash" to `record` and appends it under a lock shared with
  // every other host process. hash = SHA-256 hex of (prev + "\n" + the record's JSON without "hash").
  [[nodiscard]] Result<AuditAppended> append(boost::json::object record);

  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::filesystem::path lock_file_;
};

// The hash a record must carry, given the previous record's hash ("" for the first).
[[nodiscard]] std::string audit_record_hash(const std::string& prev, const boost::json::object& record_without_hash);

// SHA-256 of bytes as lower-case hex.
[[nodiscard]] std::string sha256_hex(std::string_view data);

}  // namespace sg
