// The header block of one sent RFC 5322 message: sender, recipients, subject, date, Message-ID.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "core/result.h"

namespace sg::mail {

// Named limits, checked before anything is stored. Over a limit, the message is malformed.
inline constexpr std::size_t kMaxHeaderBlockBytes = 256 * 1024;  // lines before the empty line
inline constexpr std::size_t kMaxAddressesPerMessage = 10'000;   // From, To, Cc and Bcc entries together
inline constexpr std::size_t kMaxSkippedTextBytes = 256;         // a skipped entry is cut to this for the report

struct SentMessage {
  std::int64_t date = 0;  // Unix seconds, UTC, from the Date header (0 when missing or unparseable)
  bool date_valid = false;
  std::optional<Address> from;       // the first mailbox of the first From header
  std::vector<Address> to, cc, bcc;  // every To/Cc/Bcc header, in order; groups flattened
  std::string subject;               // encoded words decoded, UTF-8, whitespace collapsed
  std::string message_id;            // without <>; empty when absent
  std::vector<std::string> skipped;  // address entries that are not a valid mailbox, as written (UTF-8)
  // The beginning of the message's text (its first text part, decoded to UTF-8) when the reader
  // kept the beginning of the body (mail_source does); "" otherwise.
  std::string body_text;
};

// The mailboxes of one address-list header value (From, To, Cc, Bcc; unfolded). Handles display
// names (quoted, phrases, encoded words), comments, angle addresses with obsolete routes, groups
// ("Team: a@x, b@y;" gives a and b; "undisclosed-recipients:;" nothing), bare addresses, empty
// entries. Each mailbox goes through sg::parse_mailbox; one that fails lands in `skipped`.
// Error (too_large) when there are more than `max_entries` entries.
struct AddressList {
  std::vector<Address> addresses;
  std::vector<std::string> skipped;
};
[[nodiscard]] Result<AddressList> parse_address_list(std::string_view value,
                                                     std::size_t max_entries = kMaxAddressesPerMessage);

// Parses the header block of one message: the bytes up to the first empty line (LF or CRLF);
// the body is never looked at, so the input may be cut anywhere after the header block. Folded
// lines are unfolded, names are case-insensitive, the first From/Date/Subject/Message-ID wins,
// every To/Cc/Bcc counts, Resent-* fields are ignored. A leading mbox "From " line is skipped.
// Errors (the message is malformed): the block is over kMaxHeaderBlockBytes (too_large), it has
// no header field at all (invalid_request), or more than kMaxAddressesPerMessage addresses.
[[nodiscard]] Result<SentMessage> parse_message_headers(std::string_view raw_message);

}  // namespace sg::mail
