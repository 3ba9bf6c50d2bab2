// RFC 5322 Date header values, including the obsolete forms old clients write, to Unix time.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sg::mail {

// Unix seconds (UTC) for a Date header value; nullopt when it is not a date. Accepted, with
// comments and extra spaces anywhere: an optional day of week, day, month name, year (four
// digits, or two (< 50 is 20xx) or three (+1900) as RFC 5322 4.3 says), hh:mm with optional
// :ss, and a zone: +hhmm/-hhmm (also +hh:mm), or UT GMT UTC Z EST EDT CST CDT MST MDT PST PDT JST.
// Other zone names and military letters count as +0000 (RFC 5322 4.3); a missing zone too.
// Locale-independent: never uses strptime or std::get_time.
[[nodiscard]] std::optional<std::int64_t> parse_mail_date(std::string_view value);

}  // namespace sg::mail
