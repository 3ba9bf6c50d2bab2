// Sent-mail import: header parsing (folding, encoded words, charsets, address lists, dates, limits)
// and the mbox, maildir and .eml readers over fixture files written to a temporary directory.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "extract/mail_date.h"
#include "extract/mail_encoding.h"
#include "extract/mail_headers.h"
#include "extract/mail_source.h"
#include "text/utf8.h"

namespace fs = std::filesystem;
using sg::mail::parse_address_list;
using sg::mail::parse_mail_date;
using sg::mail::parse_message_headers;
using sg::mail::SentMessage;

namespace {

constexpr std::int64_t k20240102T0100Z = 1704157200;  // 2024-01-02 10:00 in Tokyo

// A directory under the system temporary directory, removed with everything in it at scope exit.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("sendguard-mail-test-" + std::to_string(std::random_device{}()) + "-" + std::to_string(++counter));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  [[nodiscard]] const fs::path& path() const { return path_; }

  // Writes `content` to path()/relative, creating folders on the way; returns the full path.
  fs::path write(const fs::path& relative, std::string_view content) const {
    const fs::path p = path_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return p;
  }

 private:
  fs::path path_;
};

struct Read {
  std::vector<SentMessage> messages;
  std::vector<std::string> message_where;
  std::vector<sg::Error> problems;
  std::vector<std::string> problem_where;
  sg::mail::SourceStats stats;
};

Read read_all(const fs::path& p) {
  Read r;
  auto stats = sg::mail::read_sent_mail(p, [&](sg::Result<SentMessage> m, std::string_view where) {
    if (m) {
      r.messages.push_back(std::move(*m));
      r.message_where.emplace_back(where);
    } else {
      r.problems.push_back(m.error());
      r.problem_where.emplace_back(where);
    }
  });
  REQUIRE(stats.ok());
  r.stats = *stats;
  return r;
}

SentMessage parse_ok(std::string_view raw) {
  auto m = parse_message_headers(raw);
  REQUIRE(m.ok());
  return std::move(*m);
}

std::vector<std::string> keys(const std::vector<sg::Address>& list) {
  std::vector<std::string> out;
  for (const auto& a : list) out.push_back(a.key());
  return out;
}

std::string subject_of(std::string_view subject_value) {
  return parse_ok("From: a@x.example\r\nSubject: " + std::string(subject_value) + "\r\n\r\nbody").subject;
}

std::string name_of(std::string_view to_value) {
  auto list = parse_address_list(to_value);
  REQUIRE(list.ok());
  REQUIRE(list->addresses.size() == 1);
  return list->addresses[0].name;
}

std::string simple_message(std::string_view to, std::string_view subject, std::string_view eol = "\n") {
  const std::string e(eol);
  return "From: Sato <sato@corp.example>" + e + "To: " + std::string(to) + e + "Subject: " + std::string(subject) + e +
         "Date: Tue, 2 Jan 2024 10:00:00 +0900" + e + "Message-ID: <" + std::string(subject) + "@corp.example>" + e +
         e + "Body of " + std::string(subject) + e;
}

}  // namespace

// ---- header block ----

TEST_CASE("mail headers: folded lines are unfolded and field names are case-insensitive") {
  const auto m = parse_ok(
      "FROM: Sato <sato@corp.example>\r\n"
      "subject: a long\r\n subject\r\n\tline\r\n"
      "tO: a@x.example,\r\n b@y.example\r\n"
      "message-id:\r\n <abc.123@corp.example>\r\n"
      "\r\n"
      "To: body@not.header\r\n");
  REQUIRE(m.from.has_value());
  CHECK(m.from->key() == "sato@corp.example");
  CHECK(m.from->name == "Sato");
  CHECK(m.subject == "a long subject line");
  CHECK(keys(m.to) == std::vector<std::string>{"a@x.example", "b@y.example"});
  CHECK(m.message_id == "abc.123@corp.example");
  CHECK(m.skipped.empty());
}

