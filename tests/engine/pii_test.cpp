// The PII scanner: every detector firing on valid numbers and staying silent on look-alikes, with
// offsets into the original text, masks that never leak, counts past the kept matches, and
// arbitrary bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "text/pii.h"
#include "text/pii_validate.h"

using sg::text::PiiKind;
using sg::text::PiiMatch;
using sg::text::PiiScan;
using sg::text::scan_pii;

namespace {

// Check digits computed here, independently of the engine, from the published definitions.
std::string my_number_from(std::string base11) {
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    const int p = base11[static_cast<std::size_t>(11 - n)] - '0';
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  const int r = sum % 11;
  base11 += static_cast<char>('0' + (r <= 1 ? 0 : 11 - r));
  return base11;
}

std::string corporate_number_from(const std::string& base12) {
  int sum = 0;
  for (std::size_t n = 1; n <= 12; ++n) sum += (base12[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
  return std::string(1, static_cast<char>('0' + 9 - sum % 9)) + base12;
}

// Appends the Luhn check digit.
std::string luhn_complete(std::string body) {
  int sum = 0;
  bool twice = true;  // the digit left of the check digit is doubled
  for (std::size_t i = body.size(); i-- > 0;) {
    int d = body[i] - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  body += static_cast<char>('0' + (10 - sum % 10) % 10);
  return body;
}

// The same check digit replaced by each of the other nine.
std::vector<std::string> wrong_last_digits(const std::string& valid) {
  std::vector<std::string> out;
  for (char c = '0'; c <= '9'; ++c) {
    if (c == valid.back()) continue;
    out.push_back(valid.substr(0, valid.size() - 1) + c);
  }
  return out;
}

std::string wrong_first_digit(const std::string& valid) {
  std::string s = valid;
  s[0] = s[0] == '9' ? '1' : static_cast<char>(s[0] + 1);
  return s;
}

std::string_view excerpt(std::string_view text, const PiiMatch& m) {
  return text.substr(m.begin, m.end - m.begin);
}

std::size_t total(const PiiScan& scan) {
  std::size_t n = 0;
  for (std::size_t c : scan.counts) n += c;
  return n;
}

// The one hit in `text`: its kind and the original characters it covers.
struct One {
  PiiKind kind;
  std::string excerpt;
  std::string masked;
};
One one_hit(const std::string& text) {
  const PiiScan scan = scan_pii(text);
  INFO("text: ", text);
  REQUIRE(scan.matches.size() == 1);
  REQUIRE(total(scan) == 1);
  const PiiMatch& m = scan.matches[0];
  return {m.kind, std::string(excerpt(text, m)), m.masked};
}

void no_hit(const std::string& text) {
  const PiiScan scan = scan_pii(text);
  INFO("text: ", text);
  CHECK(total(scan) == 0);
  CHECK(scan.matches.empty());
}

// Digits (ASCII or full-width) in s.
std::size_t digits_in(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++n;
    if (s.substr(i, 2) == "\xEF\xBC" && i + 2 < s.size() && static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      ++n;
    }
  }
  return n;
}

void check_well_formed(std::string_view text, const PiiScan& scan) {
  std::size_t last_end = 0;
  for (const PiiMatch& m : scan.matches) {
    CHECK(m.begin < m.end);
    CHECK(m.end <= text.size());
    CHECK(m.begin >= last_end);  // text order, no overlaps
    last_end = m.end;
  }
}

}  // namespace

TEST_CASE("the independent check-digit code agrees with the engine's validators") {
  CHECK(sg::text::corporate_number_valid("7000012050002"));  // 国税庁
  CHECK(corporate_number_from("000012050002") == "7000012050002");
  CHECK(sg::text::luhn_valid("4111111111111111"));
  CHECK(luhn_complete("411111111111111") == "4111111111111111");
  std::mt19937 rng(7);
  for (int k = 0; k < 200; ++k) {
    std::string base;
    for (int d = 0; d < 11; ++d) base += static_cast<char>('0' + rng() % 10);
    CHECK(sg::text::my_number_valid(my_number_from(base)));
    CHECK(sg::text::my_number_check_digit(base) == my_number_from(base).back() - '0');
    CHECK(sg::text::corporate_number_valid(corporate_number_from(base + "7")));
  }
}

TEST_CASE("public test card numbers are found, plain, grouped and full-width") {
  const One visa = one_hit("カード番号: 4111 1111 1111 1111 でお願いします");
  CHECK(visa.kind == PiiKind::card);
  CHECK(visa.excerpt == "4111 1111 1111 1111");
  CHECK(visa.masked == "**** **** **** 1111");
  CHECK(one_hit("5555-5555-5555-4444").excerpt == "5555-5555-5555-4444");
  CHECK(one_hit("JCB 3530 1113 3330 0000 です").excerpt == "3530 1113 3330 0000");
  const One amex = one_hit("Amex:378282246310005。");
  CHECK(amex.excerpt == "378282246310005");
  CHECK(amex.masked == "***********0005");
  CHECK(one_hit("3782 822463 10005").excerpt == "3782 822463 10005");
  CHECK(one_hit("Mastercard 2221000000000009").kind == PiiKind::card);  // the 2-series
  const One wide = one_hit("カード：４１１１－１１１１－１１１１－１１１１まで");
  CHECK(wide.kind == PiiKind::card);
  CHECK(wide.excerpt == "４１１１－１１１１－１１１１－１１１１");
  CHECK(wide.masked == "＊＊＊＊－＊＊＊＊－＊＊＊＊－１１１１");
  CHECK(one_hit("No.4111111111111111").kind == PiiKind::card);  // a label before it is not an identifier
}

TEST_CASE("card look-alikes stay silent") {
  no_hit("注文番号 4111111111111112 を確認しました");            // Luhn fails
  const std::string outside = luhn_complete("999912345678901");  // Luhn holds, no issuer uses 99
  REQUIRE(sg::text::luhn_valid(outside));
  no_hit("伝票 " + outside);
  no_hit("伝票 " + luhn_complete("123456789012345"));        // 1: no issuer
  no_hit("Visa length " + luhn_complete("41111111111111"));  // 15-digit Visa
  no_hit("Amex length " + luhn_complete("3782822463100"));   // 14-digit Amex
  no_hit("注文ID A4111111111111111 を発送");                 // part of an order id
  no_hit("ID 4111111111111111X");                            // letters after
  no_hit("INV-4111111111111111");                            // an id with a prefix
  no_hit("4111111111111111" + std::string("1111"));          // 20 digits
  no_hit("4111-1111-1111-1111-1111-1111");                   // six groups
  no_hit("4111 11111 111 1111");                             // odd grouping
  no_hit("4111.1111.1111.1111");                             // dots: a version or an amount
}

TEST_CASE("a My Number fires with its check digit and a context word, never with a wrong one") {
  const std::string valid = my_number_from("12345678901");
  const One plain = one_hit("マイナンバー：" + valid);
  CHECK(plain.kind == PiiKind::my_number);
  CHECK(plain.excerpt == valid);
  CHECK(plain.masked == "********" + valid.substr(8));
  const std::string grouped = valid.substr(0, 4) + "-" + valid.substr(4, 4) + "-" + valid.substr(8);
  CHECK(one_hit("個人番号 " + grouped + " を提出").excerpt == grouped);
  CHECK(one_hit("My Number: " + valid).kind == PiiKind::my_number);
  for (const std::string& wrong : wrong_last_digits(valid)) no_hit("マイナンバー：" + wrong);
  no_hit("お問い合わせ番号 " + valid);  // valid, but parcel numbers have 12 digits too
  no_hit("マイナンバー：" + valid + "9");
  std::mt19937 rng(12);
  for (int k = 0; k < 100; ++k) {
    std::string base;
    for (int d = 0; d < 11; ++d) base += static_cast<char>('0' + rng() % 10);
    const std::string number = my_number_from(base);
    INFO(number);
    const PiiScan scan = scan_pii("個人番号は " + number + " です");
    CHECK(scan.count(PiiKind::my_number) == 1);
    for (const std::string& wrong : wrong_last_digits(number))
      CHECK(total(scan_pii("個人番号は " + wrong + " です")) == 0);
  }
}

TEST_CASE("a corporate number needs its check digit and 法人番号 before it") {
  const One nta = one_hit("国税庁 法人番号 7000012050002");
  CHECK(nta.kind == PiiKind::corporate_number);
  CHECK(nta.excerpt == "7000012050002");
  CHECK(nta.masked == "*********0002");
  CHECK(one_hit("Corporate Number: 7000012050002").kind == PiiKind::corporate_number);
  CHECK(one_hit("法人番号：７－００００－１２０５－０００２").excerpt == "７－００００－１２０５－０００２");
  no_hit("法人番号 " + wrong_first_digit("7000012050002"));
  no_hit("受付番号 7000012050002");  // valid, but 13-digit numbers are everywhere
  std::mt19937 rng(3);
  for (int k = 0; k < 50; ++k) {
    std::string base;
    for (int d = 0; d < 12; ++d) base += static_cast<char>('0' + rng() % 10);
    const std::string number = corporate_number_from(base);
    CHECK(scan_pii("法人番号：" + number).count(PiiKind::corporate_number) == 1);
    CHECK(scan_pii("法人番号：" + wrong_first_digit(number)).count(PiiKind::corporate_number) == 0);
  }
}

TEST_CASE("Japanese phone numbers in their usual forms") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"TEL 03-1234-5678 まで", "03-1234-5678"},
      {"大阪 06-6123-4567", "06-6123-4567"},
      {"札幌 011-234-5678", "011-234-5678"},
      {"0123-45-6789", "0123-45-6789"},
      {"フリーダイヤル 0120-123-456", "0120-123-456"},
      {"0120-12-3456", "0120-12-3456"},
      {"携帯 090-1234-5678", "090-1234-5678"},
      {"080 1234 5678", "080 1234 5678"},
      {"070-1234-5678", "070-1234-5678"},
      {"IP 050-1234-5678", "050-1234-5678"},
      {"0800-123-4567", "0800-123-4567"},
      {"03(1234)5678", "03(1234)5678"},
      {"TEL (03)1234-5678", "(03)1234-5678"},
      {"代表：（03）1234-5678", "（03）1234-5678"},
      {"+81-3-1234-5678", "+81-3-1234-5678"},
      {"Mobile: +81 90 1234 5678", "+81 90 1234 5678"},
      {"+81 (0)3-1234-5678", "+81 (0)3-1234-5678"},
      {"+81312345678", "+81312345678"},
      {"電話：０３－１２３４－５６７８です", "０３－１２３４－５６７８"},
      {"電話：０９０ー１２３４ー５６７８", "０９０ー１２３４ー５６７８"},
      {"03‐1234‐5678", "03‐1234‐5678"},
      {"03−1234−5678", "03−1234−5678"},
      {"03　1234　5678", "03　1234　5678"},
      {"0312345678", "0312345678"},
      {"09012345678。", "09012345678"},
      {"TEL03-1234-5678", "03-1234-5678"},
      {"Tel.03-1234-5678", "03-1234-5678"},
  };
  for (const auto& [text, expected] : cases) {
    const One hit = one_hit(text);
    CHECK(hit.kind == PiiKind::phone);
    CHECK(hit.excerpt == expected);
    CHECK(digits_in(hit.masked) == 4);
  }
  CHECK(one_hit("03-1234-5678").masked == "**-****-5678");
  CHECK(one_hit("０３－１２３４－５６７８").masked == "＊＊－＊＊＊＊－５６７８");
}

