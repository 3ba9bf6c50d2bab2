// E-mail addresses: strict RFC 5322 / RFC 6532 mailbox parsing and IDNA-normalised domains.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace sg {

// Named limits (RFC 5321 section 4.5.3.1, and a bound on what a display name may cost us).
inline constexpr std::size_t kMaxLocalPartBytes = 64;
inline constexpr std::size_t kMaxDomainBytes = 253;
inline constexpr std::size_t kMaxMailboxTextBytes = 2048;

struct Address {
  std::string name;          // display name, unquoted and unescaped; may be empty
  std::string local;         // local part as written (quotes removed, escapes resolved)
  std::string domain;        // domain as written (Unicode or ASCII)
  std::string domain_ascii;  // lower-case IDNA A-label form: what every comparison uses

  // local@domain as written, the form shown back to users.
  [[nodiscard]] std::string address() const;
  // local@domain_ascii with the local part lower-cased: the identity used for matching.
  [[nodiscard]] std::string key() const;
};

// Parses one mailbox: `addr-spec`, `display-name <addr-spec>`, with quoted strings, comments and
// UTF-8 (RFC 6532). A trailing comment stands in for a missing display name ("a@b (Taro)").
// Errors carry code invalid_request and an explanation; the caller adds the JSON path.
[[nodiscard]] Result<Address> parse_mailbox(std::string_view text);

// Builds an address from the {name, address} object form: `address` must be a bare addr-spec.
[[nodiscard]] Result<Address> make_address(std::string_view name, std::string_view addr_spec);

// Converts a domain to its lower-case A-label form (UTS #46, non-transitional).
[[nodiscard]] Result<std::string> domain_to_ascii(std::string_view domain);

// Converts an A-label domain back to Unicode for display; returns the input when it cannot.
[[nodiscard]] std::string domain_to_unicode(std::string_view ascii_domain);

// True when `domain_ascii` equals `pattern` or, for a "*.example.com" pattern, is a subdomain
// of example.com (the apex itself does not match "*.").
[[nodiscard]] bool domain_matches(std::string_view domain_ascii, std::string_view pattern_ascii);

}  // namespace sg