TEST_CASE("mail headers: first From, Date and Subject win; every To/Cc/Bcc counts; Resent-* is ignored") {
  const auto m = parse_ok(
      "From: first@x.example\n"
      "Resent-From: resent@x.example\n"
      "From: second@x.example\n"
      "Date: Tue, 2 Jan 2024 10:00:00 +0900\n"
      "Date: Wed, 3 Jan 2024 10:00:00 +0900\n"
      "Subject: first\n"
      "Subject: second\n"
      "To: a@x.example\n"
      "Resent-To: r@x.example\n"
      "Cc: c@x.example\n"
      "To: b@x.example\n"
      "Bcc: hidden@x.example\n"
      "Resent-Cc: rc@x.example\n"
      "\n");
  REQUIRE(m.from.has_value());
  CHECK(m.from->key() == "first@x.example");
  CHECK(m.date_valid);
  CHECK(m.date == k20240102T0100Z);
  CHECK(m.subject == "first");
  CHECK(keys(m.to) == std::vector<std::string>{"a@x.example", "b@x.example"});
  CHECK(keys(m.cc) == std::vector<std::string>{"c@x.example"});
  CHECK(keys(m.bcc) == std::vector<std::string>{"hidden@x.example"});
}

TEST_CASE("mail headers: a message without Date, without a body, with a leading mbox line and a BOM") {
  const auto m = parse_ok("From: a@x.example\nTo: b@y.example\nSubject: no date");
  CHECK_FALSE(m.date_valid);
  CHECK(m.date == 0);
  CHECK(m.subject == "no date");
  CHECK(m.message_id.empty());

  const auto from_line = parse_ok("From a@x.example Tue Jan  2 10:00:00 2024\nFrom: a@x.example\n\n");
  REQUIRE(from_line.from.has_value());
  CHECK(from_line.from->key() == "a@x.example");

  const auto obsolete = parse_ok(
      "\xEF\xBB\xBF"
      "From : a@x.example\nSubject : spaced\n\n");
  REQUIRE(obsolete.from.has_value());
  CHECK(obsolete.subject == "spaced");
}

TEST_CASE("mail headers: text that is not a mail message is malformed") {
  for (const char* raw : {"", "\n\nbody only", "this is not a header\n\nbody", " leading fold only\n\n"}) {
    INFO("input: " << raw);
    auto m = parse_message_headers(raw);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == sg::ErrorCode::invalid_request);
    CHECK_FALSE(m.error().message.ja.empty());
    CHECK_FALSE(m.error().message.en.empty());
  }
  // A line that is not a field ends the block, as if the empty line were missing.
  const auto m = parse_ok("From: a@x.example\nnot a field\nTo: b@y.example\n");
  CHECK(m.to.empty());
}

TEST_CASE("mail headers: a header block over the limit is malformed, one at the limit is not") {
  using sg::mail::kMaxHeaderBlockBytes;
  const std::string head = "From: a@x.example\r\nX-Pad: ";
  const std::string fits = head + std::string(kMaxHeaderBlockBytes - head.size() - 2, 'p') + "\r\n";
  REQUIRE(fits.size() == kMaxHeaderBlockBytes);
  CHECK(parse_message_headers(fits + "\r\nbody").ok());
  CHECK(parse_message_headers(fits).ok());

  const std::string over = head + std::string(kMaxHeaderBlockBytes - head.size() - 1, 'p') + "\r\n";
  auto m = parse_message_headers(over + "\r\nbody");
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == sg::ErrorCode::too_large);

  // Many folded lines count the same way.
  std::string folded = "From: a@x.example\nX-Big: start\n";
  while (folded.size() <= kMaxHeaderBlockBytes) folded += " " + std::string(75, 'f') + "\n";
  CHECK(parse_message_headers(folded + "\nbody").error().code == sg::ErrorCode::too_large);
  // Cut inside an over-limit block (as a reader that reads only the start of a file does).
  CHECK(parse_message_headers(std::string_view(folded).substr(0, kMaxHeaderBlockBytes + 2)).error().code ==
        sg::ErrorCode::too_large);
}

