// Text and CSV attachments in the charsets Japanese mail carries: BOMs, UTF-8, CP932, EUC-JP,
// ISO-2022-JP, and the cut at the text budget.
#include <doctest/doctest.h>

#include <string>

#include "extract/attachment_text.h"
#include "extract/text_decode.h"
#include "extract_checks.h"
#include "text/utf8.h"

using sg::extract::decode_text;
using sg::extract::detect_charset;
using sg::extract::extract_text;
using sg::test::text_at;

namespace {
const std::string kGreeting = "山田太郎様、お世話になっております。";
const std::string kGreetingCp932 =
    "\x8e\x52\x93\x63\x91\xbe\x98\x59\x97\x6c\x81\x41\x82\xa8\x90\xa2\x98\x62\x82\xc9\x82\xc8\x82\xc1\x82\xc4\x82"
    "\xa8\x82\xe8\x82\xdc\x82\xb7\x81\x42";
const std::string kGreetingEucJp =
    "\xbb\xb3\xc5\xc4\xc2\xc0\xcf\xba\xcd\xcd\xa1\xa2\xa4\xaa\xc0\xa4\xcf\xc3\xa4\xcb\xa4\xca\xa4\xc3\xa4\xc6\xa4"
    "\xaa\xa4\xea\xa4\xde\xa4\xb9\xa1\xa3";
const std::string kGreetingJis =
    "\x1b\x24\x42\x3b\x33\x45\x44\x42\x40\x4f\x3a\x4d\x4d\x21\x22\x24\x2a\x40\x24\x4f\x43\x24\x4b\x24\x4a\x24\x43"
    "\x24\x46\x24\x2a\x24\x6a\x24\x5e\x24\x39\x21\x23\x1b\x28\x42";

std::string utf16le(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out;
}
}  // namespace

TEST_CASE("a UTF-8 text file with a BOM loses the BOM and keeps the text") {
  const auto x = extract_text("memo.txt", "text/plain", "\xEF\xBB\xBF" + kGreeting + "\nConfidential\n");
  CHECK(x.format == "text");
  CHECK(text_at(x, "") == kGreeting + "\nConfidential\n");
  CHECK(x.problems.empty());
}

TEST_CASE("a UTF-16LE text file with a BOM is converted to UTF-8") {
  const std::string bytes = "\xFF\xFE" + utf16le(u"山田太郎様 Dear Mr Yamada\r\n");
  CHECK(detect_charset(bytes) == "UTF-16LE");
  const auto x = extract_text("memo.txt", "", bytes);
  CHECK(text_at(x, "") == "山田太郎様 Dear Mr Yamada\r\n");
}

TEST_CASE("Shift_JIS (CP932) bytes are recognised and converted") {
  CHECK(detect_charset(kGreetingCp932) == "Shift_JIS");
  const auto x = extract_text("letter.txt", "", kGreetingCp932 + "\r\n");
  CHECK(x.format == "text");
  CHECK(text_at(x, "") == kGreeting + "\r\n");
}

TEST_CASE("EUC-JP bytes are recognised and converted, not read as half-width katakana") {
  CHECK(detect_charset(kGreetingEucJp) == "EUC-JP");
  const auto x = extract_text("letter.txt", "", kGreetingEucJp);
  CHECK(text_at(x, "") == kGreeting);
}

TEST_CASE("ISO-2022-JP text is recognised by its escape sequences") {
  CHECK(detect_charset(kGreetingJis) == "ISO-2022-JP");
  CHECK(text_at(extract_text("letter.txt", "", kGreetingJis), "") == kGreeting);
}

TEST_CASE("half-width katakana in CP932 that also reads as EUC-JP stays CP932 (bank transfer files)") {
  // "ﾔﾏﾀﾞ,ｻﾄｳﾊ" in CP932 is valid EUC-JP too ("塹折,残格"), without a single kana either way.
  const std::string bytes = "\xd4\xcf\xc0\xde,\xbb\xc4\xb3\xca\n";
  CHECK(detect_charset(bytes) == "Shift_JIS");
  CHECK(decode_text(bytes, 1000).text == "ﾔﾏﾀﾞ,ｻﾄｳﾊ\n");
}

TEST_CASE("a CSV attachment is kept as text with its commas") {
  const auto x = extract_text("顧客.csv", "text/csv", "氏名,電話\n山田太郎,03-1234-5678\n");
  CHECK(x.format == "csv");
  CHECK(text_at(x, "") == "氏名,電話\n山田太郎,03-1234-5678\n");
}

TEST_CASE("decoding stops at the size asked for, at a character boundary") {
  const auto utf8 = decode_text(kGreeting, 10);  // 3 characters of 3 bytes fit
  CHECK(utf8.truncated);
  CHECK(utf8.text == "山田太");
  const auto sjis = decode_text(kGreetingCp932 + kGreetingCp932, 10);
  CHECK(sjis.truncated);
  CHECK(sjis.text == "山田太");
  CHECK(sg::text::is_valid_utf8(sjis.text));
  const auto whole = decode_text(kGreetingCp932, 1000);
  CHECK_FALSE(whole.truncated);
}

TEST_CASE("invalid UTF-8 in a file that is mostly UTF-8 becomes U+FFFD, never invalid output") {
  const std::string bytes = std::string(70 * 1024, 'a') + "\xff\xfe\xfd" + "山田";
  const auto d = decode_text(bytes, 1 << 20);
  CHECK(d.charset == "UTF-8");  // the sample decides
  CHECK(sg::text::is_valid_utf8(d.text));
  CHECK(d.text.substr(70 * 1024) == "\uFFFD\uFFFD\uFFFD山田");
}

TEST_CASE("a text attachment over the text budget is cut with a truncated problem") {
  sg::extract::ExtractLimits limits;
  limits.max_text_bytes = 9;
  const auto x = extract_text("a.txt", "", kGreeting, limits);
  CHECK(text_at(x, "") == "山田太");
  CHECK(sg::test::has_problem(x, sg::extract::ProblemKind::truncated, ""));
}

TEST_CASE("a file without name or type is read as text only when it looks like text") {
  CHECK(extract_text("", "", "plain words\n").format == "text");
  const auto binary = extract_text("", "", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  CHECK(binary.format == "unknown");
  CHECK(sg::test::has_problem(binary, sg::extract::ProblemKind::unsupported, ""));
  CHECK(binary.parts.empty());
}
