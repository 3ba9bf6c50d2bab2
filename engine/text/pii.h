// Validated PII in mail text: card numbers, My Numbers, corporate numbers, Japanese phone numbers,
// e-mail addresses, postal addresses, bank accounts and birth dates, with byte offsets and masks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg::text {

enum class PiiKind : std::uint8_t {
  card,
  my_number,
  corporate_number,
  phone,
  email,
  postal_address,
  bank_account,
  birth_date,
};
inline constexpr std::size_t kPiiKinds = 8;

// "card", "my_number", ...: stable, used in evidence and in the profile.
[[nodiscard]] std::string_view pii_kind_id(PiiKind kind);

// Matches kept per scan by default: enough to show and to highlight; counts go on past it.
inline constexpr std::size_t kMaxPiiMatches = 256;

struct PiiMatch {
  PiiKind kind = PiiKind::card;
  std::size_t begin = 0;  // byte offsets into the scanned text
  std::size_t end = 0;
  // The matched text, safe to show and log: digits other than the last 4 become '*' ('＊' for a
  // full-width digit); an e-mail keeps the first character of the local part and the domain
  // ("t***@example.com"); a postal code keeps its first 3 digits; a birth date keeps its year.
  std::string masked;
};

struct PiiScan {
  std::array<std::size_t, kPiiKinds> counts{};  // every valid hit, by PiiKind
  std::vector<PiiMatch> matches;                // the first max_matches hits in text order
  bool truncated = false;                       // more hits than were kept

  [[nodiscard]] std::size_t count(PiiKind kind) const { return counts[static_cast<std::size_t>(kind)]; }
};

struct PiiScanOptions {
  std::size_t max_matches = kMaxPiiMatches;
};

// Scans the original UTF-8 text (no normalisation pass: full-width digits ０-９, the hyphens
// - － ‐ ‑ – — ― − ｰ and ー between digits, and the spaces U+0020, U+00A0, U+3000 are read as
// they stand, so offsets point at the original characters). Invalid UTF-8 is skipped over.
//
// Every detector validates, not just matches; a digit run glued to letters or to more digits
// ("A4111111111111111", 20 digits, "v1.2.3", "09012345678@docomo.ne.jp") is never a hit, except
// after a label ("TEL03-1234-5678", "No.1234567") and an era letter ("S55.1.2"):
//  - card: 13-19 digits, plain or grouped by one kind of separator (4-4-4-4, 4-4-4-4-3, 4-6-5,
//    4-6-4, ...), Luhn, an issuer range (Visa, Mastercard, Amex, JCB, Diners, Discover, UnionPay)
//    and a length that issuer uses.
//  - my_number: 12 digits (or 4-4-4) with the official check digit AND a context word
//    (マイナンバー, 個人番号, my number) in the 24 characters before: about one in ten arbitrary
//    12-digit numbers (parcel tracking, order numbers) passes the check digit, too many to warn on.
//  - corporate_number: 13 digits (or 1-4-4-4), check digit, and 法人番号 / corporate number before.
//  - phone: Japanese numbering: 0 + 9 digits for fixed lines, 0120 and 0570; 050/070/080/090 and
//    0800 + 8 digits; +81 forms; hyphens, spaces and parentheses in the usual places. Never a
//    date or time (no '/', '.', ':' inside) and never an amount (no 円, 年, 時, ... after it).
//  - email: local@domain.tld in ASCII; it ends at anything else (Japanese punctuation, brackets).
//  - postal_address: 〒 or 郵便番号 then NNN-NNNN (or NNNNNNN), and a prefecture (東京都, ...) in the
//    16 characters after. The match is the postal code.
//  - bank_account: 7 digits with 口座, 普通, 当座, 銀行, 支店, account no, ... in the 24 characters before.
//  - birth_date: a valid calendar date (1985/01/02, 1985-1-2, 1985.01.02, 1985年1月2日,
//    昭和60年1月2日, S60.1.2, 令和元年5月1日) with 生年月日, 誕生日, 生まれ, DOB, date of birth, born, ...
//    in the 24 characters before, or 生まれ / 生 right after.
// A context word vouches for the first hit after it only: the window never reaches back past the
// previous hit ("生年月日：1985/1/2、作業は2024/9/6" is one birth date).
// Work is linear in the text: a vector pre-filter finds digits, '@' and full-width digits; only
// the few bytes around them are parsed.
[[nodiscard]] PiiScan scan_pii(std::string_view utf8_text, const PiiScanOptions& options = {});

}  // namespace sg::text