TEST_CASE("mail headers: more addresses than the limit make the message malformed") {
  using sg::mail::kMaxAddressesPerMessage;
  auto many = [](std::size_t n) {
    std::string to;
    for (std::size_t i = 0; i < n; ++i) to += "u" + std::to_string(i) + "@x.example,";
    return to;
  };
  const auto ok = parse_message_headers("From: a@x.example\nTo: " + many(kMaxAddressesPerMessage - 1) + "\n\n");
  REQUIRE(ok.ok());
  CHECK(ok->to.size() == kMaxAddressesPerMessage - 1);
  const auto over = parse_message_headers("From: a@x.example\nTo: " + many(kMaxAddressesPerMessage) + "\n\n");
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().code == sg::ErrorCode::too_large);
}

// ---- encoded words and charsets ----

TEST_CASE("mail encoded words: ISO-2022-JP B-encoded subject and display name") {
  CHECK(subject_of("=?ISO-2022-JP?B?GyRCJTUlcyVXJWsbKEI=?=") == "サンプル");
  CHECK(subject_of("Re: =?iso-2022-jp?B?GyRCJTUlcyVXJWsbKEI=?=") == "Re: サンプル");
  CHECK(name_of("=?ISO-2022-JP?B?GyRCOzNFREJATzobKEI=?= <yamada@corp.example>") == "山田太郎");
  CHECK(name_of("\"=?ISO-2022-JP?B?GyRCOzNFREJATzobKEI=?=\" <yamada@corp.example>") == "山田太郎");
  // RFC 2231 language suffix.
  CHECK(subject_of("=?ISO-2022-JP*ja?B?GyRCJTUlcyVXJWsbKEI=?=") == "サンプル");
}

TEST_CASE("mail encoded words: Shift_JIS and CP932 in B and Q") {
  CHECK(subject_of("=?Shift_JIS?B?jKmQz4+R?=") == "見積書");
  CHECK(subject_of("=?shift_jis?Q?=8C=A9=90=CF=8F=91?=") == "見積書");
  CHECK(subject_of("=?SJIS?Q?=8C=A9=90=CF=8F=91?=") == "見積書");
  CHECK(subject_of("=?CP932?B?h0CCsojEk+A=?=") == "①ご案内");
  CHECK(subject_of("=?Windows-31J?B?h0CCsojEk+A=?=") == "①ご案内");
  CHECK(name_of("=?shift_jis?B?jKmQz4+R?= <mitsumori@corp.example>") == "見積書");
}

TEST_CASE("mail encoded words: UTF-8 Q with _, adjacent words joined, other charsets") {
  CHECK(subject_of("=?UTF-8?Q?=E8=A6=8B=E7=A9=8D=E6=9B=B8_=E3=81=94=E7=A2=BA=E8=AA=8D?=") == "見積書 ご確認");
  CHECK(subject_of("=?utf-8?B?5L2Q6Jek?= =?utf-8?B?6Iqx5a2Q?=") == "佐藤花子");
  CHECK(subject_of("=?utf-8?B?5L2Q6Jek?=\r\n =?utf-8?B?6Iqx5a2Q?=") == "佐藤花子");
  // A character split across two words (some mailers do this) is put back together.
  CHECK(subject_of("=?UTF-8?B?44GT4w==?= =?UTF-8?B?gpPjgavjgaHjga8=?=") == "こんにちは");
  // Adjacent words in different charsets still lose the space between them.
  CHECK(subject_of("=?utf-8?B?5L2Q6Jek?= =?ISO-2022-JP?B?GyRCJTUlcyVXJWsbKEI=?=") == "佐藤サンプル");
  // Text between words keeps its spaces.
  CHECK(subject_of("Re: =?UTF-8?Q?caf=C3=A9?= time") == "Re: café time");
  CHECK(subject_of("=?euc-jp?B?xvzL3Ljs?=") == "日本語");
  CHECK(subject_of("=?ISO-8859-1?Q?caf=E9?=") == "café");
  CHECK(subject_of("=?US-ASCII?Q?Hello_World?=") == "Hello World");
  CHECK(name_of("=?UTF-8?Q?Sato_Hanako?= <hanako@corp.example>") == "Sato Hanako");
}

