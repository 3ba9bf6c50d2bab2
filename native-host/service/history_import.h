// Teaching the history mail already sent (api.md "POST /v1/history/import", `sendguard history
// import`): idempotent per message, in batched transactions, malformed messages counted not fatal.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/result.h"
#include "policy/profile.h"
#include "store/history.h"
#include "store/sqlite.h"

namespace sg {

// Messages in one import request (the body limit bounds it too).
inline constexpr std::size_t kMaxImportMessages = 10000;
// Messages per transaction: one commit (one fsync) per batch instead of per message.
inline constexpr std::size_t kImportBatchMessages = 1000;
// Problems listed in an answer; the rest are only counted.
inline constexpr std::size_t kMaxImportProblemsListed = 20;
// The text of a message read for its salutation: only the beginning matters.
inline constexpr std::size_t kMaxImportBodyTextBytes = 64 * 1024;

struct ImportMessage {
  std::int64_t date = 0;  // Unix seconds
  Address from;
  std::vector<Address> to, cc, bcc;
  std::string subject;
  // The beginning of the message's text, when known: its salutation teaches where the
  // organisation it addresses is, its signatures where theirs are (sg::organisations_seen). Not
  // part of the import key.
  std::string body_text;
};

struct ImportTally {
  std::uint64_t imported = 0;
  std::uint64_t skipped = 0;    // imported before (same date, sender, recipients and subject)
  std::uint64_t malformed = 0;  // not understood; listed in problems (up to kMaxImportProblemsListed)
  std::vector<Problem> problems;

  void problem(std::string path, Text message);
};

// The identity of a message for idempotence: SHA-256 over the date, the sender's key, the sorted
// recipient keys per field and the subject.
[[nodiscard]] std::string import_key(const ImportMessage& m);

// Adds messages to the history in batches of kImportBatchMessages per transaction. Call finish()
// to commit the last batch; a destroyed importer rolls back only the unfinished batch.
class HistoryImporter {
 public:
  // The profile's internal domains (when none: each message's sender's own domain) and free-mail
  // domains say where a salutation or a signature can tell an organisation's place.
  HistoryImporter(store::Database& db, store::History& history, const Profile& profile)
      : db_(db),
        history_(history),
        internal_domains_(profile.list("/organization/internal_domains")),
        freemail_domains_(profile.list("/lists/freemail_domains")) {}
  Status add(const ImportMessage& m, ImportTally& tally);
  Status finish();

 private:
  store::Database& db_;
  store::History& history_;
  std::vector<std::string> internal_domains_;
  std::vector<std::string> freemail_domains_;
  std::optional<store::Transaction> tx_;
  std::size_t in_batch_ = 0;
};

// The JSON of api.md: {"messages": [{"date", "from", "to", "cc", "bcc", "subject", "body"?}]}.
[[nodiscard]] Result<ImportTally> import_history_json(store::Database& db, store::History& history,
                                                      const boost::json::value& params, const Profile& profile);

[[nodiscard]] boost::json::value import_tally_json(const ImportTally& tally, Locale locale);

}  // namespace sg
