// .eml attachments: headers, MIME bodies in legacy charsets and transfer encodings, HTML, and
// attached files read in turn (with their names as locations).
#include <doctest/doctest.h>

#include "extract/attachment_text.h"
#include "extract_checks.h"
#include "zip_builder.h"

using sg::extract::extract_text;
using sg::extract::ProblemKind;
using sg::test::base64;
using sg::test::contains;
using sg::test::describe;
using sg::test::text_at;

namespace {
const std::string kBodyCp932 =  // "山田太郎様、お世話になっております。\r\n"
    "\x8e\x52\x93\x63\x91\xbe\x98\x59\x97\x6c\x81\x41\x82\xa8\x90\xa2\x98\x62\x82\xc9\x82\xc8\x82\xc1\x82\xc4\x82"
    "\xa8\x82\xe8\x82\xdc\x82\xb7\x81\x42\r\n";

std::string message_with(const std::string& parts, const std::string& boundary = "b1") {
  return "From: =?UTF-8?B?" + base64("佐藤 花子") +
         "?= <sato@corp.example>\r\n"
         "To: Yamada <yamada@client-a.example>, suzuki@client-b.example\r\n"
         "Subject: =?ISO-2022-JP?B?GyRCOCtAUT1xGyhC?=\r\n"  // 見積書
         "Date: Tue, 1 Oct 2024 09:00:00 +0900\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"" +
         boundary +
         "\"\r\n\r\n"
         "This is a multi-part message in MIME format.\r\n" +
         parts + "--" + boundary + "--\r\n";
}
}  // namespace

TEST_CASE("an .eml with a base64 CP932 text part, an HTML part and an attached CSV") {
  const std::string parts =
      "--b1\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
      base64(kBodyCp932) +
      "\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
      "<p>=E8=A6=8B=E7=A9=8D=E9=87=91=E9=A1=8D <b>1,234,000=E5=86=86</b></p><p>soft=\r\nbreak</p>\r\n"
      "--b1\r\nContent-Type: text/csv; name=\"list.csv\"\r\n"
      "Content-Disposition: attachment; filename*=UTF-8''%E9%A1%A7%E5%AE%A2%E4%B8%80%E8%A6%A7.csv\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      base64("氏名,電話\r\n山田太郎,03-1234-5678\r\n") + "\r\n";
  const auto x = extract_text("fwd.eml", "message/rfc822", message_with(parts));
  INFO(describe(x));
  CHECK(x.format == "eml");
  const std::string message = text_at(x, "message");
  CHECK(contains(message, "Subject: 見積書\n"));
  CHECK(contains(message, "From: 佐藤 花子 <sato@corp.example>\n"));
  CHECK(contains(message, "To: Yamada <yamada@client-a.example>, suzuki@client-b.example\n"));
  CHECK(contains(message, "山田太郎様、お世話になっております。"));
  CHECK(contains(message, "見積金額 1,234,000円"));
  CHECK(contains(message, "softbreak"));
  CHECK(text_at(x, "message/顧客一覧.csv") == "氏名,電話\r\n山田太郎,03-1234-5678\r\n");
  CHECK(x.problems.empty());
}

TEST_CASE("a multipart/alternative is read once, from its text/plain") {
  const std::string parts =
      "--b1\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n"
      "--alt\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPlain version\r\n"
      "--alt\r\nContent-Type: text/html\r\n\r\n<p>HTML version</p>\r\n--alt--\r\n";
  const auto x = extract_text("a.eml", "", message_with(parts));
  INFO(describe(x));
  CHECK(x.format == "eml");  // recognised from the headers alone
  CHECK(contains(text_at(x, "message"), "Plain version"));
  CHECK_FALSE(contains(text_at(x, "message"), "HTML version"));
}

TEST_CASE("a message's attached ZIP and forwarded message are opened in turn, within max_depth") {
  sg::test::ZipWriter w;
  w.add("data/a.csv", "社員番号,氏名\n1,山田\n");
  const std::string inner = "From: a@x.example\r\nTo: b@y.example\r\nSubject: inner\r\n\r\n転送された本文\r\n";
  const std::string parts =
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n本文\r\n"
      "--b1\r\nContent-Type: application/zip; name=\"data.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
      base64(w.finish()) + "\r\n--b1\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n";
  const auto x = extract_text("outer.eml", "", message_with(parts));
  INFO(describe(x));
  CHECK(text_at(x, "message/data.zip/data/a.csv") == "社員番号,氏名\n1,山田\n");
  CHECK(contains(text_at(x, "message/attached message 1/message"), "転送された本文"));
  CHECK(contains(text_at(x, "message/attached message 1/message"), "Subject: inner"));

  sg::extract::ExtractLimits shallow;
  shallow.max_depth = 0;
  const auto top_only = extract_text("outer.eml", "", message_with(parts), shallow);
  CHECK(sg::test::has_problem(top_only, ProblemKind::too_deep, "message/data.zip"));
  CHECK(contains(text_at(top_only, "message"), "本文"));
}

TEST_CASE("ISO-2022-JP bodies and RFC 2047 file names are decoded") {
  const std::string parts =
      "--b1\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
      "\x1b$B;3ED\x1b(B\r\n"  // 山田
      "--b1\r\nContent-Type: text/plain; name=\"=?UTF-8?B?" +
      base64("メモ.txt") +
      "?=\"\r\n"
      "Content-Disposition: attachment\r\n\r\nmemo body\r\n";
  const auto x = extract_text("jis.eml", "", message_with(parts));
  INFO(describe(x));
  CHECK(contains(text_at(x, "message"), "山田"));
  CHECK(text_at(x, "message/メモ.txt") == "memo body");
}