TEST_CASE("mail encoded words: unknown charsets and broken words are kept as written") {
  CHECK(subject_of("=?x-unknown?Q?abc?= rest") == "=?x-unknown?Q?abc?= rest");
  CHECK(subject_of("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=");
  CHECK(subject_of("=?UTF-8?B?not base64?=") == "=?UTF-8?B?not base64?=");
  CHECK(subject_of("=?UTF-8?B?!!!!?=") == "=?UTF-8?B?!!!!?=");
  CHECK(subject_of("=?UTF,swaplfnl?Q?abc?=") == "=?UTF,swaplfnl?Q?abc?=");
  CHECK(subject_of("price =? 100") == "price =? 100");
  CHECK(sg::mail::decode_encoded_words("=?UTF-8?Q?a?= =?x-unknown?Q?b?=") == "a =?x-unknown?Q?b?=");
}

TEST_CASE("mail charsets: raw 8-bit header bytes") {
  CHECK(subject_of("件名テスト") == "件名テスト");  // UTF-8
  CHECK(subject_of("\x8c\x8f\x96\xbc\x83"
                   "e\x83X\x83g") == "件名テスト");                                       // Shift_JIS
  CHECK(subject_of("\x1b$B7oL>%F%9%H\x1b(B") == "件名テスト");                            // ISO-2022-JP
  CHECK(subject_of("abc\xff") == "abc\xEF\xBF\xBD");                                      // neither
  CHECK(name_of("\x83\\\x83j\x81[ \x91\xbe\x98Y <sony@corp.example>") == "ソニー 太郎");  // trail byte 0x5C
  CHECK(name_of("\x1b$B;3ED\x1b(B <yamada@corp.example>") == "山田");
}

TEST_CASE("mail charsets: conversion with ICU, strict or replacing") {
  CHECK(sg::mail::charset_to_utf8("\x8c\x8f", "Shift_JIS", true) == std::optional<std::string>("件"));
  CHECK_FALSE(sg::mail::charset_to_utf8("\x81", "Shift_JIS", true).has_value());
  CHECK(sg::mail::charset_to_utf8("\x81", "Shift_JIS", false).has_value());
  CHECK_FALSE(sg::mail::charset_to_utf8("abc", "no-such-charset", false).has_value());
  CHECK_FALSE(sg::mail::charset_to_utf8("abc", "", false).has_value());
  CHECK(sg::mail::collapse_whitespace("  a \t\r\n b  ") == "a b");
}

// ---- address lists ----

TEST_CASE("mail address lists: groups are flattened and empty groups give nothing") {
  auto list = parse_address_list(
      "Team: a@x.example, \"B, b\" <b@y.example>;, c@z.example, undisclosed-recipients:;, Open: d@x.example");
  REQUIRE(list.ok());
  CHECK(keys(list->addresses) == std::vector<std::string>{"a@x.example", "b@y.example", "c@z.example", "d@x.example"});
  CHECK(list->addresses[1].name == "B, b");
  CHECK(list->skipped.empty());

  const auto m = parse_ok("From: a@x.example\nTo: undisclosed-recipients:;\nBcc: x@y.example\n\n");
  CHECK(m.to.empty());
  CHECK(m.skipped.empty());
  CHECK(m.bcc.size() == 1);
}

TEST_CASE("mail address lists: comments, quoted names with commas and escaped quotes") {
  auto list = parse_address_list(
      "taro(work)@corp.example (Taro Yamada), (just a comment), Hanako (HR (people)) <hanako@corp.example>, "
      "\"Yamada, Taro \\\"Jr\\\"\" <t.yamada@corp.example>,\"Sato,  Hanako\"<h.sato@corp.example>");
  REQUIRE(list.ok());
  REQUIRE(list->addresses.size() == 4);
  CHECK(list->addresses[0].key() == "taro@corp.example");
  CHECK(list->addresses[0].name == "Taro Yamada");
  CHECK(list->addresses[1].name == "Hanako");
  CHECK(list->addresses[2].name == "Yamada, Taro \"Jr\"");
  CHECK(list->addresses[3].name == "Sato, Hanako");
  CHECK(list->skipped.empty());
}

TEST_CASE("mail address lists: a bad mailbox is skipped and reported, the rest is kept") {
  const auto m = parse_ok(
      "From: a@x.example\n"
      "To: good@x.example, bad@@x.example, Name <also-good@y.example>, <>, nobody\n"
      "Cc: Yamada, Taro <t@corp.example>\n\n");
  CHECK(keys(m.to) == std::vector<std::string>{"good@x.example", "also-good@y.example"});
  CHECK(keys(m.cc) == std::vector<std::string>{"t@corp.example"});
  CHECK(m.skipped == std::vector<std::string>{"bad@@x.example", "<>", "nobody", "Yamada"});
}

TEST_CASE("mail address lists: routes, bare addresses, trailing commas, loose names, IDN") {
  auto list = parse_address_list(
      "<@relay1.example,@relay2.example:user@host.example>, a@x.example,, b@y.example , "
      "a@x.example <a@x.example>, Sato [Sales] <sato@corp.example>, 山田 <yamada@例え.jp>,");
  REQUIRE(list.ok());
  CHECK(keys(list->addresses) == std::vector<std::string>{"user@host.example", "a@x.example", "b@y.example",
                                                          "a@x.example", "sato@corp.example", "yamada@xn--r8jz45g.jp"});
  CHECK(list->addresses[3].name == "a@x.example");
  CHECK(list->addresses[4].name == "Sato [Sales]");
  CHECK(list->addresses[5].name == "山田");
  CHECK(list->skipped.empty());
}

TEST_CASE("mail address lists: display names are decoded and whitespace-collapsed") {
  CHECK(name_of("=?utf-8?B?5L2Q6Jek?= =?utf-8?B?6Iqx5a2Q?= <hanako@corp.example>") == "佐藤花子");
  CHECK(name_of("\"  Sato \t Hanako \" <hanako@corp.example>") == "Sato Hanako");
  CHECK(name_of("\"=?UTF-8?B?5L2Q6Jek?=\" <sato@corp.example>") == "佐藤");
  CHECK(name_of("=?UTF-8?Q?J=2E_Doe?= <j@corp.example>") == "J. Doe");
}

// ---- dates ----

TEST_CASE("mail dates: RFC 5322 and obsolete forms") {
  for (const char* text : {
           "Tue, 2 Jan 2024 10:00:00 +0900",
           "2 Jan 2024 10:00:00 +0900",
           "Tue, 02 Jan 2024 10:00 +0900",
           "Tue, 2 Jan 24 10:00:00 JST",
           "Tue, 2 Jan 2024 10:00:00 +0900 (JST)",
           "Tue,  2 Jan 2024 10:00:00 +0900 (Tokyo (Japan))",
           "  Tue ,\t2 Jan 2024\r\n 10:00:00 +0900",
           "tue, 2 JAN 2024 10:00:00 +0900",
           "Tuesday, 2 January 2024 10:00:00 +0900",
           "Tue, 2 Jan 2024 10:00:00+0900",
           "Tue, 2 Jan 2024 10:00:00 +09:00",
           "Tue, 2 Jan 2024 01:00:00 GMT",
           "Tue, 2 Jan 2024 01:00:00 UT",
           "Tue, 2 Jan 2024 01:00:00 Z",
           "Tue, 2 Jan 2024 01:00:00 -0000",
           "Tue, 2 Jan 2024 01:00:00 CET",  // unknown names count as +0000 (RFC 5322 4.3)
           "Tue, 2 Jan 2024 01:00:00",
           "Mon, 1 Jan 2024 20:00:00 EST",
           "Mon, 1 Jan 2024 21:00:00 EDT",
           "Mon, 1 Jan 2024 19:00:00 CST",
           "Mon, 1 Jan 2024 20:00:00 CDT",
           "Mon, 1 Jan 2024 18:00:00 MST",
           "Mon, 1 Jan 2024 19:00:00 MDT",
           "Mon, 1 Jan 2024 17:00:00 PST",
           "Mon, 1 Jan 2024 18:00:00 PDT",
           "Mon, 1 Jan 2024 17:00:00 -0800",
           "Jan 2 2024 10:00:00 +0900",
       }) {
    INFO("date: " << text);
    CHECK(parse_mail_date(text) == std::optional<std::int64_t>(k20240102T0100Z));
  }
  CHECK(parse_mail_date("Fri, 1 Jan 99 00:00:00 GMT") == std::optional<std::int64_t>(915148800));
  CHECK(parse_mail_date("Fri, 31 Dec 49 00:00:00 GMT") == std::optional<std::int64_t>(2524521600));
  CHECK(parse_mail_date("Sun, 1 Jan 50 00:00:00 GMT") == std::optional<std::int64_t>(-631152000));
  CHECK(parse_mail_date("1 Jan 099 00:00:00 GMT") == std::optional<std::int64_t>(915148800));
  CHECK(parse_mail_date("Sat, 29 Feb 2020 21:00:00 +0900") == std::optional<std::int64_t>(1582977600));
  CHECK(parse_mail_date("1 Jan 1970 00:00:00 +0000") == std::optional<std::int64_t>(0));
  CHECK(parse_mail_date("31 Dec 2023 23:59:60 +0000") == std::optional<std::int64_t>(1704067200));
}

TEST_CASE("mail dates: what is not a date") {
  for (const char* text :
       {"", "yesterday", "Tue, 2 Jan", "31 Feb 2024 10:00 +0900", "29 Feb 2023 10:00 +0900", "2 Foo 2024 10:00 +0900",
        "2 Jan 2024 25:00 +0900", "2 Jan 2024 10:60 +0900", "2 Jan 2024 10:00 +9999", "2 Jan 2024 10:00 +09x",
        "2024-01-02T10:00:00+09:00", "2 Jan 1800 10:00 +0000", "0 Jan 2024 10:00 +0000", "2 Jan 2024 noon"}) {
    INFO("date: " << text);
    CHECK_FALSE(parse_mail_date(text).has_value());
  }
  const auto m = parse_ok("From: a@x.example\nDate: sometime soon\n\n");
  CHECK_FALSE(m.date_valid);
  CHECK(m.date == 0);
}

// ---- readers ----

TEST_CASE("mail source: an mbox with three messages, one malformed, and From lines in a body") {
  ScratchDir dir;
  const fs::path mbox = dir.write("Sent.mbox", "From sato@corp.example Tue Jan  2 10:00:00 2024\n" +
                                                   simple_message("a@x.example", "one") +
                                                   "From the body, not after an empty line\n"
                                                   ">From an escaped line\n"
                                                   "\n"
                                                   ">From after an empty line, escaped\n"
                                                   "\n"
                                                   "From x Tue Jan  2 10:00:00 2024\n"
                                                   "this is not a header\n"
                                                   "\n"
                                                   "body\n"
                                                   "\n"
                                                   "From sato@corp.example Tue Jan  2 11:00:00 2024\n"
                                                   "From: Sato <sato@corp.example>\n"
                                                   "Cc: c@x.example\n"
                                                   "Subject: three, no body, no final newline");
  const Read r = read_all(mbox);
  CHECK(r.stats.messages == 2);
  CHECK(r.stats.malformed == 1);
  CHECK(r.stats.files == 1);
  REQUIRE(r.messages.size() == 2);
  CHECK(r.message_where == std::vector<std::string>{"Sent.mbox#1", "Sent.mbox#3"});
  CHECK(r.messages[0].subject == "one");
  CHECK(keys(r.messages[0].to) == std::vector<std::string>{"a@x.example"});
  CHECK(r.messages[0].date == k20240102T0100Z);
  CHECK(r.messages[0].message_id == "one@corp.example");
  CHECK(r.messages[1].subject == "three, no body, no final newline");
  CHECK(keys(r.messages[1].cc) == std::vector<std::string>{"c@x.example"});
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problem_where[0] == "Sent.mbox#2");
  CHECK(r.problems[0].code == sg::ErrorCode::invalid_request);
}

