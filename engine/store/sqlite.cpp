// A small RAII layer over the SQLite C API: a connection, prepared statements and transactions.
#include "store/sqlite.h"

#include <sqlite3.h>

#include <climits>
#include <cstdint>
#include <string>
#include <utility>

namespace sg::store {

namespace {

Error sqlite_error(std::string_view what, std::string_view message) {
  std::string ja = "履歴データベースの操作に失敗しました（";
  ja.append(what).append("）: ").append(message);
  std::string en = "History database ";
  en.append(what).append(" failed: ").append(message);
  return make_error(ErrorCode::internal, Text{std::move(ja), std::move(en)});
}

// SQLITE_TRANSIENT without its C-style cast: SQLite copies the bound text.
sqlite3_destructor_type transient() {
  return reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
}

}  // namespace

// Database

Result<Database> Database::open(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);  // closes even a failed open's handle
  if (rc != SQLITE_OK) {
    return sqlite_error("open " + path.string(), raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(raw, 1);
  if (sqlite3_busy_timeout(raw, kBusyTimeoutMs) != SQLITE_OK) return db.error("busy_timeout");
  // journal_mode answers with the mode now in force; anything but "wal" (e.g. a read-only
  // directory where the -wal file cannot be made) is refused rather than silently degraded.
  {
    auto wal = Statement::prepare(db, "PRAGMA journal_mode=WAL");
    if (!wal) return std::move(wal).error();
    auto row = wal->step();
    if (!row) return std::move(row).error();
    if (!*row || wal->column_text(0) != "wal") {
      return sqlite_error("journal_mode=WAL", "the database could not be switched to WAL mode");
    }
  }
  if (auto st = db.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"); !st) return std::move(st).error();
  if (auto st = db.exec("PRAGMA mmap_size=" + std::to_string(kMmapBytes) + "; PRAGMA cache_size=-" +
                        std::to_string(kPageCacheKiB) + ";");
      !st) {
    return std::move(st).error();
  }
  return db;
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string m = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return sqlite_error("statement", m);
  }
  return Ok{};
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

bool Database::autocommit() const {
  return sqlite3_get_autocommit(db_) != 0;
}

Error Database::error(std::string_view what) const {
  return sqlite_error(what, db_ != nullptr ? sqlite3_errmsg(db_) : "no connection");
}

// Statement

Result<Statement> Statement::prepare(Database& db, std::string_view sql) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) return sqlite_error("prepare", "statement too long");
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return db.error("prepare");
  }
  if (raw == nullptr) return sqlite_error("prepare", "empty statement");
  return Statement(db, raw);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Status Statement::bind_int64(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) return db_->error("bind");
  return Ok{};
}

Status Statement::bind_text(int index, std::string_view value) {
  if (value.size() > static_cast<std::size_t>(INT_MAX)) return sqlite_error("bind", "text too long");
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), transient()) != SQLITE_OK) {
    return db_->error("bind");
  }
  return Ok{};
}

Status Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) return db_->error("bind");
  return Ok{};
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = db_->error("step");
  sqlite3_reset(stmt_);
  return e;
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return std::move(row).error();
    if (!*row) return Ok{};
  }
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::column_text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

// Transaction

Result<Transaction> Transaction::begin(Database& db) {
  const bool nested = !db.autocommit();
  if (auto st = db.exec(nested ? "SAVEPOINT sg_nested" : "BEGIN IMMEDIATE"); !st) return std::move(st).error();
  return Transaction(db, nested);
}

Result<Transaction> Transaction::begin_read(Database& db) {
  const bool nested = !db.autocommit();
  if (auto st = db.exec(nested ? "SAVEPOINT sg_nested" : "BEGIN DEFERRED"); !st) return std::move(st).error();
  return Transaction(db, nested);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), nested_(other.nested_), done_(std::exchange(other.done_, true)) {}

Transaction::~Transaction() {
  if (done_ || db_ == nullptr) return;
  if (nested_) {
    (void)db_->exec("ROLLBACK TO sg_nested; RELEASE sg_nested");
  } else if (!db_->autocommit()) {  // SQLite may already have rolled back after an I/O error
    (void)db_->exec("ROLLBACK");
  }
}

Status Transaction::commit() {
  if (done_) return sqlite_error("commit", "the transaction has already ended");
  if (auto st = db_->exec(nested_ ? "RELEASE sg_nested" : "COMMIT"); !st) return st;
  done_ = true;
  return Ok{};
}

}  // namespace sg::store