TEST_CASE("numbers that are not phone numbers") {
  no_hit("03-1234-567");              // 9 digits
  no_hit("090-1234-567");             // a mobile has 11
  no_hit("090-1234-56789");           // 12
  no_hit("03-1234-56789");            // 11 digits but not 0A0
  no_hit("納期は2024-01-15です");     // a date
  no_hit("2024/01/15 10:30 に開始");  // a date and a time
  no_hit("03/1234/5678");             // slashes
  no_hit("03.1234.5678");             // dots
  no_hit("12:03:12:34:56");           // times
  no_hit("03-1234-5678-9");           // a longer run
  no_hit("031234567890");             // 12 digits
  no_hit("ID03-1234-5678");           // glued to an identifier
  no_hit("v03-1234-5678.zip");        // a file name
  no_hit("0312345678円");             // an amount
  no_hit("00-1234-5678");             // no area code starts with 0
  no_hit("1-2-3-4-5-6-7-8-9-0");
  no_hit("0 3 1 2 3 4 5 6 7 8");  // single digits
  no_hit("abc09012345678def");
}

TEST_CASE("several phone numbers in one run of digits are found one by one") {
  const std::string text = "TEL 03-1234-5678 / 03-1234-5679、FAX 03-1234-5670 090-1111-2222";
  const PiiScan scan = scan_pii(text);
  REQUIRE(scan.count(PiiKind::phone) == 4);
  CHECK(excerpt(text, scan.matches[0]) == "03-1234-5678");
  CHECK(excerpt(text, scan.matches[1]) == "03-1234-5679");
  CHECK(excerpt(text, scan.matches[2]) == "03-1234-5670");
  CHECK(excerpt(text, scan.matches[3]) == "090-1111-2222");
}

