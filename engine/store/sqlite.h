// A small RAII layer over the SQLite C API: a connection, prepared statements and transactions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sg::store {

// How long a connection waits for another process's write lock before giving up: several host
// processes (one per mail client) share the one history file.
inline constexpr int kBusyTimeoutMs = 5000;
// Reads go through a memory map of the database file up to this size (no read() call per page;
// pages are shared with the OS page cache and with the other host processes), and the page cache
// of each connection holds this much (SQLite's default is 2 MiB).
inline constexpr std::int64_t kMmapBytes = 256LL * 1024 * 1024;
inline constexpr std::int64_t kPageCacheKiB = 16 * 1024;

// One connection, used by one thread at a time (opened with SQLITE_OPEN_NOMUTEX: give each thread
// its own Database). Every failure is an ErrorCode::internal error carrying SQLite's message.
class Database {
 public:
  // Opens or creates the file (its parent directory must exist) and sets journal_mode=WAL,
  // synchronous=FULL (a committed decision survives a crash of the process or of the machine),
  // foreign_keys=ON and busy_timeout=kBusyTimeoutMs.
  static Result<Database> open(const std::filesystem::path& path);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that return no rows the caller needs.
  Status exec(std::string_view sql);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const;
  // Whether no transaction is open (SQLite's autocommit mode).
  [[nodiscard]] bool autocommit() const;
  [[nodiscard]] sqlite3* handle() const { return db_; }
  // An internal error "<what>: <SQLite's last message on this connection>".
  [[nodiscard]] Error error(std::string_view what) const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// A prepared statement; finalized in the destructor. Bind indexes start at 1, columns at 0.
// It refers to its Database, which must outlive it.
class Statement {
 public:
  static Result<Statement> prepare(Database& db, std::string_view sql);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Text is copied (SQLITE_TRANSIENT): the caller's string need not outlive the call.
  Status bind_int64(int index, std::int64_t value);
  Status bind_text(int index, std::string_view value);
  Status bind_null(int index);

  // true: a row is ready for the column accessors; false: the statement has finished.
  Result<bool> step();
  // Steps to the end, ignoring rows (INSERT, UPDATE, DELETE).
  Status run();

  [[nodiscard]] bool column_is_null(int column) const;
  [[nodiscard]] std::int64_t column_int64(int column) const;
  [[nodiscard]] std::string column_text(int column) const;

  // Ready to run again; the bindings are cleared.
  void reset();

 private:
  Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE (the write lock is taken at once, so a busy database fails here, waiting up to
// kBusyTimeoutMs, rather than in the middle); rolled back in the destructor unless committed.
// Inside an open transaction it becomes a SAVEPOINT instead, so a function that writes in its own
// Transaction can also run within a caller's larger batch.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db);
  // A deferred transaction for reading a consistent snapshot (it takes no write lock, so writers in
  // other processes are not kept waiting). Ended by the destructor; inside another transaction, a
  // savepoint.
  static Result<Transaction> begin_read(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status commit();

 private:
  Transaction(Database& db, bool nested) : db_(&db), nested_(nested) {}
  Database* db_ = nullptr;
  bool nested_ = false;
  bool done_ = false;
};

}  // namespace sg::store