TEST_CASE("mail source: a CRLF mbox") {
  ScratchDir dir;
  const fs::path mbox =
      dir.write("crlf.mbox", "From a Tue Jan  2 10:00:00 2024\r\n" + simple_message("a@x.example", "first", "\r\n") +
                                 "\r\n" + "From b Tue Jan  2 10:00:00 2024\r\n" +
                                 simple_message("Team: b@x.example, c@x.example;", "second", "\r\n"));
  const Read r = read_all(mbox);
  CHECK(r.stats.messages == 2);
  CHECK(r.stats.malformed == 0);
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].subject == "first");
  CHECK(r.messages[0].message_id == "first@corp.example");
  CHECK(r.messages[0].date_valid);
  CHECK(keys(r.messages[1].to) == std::vector<std::string>{"b@x.example", "c@x.example"});
}

TEST_CASE("mail source: mbox messages with huge headers or bodies cost only their header part") {
  using sg::mail::kMaxHeaderBlockBytes;
  ScratchDir dir;
  std::string big_header = "From: a@x.example\nX-Big: start\n";
  while (big_header.size() <= kMaxHeaderBlockBytes + 1000) big_header += " " + std::string(75, 'h') + "\n";
  const std::string long_line(3 * kMaxHeaderBlockBytes, 'L');  // longer than any line the reader keeps
  std::string mbox = "From a Tue Jan  2 10:00:00 2024\n" + big_header + "\nbody\n\n";
  mbox += "From b Tue Jan  2 10:00:00 2024\n" + simple_message("b@x.example", "big-body");
  for (int i = 0; i < 2000; ++i) mbox += std::string(1000, 'b') + "\n";
  mbox += long_line + "\n\n";
  mbox += "From c Tue Jan  2 10:00:00 2024\n" + simple_message("c@x.example", "after");
  const Read r = read_all(dir.write("big.mbox", mbox));
  CHECK(r.stats.messages == 2);
  CHECK(r.stats.malformed == 1);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].code == sg::ErrorCode::too_large);
  CHECK(r.problem_where[0] == "big.mbox#1");
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].subject == "big-body");
  CHECK(r.messages[1].subject == "after");
}