TEST_CASE("e-mail addresses end at Japanese punctuation and brackets") {
  const One a = one_hit("メール：taro.yamada@example.co.jp。よろしく");
  CHECK(a.kind == PiiKind::email);
  CHECK(a.excerpt == "taro.yamada@example.co.jp");
  CHECK(a.masked == "t***@example.co.jp");
  CHECK(one_hit("（sato+news@mail.client-a.example）").excerpt == "sato+news@mail.client-a.example");
  CHECK(one_hit("宛先<info@example.com>へ").excerpt == "info@example.com");
  CHECK(one_hit("問い合わせはsupport@example.jpまで").excerpt == "support@example.jp");
  CHECK(one_hit("mail me at a_b@example.com.").excerpt == "a_b@example.com");
  // A mobile address: the digits belong to the address, not a phone number.
  const One docomo = one_hit("09012345678@docomo.ne.jp");
  CHECK(docomo.kind == PiiKind::email);
  CHECK(docomo.masked == "0***@docomo.ne.jp");
  no_hit("taro@localhost");
  no_hit("@example.com");
  no_hit("taro@.com");
  no_hit("a@b.c");
  no_hit("twitter @yamada です");
  no_hit("a@-example.com");
}

TEST_CASE("a postal address needs 〒 or 郵便番号 and a prefecture") {
  const std::string text = "〒100-0001 東京都千代田区千代田1-1";
  const One tokyo = one_hit(text);
  CHECK(tokyo.kind == PiiKind::postal_address);
  CHECK(tokyo.excerpt == "100-0001");
  CHECK(tokyo.masked == "100-****");
  CHECK(one_hit("〒1000001東京都千代田区").excerpt == "1000001");
  CHECK(one_hit("郵便番号：530-0001\n大阪府大阪市北区梅田").excerpt == "530-0001");
  const One wide = one_hit("〒１００－０００１　東京都千代田区");
  CHECK(wide.excerpt == "１００－０００１");
  CHECK(wide.masked == "１００－＊＊＊＊");
  CHECK(one_hit("〒 060-0001 北海道札幌市").kind == PiiKind::postal_address);
  CHECK(one_hit("〒900-0001 沖縄県那覇市").kind == PiiKind::postal_address);
  no_hit("〒100-0001 千代田区千代田1-1");                   // no prefecture
  no_hit("100-0001 東京都千代田区");                        // no 〒
  no_hit("〒100-00012 東京都");                             // not a postal code
  no_hit("〒100-0001 " + std::string(20, 'x') + "東京都");  // the prefecture is too far
}

