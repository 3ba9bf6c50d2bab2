// The operations of api.md, independent of transport: HTTP routes and native-messaging methods
// both call these and get JSON back. Thread-safe: the profile is swapped atomically.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "core/verdict.h"
#include "extract/pdf_text.h"
#include "policy/profile.h"
#include "service/audit_log.h"
#include "service/encrypt_service.h"
#include "service/history_import.h"
#include "service/tokens.h"
#include "store/history.h"
#include "store/sqlite.h"

namespace sg {

struct HostConfig {
  std::filesystem::path data_dir;
  std::filesystem::path config_file;  // the helpdesk override profile (may not exist)
};

struct Reply {
  int status = 200;
  boost::json::value body;
};

// A verdict and the fingerprint of the draft it is about (wire/draft_digest.h).
struct CheckResult {
  Verdict verdict;
  std::string draft_digest;
};

class Api {
 public:
  // Creates the data directory and tokens, loads the override profile. An invalid override
  // file is an error listing every problem: the host does not run with a policy it cannot read.
  [[nodiscard]] static Result<std::unique_ptr<Api>> open(HostConfig config);

  [[nodiscard]] Reply health() const;
  [[nodiscard]] Reply check(const boost::json::value& draft) const;
  // What check() answers, before it becomes JSON: for callers that present it (the CLI).
  [[nodiscard]] Result<CheckResult> check_verdict(const boost::json::value& draft) const;
  // What the user did with a checked draft (api.md "POST /v1/decision"): appended to the audit
  // log with what the host remembers of that check.
  [[nodiscard]] Reply decision(const boost::json::value& params);
  // api.md "POST /v1/encrypt": an AES-256 ZIP of a checked draft's attachments or of attachments
  // sent inline. An archive larger than `inline_limit` is announced in chunks (native messaging).
  [[nodiscard]] Reply encrypt(const boost::json::value& params, std::size_t inline_limit);
  [[nodiscard]] Reply archive_chunk(const boost::json::value& params);
  // api.md "POST /v1/history/import": mail already sent teaches the history, once per message.
  [[nodiscard]] Reply history_import(const boost::json::value& params);
  // The same for messages read from files (`sendguard history import`).
  [[nodiscard]] Status import_messages(const std::vector<ImportMessage>& messages, ImportTally& tally);
  // Removes an address from the sending history everywhere (`sendguard history forget`);
  // `address` is a mailbox in either form. The audit log keeps what it recorded.
  [[nodiscard]] Status forget_address(std::string_view address);
  [[nodiscard]] Reply get_policy() const;
  // Validates the document; when valid, writes it to the config file and puts it in force.
  [[nodiscard]] Reply put_policy(std::string_view document);
  // api.md "GET /v1/audit": the audit records that match, newest first, a page at a time.
  [[nodiscard]] Reply audit(const AuditQuery& query) const;

  [[nodiscard]] Reply error(const Error& e, std::optional<Locale> locale = std::nullopt) const;

  [[nodiscard]] std::shared_ptr<const Profile> profile() const;
  [[nodiscard]] const Tokens& tokens() const { return tokens_; }
  [[nodiscard]] const HostConfig& config() const { return config_; }

 private:
  Api(HostConfig config, Tokens tokens, std::shared_ptr<const Profile> profile, store::Database db);

  // What the audit log keeps of a check until its decision arrives (bounded, oldest dropped).
  void remember_check(const std::string& check_id, boost::json::object summary) const;
  [[nodiscard]] std::optional<boost::json::object> recall_check(const std::string& check_id) const;

  HostConfig config_;
  Tokens tokens_;
  AuditLog audit_;
  mutable EncryptService encrypt_;  // keeps checked drafts' attachments: filled by the const check
  mutable std::mutex checks_mu_;
  mutable std::deque<std::pair<std::string, boost::json::object>> checks_;
  mutable std::mutex mu_;  // guards profile_ (the pointer, not the profile)
  std::mutex put_mu_;      // one policy replacement at a time
  std::shared_ptr<const Profile> profile_;
  // The sending history (history.sqlite3 in the data directory): one connection, one user at a time.
  // check() only reads it, but reading prepares statements and fills the domain cache: mutable.
  mutable std::mutex history_mu_;
  // Reads PDF attachments in the sendguard-pdftext helper installed next to this executable;
  // empty (PDFs unread, reported as such) when the helper is not there.
  extract::PdfExtractor pdf_;
  mutable store::Database db_;
  mutable std::optional<store::History> history_;
};

// The history database's file name in the data directory.
inline constexpr std::string_view kHistoryFileName = "history.sqlite3";

// Loads a profile document from a file (absent file: the defaults).
[[nodiscard]] ProfileLoad load_profile_file(const std::filesystem::path& file);

}  // namespace sg