TEST_CASE("mail source: a maildir reads cur/ and new/") {
  ScratchDir dir;
  dir.write("Maildir/cur/1700000001.M1P1.host:2,S", simple_message("a@x.example", "seen"));
  dir.write("Maildir/new/1700000002.M2P1.host", simple_message("b@x.example", "new"));
  dir.write("Maildir/tmp/1700000003.M3P1.host", simple_message("c@x.example", "in-delivery"));
  dir.write("Maildir/cur/.hidden", simple_message("d@x.example", "hidden"));
  dir.write("Maildir/cur/1700000004.M4P1.host:2,S", "garbage without headers\n");
  const Read r = read_all(dir.path() / "Maildir");
  CHECK(r.stats.messages == 2);
  CHECK(r.stats.malformed == 1);
  CHECK(r.stats.files == 3);
  CHECK(r.message_where ==
        std::vector<std::string>{"Maildir/cur/1700000001.M1P1.host:2,S", "Maildir/new/1700000002.M2P1.host"});
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].subject == "seen");
  CHECK(r.messages[1].subject == "new");
  CHECK(r.problem_where == std::vector<std::string>{"Maildir/cur/1700000004.M4P1.host:2,S"});

  const Read trailing = read_all((dir.path() / "Maildir").string() + "/");
  CHECK(trailing.message_where == r.message_where);
}