TEST_CASE("a bank account needs a bank word before it") {
  const One a = one_hit("振込先：みずほ銀行 渋谷支店 普通 1234567");
  CHECK(a.kind == PiiKind::bank_account);
  CHECK(a.excerpt == "1234567");
  CHECK(a.masked == "***4567");
  CHECK(one_hit("口座番号：７６５４３２１").excerpt == "７６５４３２１");
  CHECK(one_hit("Account No. 7654321").kind == PiiKind::bank_account);
  no_hit("受注番号 1234567 の件");
  no_hit("口座の件ですが、" + std::string(30, 'x') + " 1234567");  // the word is too far
  no_hit("銀行振込 1234567円");                                    // an amount
  no_hit("口座 12345678");                                         // 8 digits
  CHECK(scan_pii("口座 1234567、受注 7654321").count(PiiKind::bank_account) == 1);
}

TEST_CASE("a birth date must be a real date near a birth word") {
  const One a = one_hit("生年月日：1985/01/02");
  CHECK(a.kind == PiiKind::birth_date);
  CHECK(a.excerpt == "1985/01/02");
  CHECK(a.masked == "1985/**/**");
  CHECK(one_hit("生年月日 1985年1月2日").masked == "1985年*月*日");
  CHECK(one_hit("生年月日 1985-12-31").masked == "1985-**-**");
  const One showa = one_hit("誕生日は昭和60年1月2日です");
  CHECK(showa.excerpt == "昭和60年1月2日");
  CHECK(showa.masked == "昭和60年*月*日");
  const One s = one_hit("DOB: S60.1.2");
  CHECK(s.excerpt == "S60.1.2");
  CHECK(s.masked == "S60.*.*");
  CHECK(one_hit("Date of Birth 1990.10.20").kind == PiiKind::birth_date);
  CHECK(one_hit("1985年1月2日生まれ").excerpt == "1985年1月2日");
  CHECK(one_hit("H7.3.4生").excerpt == "H7.3.4");
  const One reiwa = one_hit("令和元年5月1日生まれ");
  CHECK(reiwa.excerpt == "令和元年5月1日");
  CHECK(reiwa.masked == "令和元年*月*日");
  CHECK(one_hit("生年月日：２０００／０２／２９").masked == "２０００／＊＊／＊＊");  // a leap day
  no_hit("生年月日：2023/02/30");
  no_hit("生年月日：2023/02/29");
  no_hit("生年月日：1900/02/29");
  no_hit("生年月日：1985/13/01");
  no_hit("生年月日：平成32年1月1日");  // Heisei ended in its 31st year
  no_hit("納期：2024/01/15");          // no birth word
  no_hit("2024年1月15日生産分");       // 生産 is production
  no_hit("生年月日の欄に" + std::string(30, 'x') + " 1985/01/02");
  // The word vouches for the first date after it, not for the next one.
  const std::string two = "生年月日：1985年9月5日、作業は2024/4/10";
  const PiiScan scan = scan_pii(two);
  CHECK(scan.count(PiiKind::birth_date) == 1);
  REQUIRE(scan.matches.size() == 1);
  CHECK(excerpt(two, scan.matches[0]) == "1985年9月5日");
}

