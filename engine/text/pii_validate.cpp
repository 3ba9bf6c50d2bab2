// Check digits and numbering plans behind the PII detectors: Luhn and card issuer ranges, the My
// Number and corporate-number check digits, Japanese phone numbering and calendar dates.
#include "text/pii_validate.h"

#include <algorithm>
#include <cstddef>

namespace sg::text {

namespace {

constexpr std::size_t kMyNumberDigits = 12;
constexpr std::size_t kCorporateNumberDigits = 13;
constexpr std::size_t kMinCardDigits = 13;
constexpr std::size_t kMaxCardDigits = 19;

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int digit(char c) {
  return c - '0';
}

// The number made of the first n digits (n <= 6).
int prefix(std::string_view digits, std::size_t n) {
  int v = 0;
  for (std::size_t i = 0; i < n && i < digits.size(); ++i) v = v * 10 + digit(digits[i]);
  return v;
}

bool in(int v, int lo, int hi) {
  return v >= lo && v <= hi;
}

}  // namespace

bool luhn_valid(std::string_view digits) {
  if (!all_digits(digits)) return false;
  int sum = 0;
  bool twice = false;
  for (std::size_t i = digits.size(); i-- > 0;) {
    int d = digit(digits[i]);
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

CardIssuer card_issuer(std::string_view digits) {
  if (!all_digits(digits) || digits.size() < kMinCardDigits || digits.size() > kMaxCardDigits) return CardIssuer::none;
  const std::size_t len = digits.size();
  const bool sixteen_up = len >= 16;  // JCB, Discover, UnionPay: 16-19
  const int p2 = prefix(digits, 2);
  const int p3 = prefix(digits, 3);
  const int p4 = prefix(digits, 4);
  if (digits[0] == '4') return (len == 13 || len == 16 || len == 19) ? CardIssuer::visa : CardIssuer::none;
  if (in(p2, 51, 55) || in(p4, 2221, 2720)) return len == 16 ? CardIssuer::mastercard : CardIssuer::none;
  if (p2 == 34 || p2 == 37) return len == 15 ? CardIssuer::amex : CardIssuer::none;
  if (in(p4, 3528, 3589)) return sixteen_up ? CardIssuer::jcb : CardIssuer::none;
  if (in(p3, 300, 305) || p2 == 36 || p2 == 38 || p2 == 39) return len >= 14 ? CardIssuer::diners : CardIssuer::none;
  if (p4 == 6011 || in(p3, 644, 649) || p2 == 65) return sixteen_up ? CardIssuer::discover : CardIssuer::none;
  if (p2 == 62) return sixteen_up ? CardIssuer::unionpay : CardIssuer::none;
  return CardIssuer::none;
}

bool card_number_valid(std::string_view digits) {
  return card_issuer(digits) != CardIssuer::none && luhn_valid(digits);
}

int my_number_check_digit(std::string_view base11) {
  if (base11.size() != kMyNumberDigits - 1 || !all_digits(base11)) return -1;
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    const int p = digit(base11[static_cast<std::size_t>(11 - n)]);
    const int q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const int r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

bool my_number_valid(std::string_view digits12) {
  if (digits12.size() != kMyNumberDigits || !all_digits(digits12)) return false;
  return my_number_check_digit(digits12.substr(0, kMyNumberDigits - 1)) == digit(digits12.back());
}

int corporate_number_check_digit(std::string_view base12) {
  if (base12.size() != kCorporateNumberDigits - 1 || !all_digits(base12)) return -1;
  int sum = 0;
  for (std::size_t n = 1; n <= 12; ++n) {
    const int p = digit(base12[12 - n]);
    sum += p * (n % 2 == 1 ? 1 : 2);
  }
  return 9 - sum % 9;
}

bool corporate_number_valid(std::string_view digits13) {
  if (digits13.size() != kCorporateNumberDigits || !all_digits(digits13)) return false;
  return corporate_number_check_digit(digits13.substr(1)) == digit(digits13[0]);
}

bool jp_phone_number_valid(std::string_view d) {
  if (!all_digits(d) || d[0] != '0') return false;
  if (d.size() == 11) {
    // 0A0 + 8 digits: IP phones (050), mobiles (070, 080, 090), toll-free 0800.
    return d[2] == '0' && (d[1] == '5' || d[1] == '7' || d[1] == '8' || d[1] == '9');
  }
  // 0 + area code + local number, 10 digits; 0A0 numbers are never 10 digits.
  return d.size() == 10 && d[1] != '0' && d[2] != '0';
}

bool calendar_date_valid(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= days;
}

}  // namespace sg::text