TEST_CASE("mail source: a tree of .eml files, bounded in depth") {
  ScratchDir dir;
  dir.write("export/a.eml", simple_message("a@x.example", "a"));
  dir.write("export/2024/b.EML", simple_message("b@x.example", "b"));
  dir.write("export/2024/03/c.eml", simple_message("c@x.example", "c"));
  dir.write("export/2024/03/notes.txt", "not mail");
  dir.write("export/.hidden/d.eml", simple_message("d@x.example", "d"));
  dir.write("export/broken.eml", "");
  dir.write("export/mboxish.eml", "From x Tue Jan  2 10:00:00 2024\n" + simple_message("e@x.example", "e"));
  fs::path deep = "export";
  for (int i = 0; i <= sg::mail::kMaxDirectoryDepth; ++i) deep /= "d";
  dir.write(deep / "too-deep.eml", simple_message("f@x.example", "f"));

  const Read r = read_all(dir.path() / "export");
  CHECK(r.message_where ==
        std::vector<std::string>{"export/2024/03/c.eml", "export/2024/b.EML", "export/a.eml", "export/mboxish.eml#1"});
  CHECK(r.stats.messages == 4);
  CHECK(r.stats.malformed == 2);
  CHECK(r.stats.files == 5);
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problem_where[0] == "export/broken.eml");
  CHECK(r.problems[1].code == sg::ErrorCode::too_large);
  CHECK(r.problem_where[1].starts_with("export/d/d/"));
}