TEST_CASE("offsets point at the original characters of a mixed text") {
  const std::string text =
      "お世話になっております。\n担当：山田（TEL ０３－１２３４－５６７８／yamada@corp.example）\n"
      "〒１５０－０００２　東京都渋谷区渋谷２－２１－１\n"
      "カード 4111 1111 1111 1111、マイナンバー " +
      my_number_from("98765432109") + "、法人番号 7000012050002\n振込先 普通 1234567 生年月日：昭和55年1月2日\n";
  const PiiScan scan = scan_pii(text);
  check_well_formed(text, scan);
  REQUIRE(scan.matches.size() == 8);
  const std::vector<std::pair<PiiKind, std::string>> expected = {
      {PiiKind::phone, "０３－１２３４－５６７８"},
      {PiiKind::email, "yamada@corp.example"},
      {PiiKind::postal_address, "１５０－０００２"},
      {PiiKind::card, "4111 1111 1111 1111"},
      {PiiKind::my_number, my_number_from("98765432109")},
      {PiiKind::corporate_number, "7000012050002"},
      {PiiKind::bank_account, "1234567"},
      {PiiKind::birth_date, "昭和55年1月2日"},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(scan.matches[i].kind == expected[i].first);
    CHECK(excerpt(text, scan.matches[i]) == expected[i].second);
  }
  for (std::size_t k = 0; k < sg::text::kPiiKinds; ++k) CHECK(scan.counts[k] == 1);
}

