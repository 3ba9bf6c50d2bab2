// Times on the wire: RFC 3339 / ISO 8601 date-times to and from Unix seconds.
#include "core/timestamp.h"

#include <fmt/format.h>

#include <chrono>

namespace sg {

namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> number(std::string_view s, std::size_t& pos, std::size_t digits) {
  if (pos + digits > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  return v;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto year = number(s, pos, 4);
  if (!year || !expect(s, pos, '-')) return std::nullopt;
  const auto month = number(s, pos, 2);
  if (!month || !expect(s, pos, '-')) return std::nullopt;
  const auto day = number(s, pos, 2);
  if (!day) return std::nullopt;
  const year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                           std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok() || *year < 1970) return std::nullopt;
  std::int64_t seconds = sys_days{ymd}.time_since_epoch() / std::chrono::seconds{1};
  if (pos == s.size()) return seconds;
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  ++pos;
  const auto hour = number(s, pos, 2);
  if (!hour || *hour > 23 || !expect(s, pos, ':')) return std::nullopt;
  const auto minute = number(s, pos, 2);
  if (!minute || *minute > 59) return std::nullopt;
  int second = 0;
  if (expect(s, pos, ':')) {
    const auto sec = number(s, pos, 2);
    if (!sec || *sec > 60) return std::nullopt;  // 60: a leap second, counted as the next minute
    second = *sec;
    if (expect(s, pos, '.') || expect(s, pos, ',')) {
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  seconds += std::int64_t{*hour} * 3600 + std::int64_t{*minute} * 60 + second;
  if (pos == s.size()) return seconds;
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size() ? std::optional<std::int64_t>(seconds) : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  const auto oh = number(s, pos, 2);
  if (!oh || *oh > 23) return std::nullopt;
  expect(s, pos, ':');
  const auto om = number(s, pos, 2);
  if (!om || *om > 59 || pos != s.size()) return std::nullopt;
  return seconds - sign * (std::int64_t{*oh} * 3600 + std::int64_t{*om} * 60);
}

std::string format_iso8601_utc(std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds t{std::chrono::seconds{unix_seconds}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

}  // namespace sg
