// RFC 5322 Date header values, including the obsolete forms old clients write, to Unix time.
#include "extract/mail_date.h"

#include <array>
#include <string>
#include <vector>

#include "text/utf8.h"

namespace sg::mail {

namespace {

// Longer values are not dates (the longest sensible one, with a comment, is under 100 bytes).
constexpr std::size_t kMaxDateTextBytes = 512;

constexpr std::array<std::string_view, 7> kDayNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 12> kMonthNames{"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};

struct NamedZone {
  std::string_view name;
  int minutes;
};
constexpr std::array<NamedZone, 13> kNamedZones{{{"ut", 0},
                                                 {"utc", 0},
                                                 {"gmt", 0},
                                                 {"z", 0},
                                                 {"est", -5 * 60},
                                                 {"edt", -4 * 60},
                                                 {"cst", -6 * 60},
                                                 {"cdt", -5 * 60},
                                                 {"mst", -7 * 60},
                                                 {"mdt", -6 * 60},
                                                 {"pst", -8 * 60},
                                                 {"pdt", -7 * 60},
                                                 {"jst", 9 * 60}}};

struct Clock {
  int hour = 0;
  int minute = 0;
  int second = 0;
};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_alpha(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_alpha(c)) return false;
  }
  return true;
}

// The value with comments, nested or not, replaced by one space each.
std::string strip_comments(std::string_view s) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (depth > 0 && c == '\\') {
      ++i;
    } else if (c == '(') {
      if (depth++ == 0) out.push_back(' ');
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string_view> split_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t begin = s.find_first_not_of(" \t\r\n,", i);
    if (begin == std::string_view::npos) break;
    std::size_t end = s.find_first_of(" \t\r\n,", begin);
    if (end == std::string_view::npos) end = s.size();
    out.push_back(s.substr(begin, end - begin));
    i = end;
  }
  return out;
}

// A number of min_digits..max_digits ASCII digits making up the whole token.
std::optional<int> number(std::string_view s, std::size_t min_digits, std::size_t max_digits) {
  if (s.size() < min_digits || s.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "Mon" or "Monday" (any case).
template <std::size_t N>
std::optional<int> name_index(std::string_view token, const std::array<std::string_view, N>& names) {
  if (token.size() < 3 || !all_alpha(token)) return std::nullopt;
  const std::string prefix = text::ascii_lower(token.substr(0, 3));
  for (std::size_t k = 0; k < N; ++k) {
    if (names[k] == prefix) return static_cast<int>(k);
  }
  return std::nullopt;
}

// Two-digit years are 2000-2049 or 1950-1999, three-digit ones add 1900 (RFC 5322 4.3).
std::optional<int> year(std::string_view token) {
  auto y = number(token, 2, 4);
  if (!y) return std::nullopt;
  if (token.size() == 2) return *y < 50 ? 2000 + *y : 1900 + *y;
  if (token.size() == 3) return 1900 + *y;
  if (*y < 1900) return std::nullopt;
  return y;
}

// "hh:mm" or "hh:mm:ss"; `rest` receives what follows (a zone some writers glue on).
std::optional<Clock> clock(std::string_view token, std::string_view& rest) {
  const std::size_t end = token.find_first_of("+-");
  rest = end == std::string_view::npos ? std::string_view{} : token.substr(end);
  token = token.substr(0, end);
  const std::size_t c1 = token.find(':');
  if (c1 == std::string_view::npos) return std::nullopt;
  const std::size_t c2 = token.find(':', c1 + 1);
  auto h = number(token.substr(0, c1), 1, 2);
  auto m = number(token.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1), 1, 2);
  auto s = c2 == std::string_view::npos ? std::optional<int>(0) : number(token.substr(c2 + 1), 1, 2);
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
  return Clock{*h, *m, *s};
}

// "+0900", "-05:00", "+09": minutes east of UTC; nullopt when malformed.
std::optional<int> numeric_zone(std::string_view token) {
  const int sign = token[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : token.substr(1)) {
    if (c != ':') digits.push_back(c);
  }
  if (digits.size() == 2) digits += "00";
  auto hh = number(std::string_view(digits).substr(0, 2), 2, 2);
  auto mm = digits.size() == 4 ? number(std::string_view(digits).substr(2), 2, 2) : std::nullopt;
  if (!hh || !mm || *hh > 23 || *mm > 59) return std::nullopt;
  return sign * (*hh * 60 + *mm);
}

// Minutes east of UTC for a zone token; unknown names are +0000 (RFC 5322 4.3).
std::optional<int> zone(std::string_view token) {
  if (token.empty()) return 0;
  if (token[0] == '+' || token[0] == '-') return numeric_zone(token);
  if (!all_alpha(token)) return 0;
  const std::string name = text::ascii_lower(token);
  for (const auto& z : kNamedZones) {
    if (z.name == name) return z.minutes;
  }
  return 0;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CalendarDate {
  int day = 0;
  int month = 0;  // 1..12
  int year = 0;
};

// "[weekday] day month year", also "[weekday] month day year"; advances `i` past it.
std::optional<CalendarDate> calendar_date(const std::vector<std::string_view>& t, std::size_t& i) {
  if (i < t.size() && all_alpha(t[i]) && name_index(t[i], kDayNames)) ++i;
  if (i + 3 > t.size()) return std::nullopt;
  std::string_view day_token = t[i];
  std::string_view month_token = t[i + 1];
  if (all_alpha(day_token)) std::swap(day_token, month_token);
  auto d = number(day_token, 1, 2);
  auto m = name_index(month_token, kMonthNames);
  auto y = year(t[i + 2]);
  if (!d || !m || !y || *d < 1 || *d > days_in_month(*y, *m + 1)) return std::nullopt;
  i += 3;
  return CalendarDate{*d, *m + 1, *y};
}

}  // namespace

std::optional<std::int64_t> parse_mail_date(std::string_view value) {
  if (value.size() > kMaxDateTextBytes) return std::nullopt;
  const std::string stripped = strip_comments(value);
  const std::vector<std::string_view> t = split_tokens(stripped);
  std::size_t i = 0;
  auto date = calendar_date(t, i);
  if (!date) return std::nullopt;
  Clock time;
  std::string_view zone_token;
  if (i < t.size()) {
    auto c = clock(t[i++], zone_token);
    if (!c) return std::nullopt;
    time = *c;
    if (zone_token.empty() && i < t.size()) zone_token = t[i];
  }
  auto offset = zone(zone_token);
  if (!offset) return std::nullopt;
  const std::int64_t seconds =
      days_from_civil(date->year, date->month, date->day) * 86400 + time.hour * 3600 + time.minute * 60 + time.second;
  return seconds - static_cast<std::int64_t>(*offset) * 60;
}

}  // namespace sg::mail