TEST_CASE("masks never leak more than four digits, nor the address") {
  std::string text;
  std::mt19937 rng(99);
  for (int i = 0; i < 200; ++i) {
    std::string base;
    for (int d = 0; d < 11; ++d) base += static_cast<char>('0' + rng() % 10);
    text += "顧客" + std::to_string(i) + " マイナンバー " + my_number_from(base) + " TEL 090-" +
            std::to_string(1000 + rng() % 9000) + "-" + std::to_string(1000 + rng() % 9000) +
            " カード 4111-1111-1111-1111 mail user" + std::to_string(i) + "@example.co.jp\n";
  }
  sg::text::PiiScanOptions options;
  options.max_matches = 10000;
  const PiiScan scan = scan_pii(text, options);
  CHECK(scan.count(PiiKind::my_number) == 200);
  CHECK(scan.count(PiiKind::phone) == 200);
  CHECK(scan.count(PiiKind::card) == 200);
  CHECK(scan.count(PiiKind::email) == 200);
  for (const PiiMatch& m : scan.matches) {
    CHECK(digits_in(m.masked) <= 4);
    CHECK(m.masked.find(std::string(excerpt(text, m))) == std::string::npos);
    if (m.kind == PiiKind::email) CHECK(m.masked.find("user") == std::string::npos);
  }
}

TEST_CASE("all 500 phone numbers are counted while the kept matches stop at the limit") {
  std::string text = "社員連絡先一覧\n";
  for (int i = 0; i < 500; ++i) {
    text += "社員" + std::to_string(i) + "：03-" + std::to_string(1000 + i) + "-" + std::to_string(5000 + i) + "\n";
  }
  const PiiScan scan = scan_pii(text);
  CHECK(scan.count(PiiKind::phone) == 500);
  CHECK(total(scan) == 500);
  CHECK(scan.matches.size() == sg::text::kMaxPiiMatches);
  CHECK(scan.truncated);
  check_well_formed(text, scan);
  CHECK(excerpt(text, scan.matches.back()) == "03-1255-5255");
  sg::text::PiiScanOptions all;
  all.max_matches = 500;
  const PiiScan every = scan_pii(text, all);
  CHECK(every.matches.size() == 500);
  CHECK_FALSE(every.truncated);
}

TEST_CASE("invalid UTF-8 neither crashes nor shifts offsets") {
  const std::string text =
      std::string("\xE3\x80 TEL ") + "03-1234-5678" + " \xFF\xFE\xEF\xBC \xC0\xAF" + "090-1111-2222" + "\xEF\xBC";
  const PiiScan scan = scan_pii(text);
  REQUIRE(scan.matches.size() == 2);
  CHECK(excerpt(text, scan.matches[0]) == "03-1234-5678");
  CHECK(excerpt(text, scan.matches[1]) == "090-1111-2222");
  for (std::string_view tail : {"\xEF", "\xEF\xBC", "\xEF\xBC\x91", "0", "@", "a@", "〒", "\xE3\x83"}) {
    const std::string t = "TEL 03-1234-5678" + std::string(tail);
    CHECK(scan_pii(t).count(PiiKind::phone) <= 1);
    CHECK(total(scan_pii(tail)) == 0);
  }
  // A truncated full-width hyphen between digits: no separator, no phone.
  no_hit(
      "03\xEF\xBC"
      "1234-5678");
}

