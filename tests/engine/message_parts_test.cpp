// Own lines vs quoted history and signature.
#include <doctest/doctest.h>

#include <string>

#include "text/message_parts.h"

namespace {
std::string own_text(std::string_view body) {
  const auto parts = sg::text::split_message(body);
  std::string out;
  for (const auto& s : parts.own_lines) {
    out += body.substr(s.begin, s.end - s.begin);
    out += "\n";
  }
  return out;
}
}  // namespace

TEST_CASE("the signature after '--' is not the sender's text") {
  const std::string body = "佐藤様\n\n資料をお送りします。\n--\n株式会社アルファ\nTEL 03-1234-5678\n";
  const std::string own = own_text(body);
  CHECK(own.find("資料をお送りします") != std::string::npos);
  CHECK(own.find("TEL") == std::string::npos);
}

TEST_CASE("history after an attribution line is quoted, even lines without '>'") {
  const std::string body =
      "ありがとうございます。\n\n2026/10/09 13:15 久保田 絵美 wrote:\n> "
      "仕様書を添付いたしました。\n前回からの変更点は赤字です。\n";
  const std::string own = own_text(body);
  CHECK(own.find("ありがとうございます") != std::string::npos);
  CHECK(own.find("添付") == std::string::npos);
  CHECK(own.find("赤字") == std::string::npos);
}

TEST_CASE("Japanese attribution and Outlook header blocks start quoted history") {
  CHECK(own_text("了解です。\n2026/10/02 10:15、大塚 礼子 さんは書きました:\n> 添付します").find("添付") ==
        std::string::npos);
  CHECK(own_text("了解です。\n________________________________\nFrom: Taro <t@a.example>\nSent: Monday\nSubject: "
                 "x\n\nattached")
            .find("attached") == std::string::npos);
  CHECK(own_text("了解です。\n-----Original Message-----\n添付します").find("添付") == std::string::npos);
  CHECK(own_text("了解です。\n-------- 転送メッセージ --------\n添付します").find("添付") == std::string::npos);
}

TEST_CASE("interleaved quotes are skipped but replies between them are kept") {
  const std::string own = own_text("> 資料はありますか\nはい、添付します。\n> 期限は?\n金曜です。\n");
  CHECK(own.find("添付します") != std::string::npos);
  CHECK(own.find("資料はありますか") == std::string::npos);
}

TEST_CASE("a decorative separator closing the body starts the signature, one mid-body does not") {
  CHECK(own_text("本文です。\n━━━━━━━━━━\n株式会社アルファ\nTEL 03\n━━━━━━━━━━\n").find("TEL") == std::string::npos);
  std::string long_tail = "前半\n----------\n";
  for (int i = 0; i < 20; ++i) long_tail += "後半の本文 " + std::to_string(i) + "\n";
  CHECK(own_text(long_tail).find("後半の本文 19") != std::string::npos);
}

TEST_CASE("a body without quotes or signature is all the sender's") {
  CHECK(own_text("one\ntwo") == "one\ntwo\n");
}
