// The audit log: an append-only file of JSON lines in the data directory (audit.jsonl),
// hash-chained, with a head file beside it; verification and queries that stream through it.
//
// Storage. Every record carries "seq" (1, 2, 3, ...), "time" (UTC), "prev" (the previous
// record's hash, "" for the first) and "hash" = SHA-256 hex of prev + "\n" + the record's JSON
// without "hash". It holds metadata and hashes, never bodies, attachment contents or passwords.
// Appends from every host process go through one lock file (audit.lock) and are flushed to disk.
//
// The head file. A chain alone cannot show that its last records were cut off: what remains is
// still a valid chain. So after each append, under the same lock, the host replaces audit.head
// atomically with {"seq", "hash"} of the record it just wrote, and verification requires the
// log to end at the head's seq with the head's hash. The log may end *beyond* the head only when
// a crash (or a failed head write) came between the append and the head write: that is a warning,
// not a problem, provided the record at the head's seq carries the head's hash. Appends continue
// the chain from the head when the head is at or beyond the log's last record, so a cut tail
// stays visible as a seq gap even after new records are added.
//
// What this gives and what it does not: an edit, a deletion, a reordering or a cut tail by
// someone who does not rewrite the hashes shows. Someone who can write the data directory can
// still rebuild a whole consistent chain and head; shipping the records elsewhere (a SIEM) as they
// are written is the remedy (docs/decisions.md).
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace sg {

inline constexpr std::string_view kAuditFileName = "audit.jsonl";
inline constexpr std::string_view kAuditHeadFileName = "audit.head";
inline constexpr std::string_view kAuditLockFileName = "audit.lock";
// How much of the file's end is read to find the last record (records are far smaller).
inline constexpr std::size_t kAuditTailBytes = 1024 * 1024;
// The longest line readers accept, checked before a line is buffered; append() refuses a record
// whose line would be longer. (10,000 recipients of 2 KiB each in a check summary fit.)
inline constexpr std::size_t kMaxAuditLineBytes = 32 * 1024 * 1024;
// Warnings a verification lists (the rest are counted).
inline constexpr std::size_t kMaxAuditWarnings = 100;
// Records a query returns: by default, and at most.
inline constexpr std::size_t kAuditQueryDefaultLimit = 100;
inline constexpr std::size_t kAuditQueryMaxLimit = 1000;

struct AuditAppended {
  std::uint64_t seq = 0;
  std::string hash;
};

class AuditLog {
 public:
  explicit AuditLog(std::filesystem::path data_dir);

  // Adds "seq", "time", "prev" and "hash" to `record` and appends it under a lock shared with
  // every other host process, then records it in the head file. hash = SHA-256 hex of
  // (prev + "\n" + the record's JSON without "hash").
  [[nodiscard]] Result<AuditAppended> append(boost::json::object record);

  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::filesystem::path head_file_;
  std::filesystem::path lock_file_;
};

// The hash a record must carry, given the previous record's hash ("" for the first).
[[nodiscard]] std::string audit_record_hash(const std::string& prev, const boost::json::object& record_without_hash);

// SHA-256 of bytes as lower-case hex.
[[nodiscard]] std::string sha256_hex(std::string_view data);

// ---- Verification ----

enum class AuditIssueKind {
  // Problems: the log is not what the host wrote.
  edited,          // a record's hash does not match its content (or the head file's hash)
  deleted,         // a seq gap: records are missing
  reordered,       // seq goes backwards, a missing seq turns up later, or "prev" does not link
  malformed,       // not JSON, not an object, a required field missing or mistyped, a line too long
  truncated_tail,  // the log ends before the seq the head file records
  // Warnings: traces of a crash or of an older host, nothing lost.
  torn_line,    // a record cut short by a crash; the next record links past it
  head_behind,  // the log goes beyond the head file (a crash between append and head write)
  no_head,      // records but no head file (written before it existed): a cut tail cannot show
};

// "edited", "deleted", ...: the names the CLI and the docs use.
[[nodiscard]] std::string_view audit_issue_name(AuditIssueKind kind);

struct AuditIssue {
  AuditIssueKind kind = AuditIssueKind::malformed;
  std::uint64_t line = 0;  // 1-based line of the log; 0 when the issue is not on one line
  std::uint64_t seq = 0;   // seq of the record at fault; 0 when it has none
  // deleted, truncated_tail: the missing seqs, inclusive.
  std::uint64_t missing_from = 0;
  std::uint64_t missing_to = 0;
  Text message;
};

struct AuditVerifyReport {
  std::uint64_t records = 0;          // records checked and found in order (before the problem, if any)
  std::uint64_t last_seq = 0;         // seq of the last of them
  std::optional<AuditIssue> problem;  // the first problem; verification stops there
  std::vector<AuditIssue> warnings;   // at most kMaxAuditWarnings
  std::uint64_t more_warnings = 0;    // warnings beyond those

  [[nodiscard]] bool intact() const { return !problem.has_value(); }
};

// Checks the log `file` (audit.jsonl; its head file is audit.head beside it) in one streaming
// pass with memory bounded by kMaxAuditLineBytes. A missing or empty log with no head file is
// intact. An error only when the files cannot be read.
[[nodiscard]] Result<AuditVerifyReport> verify_audit_log(const std::filesystem::path& file);

// ---- Queries ----

// A matcher for an address filter: a whole address ("a@b.example", compared case-insensitively,
// the domain in either form) or a whole domain ("@b.example").
struct AuditAddressFilter {
  std::string local;  // lower-case; empty for a domain filter
  std::string domain_ascii;
};

struct AuditQuery {
  std::optional<std::int64_t> from_ms;          // records whose time >= this (ms since the epoch, UTC)
  std::optional<std::int64_t> to_ms;            // records whose time <= this
  std::optional<AuditAddressFilter> sender;     // the check's sender
  std::optional<AuditAddressFilter> recipient;  // the check's to/cc/bcc or the decision's final ones
  std::optional<std::string> action;            // the check's verdict: allow, confirm, justify, block
  std::optional<std::string> outcome;           // sent, cancelled
  std::optional<std::string> kind;              // decision, encrypt
  std::size_t limit = kAuditQueryDefaultLimit;
  std::optional<std::uint64_t> before_seq;  // only records with seq < this (paging)
};

// Builds a query from name/value pairs (a URL query string, decoded; the CLI's options). Names:
// from, to, sender, recipient, action, outcome, kind, limit, before_seq. An empty value means
// the filter is absent. An unknown name, a repeated one or a bad value is invalid_request with
// path "/<name>".
[[nodiscard]] Result<AuditQuery> audit_query_from_params(
    const std::vector<std::pair<std::string, std::string>>& params);

// An ISO 8601 time ("2026-10-01", "2026-10-01T09:00", "2026-10-01T09:00:00.5+09:00", "...Z") as
// milliseconds since the epoch. No offset means UTC. `end_of_day`: a date alone stands for its
// last millisecond instead of its first.
[[nodiscard]] std::optional<std::int64_t> parse_iso8601_ms(std::string_view text, bool end_of_day = false);

struct AuditPage {
  std::vector<boost::json::object> records;      // newest first, at most the query's limit
  std::optional<std::uint64_t> next_before_seq;  // set when older matching records remain
};

// The records of `file` that match, newest first. Streams the file once keeping at most `limit`
// records; lines that are not records (torn, malformed, too long) are skipped. A missing log is
// an empty page.
[[nodiscard]] Result<AuditPage> query_audit_log(const std::filesystem::path& file, const AuditQuery& query);

// The answer of GET /v1/audit: {"records": [...], "next_before_seq": N or null}.
[[nodiscard]] boost::json::object audit_page_json(AuditPage page);

}  // namespace sg