TEST_CASE("10 MB of random bytes and of adversarial digit soup finish") {
  std::mt19937_64 rng(2024);
  std::string random(10u << 20, '\0');
  for (char& c : random) c = static_cast<char>(rng() & 0xFF);
  const auto t0 = std::chrono::steady_clock::now();
  const PiiScan a = scan_pii(random);
  check_well_formed(random, a);
  // Bytes drawn from the characters the scanner cares about.
  const std::vector<std::string> parts = {"0",  "1",  "4", "9",      "-",    " ",        "(",       ")",
                                          "/",  ".",  "@", "a",      "〒",   "年",       "月",      "日",
                                          "０", "－", "+", "東京都", "口座", "生年月日", "\xEF\xBC"};
  std::string soup;
  while (soup.size() < (4u << 20)) soup += parts[rng() % parts.size()];
  const PiiScan b = scan_pii(soup);
  check_well_formed(soup, b);
  // Long uniform runs: one group of 1 MB, and 1 MB of "1-" (a run cut every kMaxRunGroups groups).
  const PiiScan c = scan_pii(std::string(1u << 20, '7'));
  CHECK(total(c) == 0);
  std::string dashes;
  while (dashes.size() < (1u << 20)) dashes += "1-";
  CHECK(total(scan_pii(dashes)) == 0);
  std::string ats(1u << 20, '@');
  CHECK(total(scan_pii(ats)) == 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(seconds < 60.0);  // linear: well under a second without sanitizers
}

TEST_CASE("kind ids are stable") {
  using sg::text::pii_kind_id;
  CHECK(pii_kind_id(PiiKind::card) == "card");
  CHECK(pii_kind_id(PiiKind::my_number) == "my_number");
  CHECK(pii_kind_id(PiiKind::corporate_number) == "corporate_number");
  CHECK(pii_kind_id(PiiKind::phone) == "phone");
  CHECK(pii_kind_id(PiiKind::email) == "email");
  CHECK(pii_kind_id(PiiKind::postal_address) == "postal_address");
  CHECK(pii_kind_id(PiiKind::bank_account) == "bank_account");
  CHECK(pii_kind_id(PiiKind::birth_date) == "birth_date");
}

TEST_CASE("the validators on their own") {
  using sg::text::card_issuer;
  using sg::text::CardIssuer;
  CHECK(card_issuer("4111111111111111") == CardIssuer::visa);
  CHECK(card_issuer("5555555555554444") == CardIssuer::mastercard);
  CHECK(card_issuer("2720999999999996") == CardIssuer::mastercard);
  CHECK(card_issuer("2721000000000000") == CardIssuer::none);
  CHECK(card_issuer("378282246310005") == CardIssuer::amex);
  CHECK(card_issuer("3530111333300000") == CardIssuer::jcb);
  CHECK(card_issuer("3527111333300000") == CardIssuer::none);
  CHECK(card_issuer("30569309025904") == CardIssuer::diners);
  CHECK(card_issuer("6011111111111117") == CardIssuer::discover);
  CHECK(card_issuer("6200000000000005") == CardIssuer::unionpay);
  CHECK(card_issuer("411111111111111") == CardIssuer::none);  // 15-digit Visa
  CHECK_FALSE(sg::text::luhn_valid("41111111111111x1"));
  CHECK(sg::text::jp_phone_number_valid("0312345678"));
  CHECK(sg::text::jp_phone_number_valid("09012345678"));
  CHECK(sg::text::jp_phone_number_valid("0120123456"));
  CHECK_FALSE(sg::text::jp_phone_number_valid("0901234567"));
  CHECK_FALSE(sg::text::jp_phone_number_valid("03123456789"));
  CHECK(sg::text::calendar_date_valid(2000, 2, 29));
  CHECK_FALSE(sg::text::calendar_date_valid(2100, 2, 29));
  CHECK_FALSE(sg::text::my_number_valid("12345678901"));
  CHECK(sg::text::my_number_check_digit("1234567890") == -1);
}