TEST_CASE("mail source: a single .eml file, and errors on the path itself") {
  ScratchDir dir;
  const fs::path eml =
      dir.write("one.eml", simple_message("Team: a@x.example;", "single", "\r\n") + std::string(1 << 20, 'x'));
  const Read r = read_all(eml);
  CHECK(r.message_where == std::vector<std::string>{"one.eml"});
  CHECK(r.stats.files == 1);
  REQUIRE(r.messages.size() == 1);
  CHECK(r.messages[0].subject == "single");

  const fs::path over =
      dir.write("over.eml", "From: a@x.example\nX-Big: " + std::string(sg::mail::kMaxHeaderBlockBytes, 'o') + "\n\n");
  const Read o = read_all(over);
  REQUIRE(o.problems.size() == 1);
  CHECK(o.problems[0].code == sg::ErrorCode::too_large);

  const Read empty_dir = read_all(dir.write("empty/.keep", "").parent_path());
  CHECK(empty_dir.stats.messages == 0);
  CHECK(empty_dir.stats.malformed == 0);

  auto missing = sg::mail::read_sent_mail(dir.path() / "missing.mbox", [](auto, std::string_view) {});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == sg::ErrorCode::not_found);
  CHECK(missing.error().message.ja.find("missing.mbox") != std::string::npos);
  CHECK(missing.error().message.en.find("missing.mbox") != std::string::npos);
}

TEST_CASE("mail source: the beginning of each body's first text part is kept, decoded") {
  ScratchDir dir;
  // A multipart message whose text part is base64 ISO-2022-JP, and a plain one in an mbox.
  const std::string multipart =
      "From: yamada@corp.example\nTo: sato@alpha.example\nSubject: quote\nDate: Mon, 5 Oct 2026 09:00:00 +0900\n"
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n"
      "--b1\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: base64\n\n"
      "GyRCM3Q8MDJxPFIlIiVrJVUlIRsoQgobJEIxRDZISXQbKEIgGyRCOjRGI01NGyhCCgobJEIkJCREJGIkKkAkT0MkSyRKJEMkRiQqJGokXiQ5ISMb"
      "KEIK\n"
      "--b1\nContent-Type: application/pdf; name=\"q.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0x\n--b1--\n";
  std::string mbox = "From a Tue Jan  2 10:00:00 2024\n" + multipart + "\n";
  mbox += "From b Tue Jan  2 10:00:00 2024\n" + simple_message("b@x.example", "plain") + "Dear Ms Brown,\n\nHello.\n";
  const Read r = read_all(dir.write("Sent.mbox", mbox));
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0].body_text.starts_with("株式会社アルファ\n営業部 佐藤様\n"));
  CHECK(r.messages[1].body_text.find("Dear Ms Brown,") != std::string::npos);
  // The same message as a file.
  const Read f = read_all(dir.write("one.eml", multipart));
  REQUIRE(f.messages.size() == 1);
  CHECK(f.messages[0].body_text == r.messages[0].body_text);
  // A long body: only its beginning is read, the text cut to kMaxBodyTextBytes.
  std::string long_body = simple_message("c@x.example", "long");
  for (int i = 0; i < 20000; ++i) long_body += "あいうえお\n";
  const Read l = read_all(dir.write("long.eml", long_body));
  REQUIRE(l.messages.size() == 1);
  CHECK(l.messages[0].body_text.size() <= sg::mail::kMaxBodyTextBytes);
  CHECK(l.messages[0].body_text.size() > sg::mail::kMaxBodyTextBytes - 16);
  CHECK(sg::text::is_valid_utf8(l.messages[0].body_text));
}
