// Check digits and numbering plans behind the PII detectors: Luhn and card issuer ranges, the My
// Number and corporate-number check digits, Japanese phone numbering and calendar dates.
#pragma once

#include <cstdint>
#include <string_view>

namespace sg::text {

// All functions take ASCII digits only ('0'..'9'); anything else is invalid.

[[nodiscard]] bool luhn_valid(std::string_view digits);

enum class CardIssuer : std::uint8_t { none, visa, mastercard, amex, jcb, diners, discover, unionpay };

// The issuer whose IIN range holds the number and which issues numbers of its length, else none:
// Visa 4 (13, 16, 19 digits); Mastercard 51-55, 2221-2720 (16); Amex 34, 37 (15); JCB 3528-3589
// (16-19); Diners 300-305, 36, 38-39 (14-19); Discover 6011, 644-649, 65 (16-19); UnionPay 62 (16-19).
[[nodiscard]] CardIssuer card_issuer(std::string_view digits);

// Luhn and an issuer.
[[nodiscard]] bool card_number_valid(std::string_view digits);

// The check digit of the 11 base digits of a My Number (個人番号): Q_n = n+1 (n <= 6), n-5
// (n >= 7) over the digits P_n counted from the right; r = sum(P_n Q_n) % 11; r <= 1 ? 0 : 11 - r.
// -1 for anything but 11 digits.
[[nodiscard]] int my_number_check_digit(std::string_view base11);
[[nodiscard]] bool my_number_valid(std::string_view digits12);

// The check digit (the FIRST digit) of a corporate number (法人番号) from its 12 base digits:
// 9 - (sum of the digits weighted 1, 2, 1, 2, ... from the right) % 9. -1 for anything but 12 digits.
[[nodiscard]] int corporate_number_check_digit(std::string_view base12);
[[nodiscard]] bool corporate_number_valid(std::string_view digits13);

// A Japanese phone number written nationally (leading 0): 11 digits for 050, 070, 080 and 090
// (0800 included); 10 digits for fixed lines, 0120, 0570 and the other 0A-BC numbers (A, B != 0).
[[nodiscard]] bool jp_phone_number_valid(std::string_view national_digits);

[[nodiscard]] bool calendar_date_valid(int year, int month, int day);

}  // namespace sg::text
