// RFC 5322 mailbox parsing: the forms clients send, and the malformed ones that must be refused.
#include <doctest/doctest.h>

#include "core/address.h"

using sg::parse_mailbox;

TEST_CASE("a bare address parses with no display name") {
  auto a = parse_mailbox("yamada@corp.example");
  REQUIRE(a.ok());
  CHECK(a->name.empty());
  CHECK(a->local == "yamada");
  CHECK(a->domain == "corp.example");
  CHECK(a->address() == "yamada@corp.example");
}

TEST_CASE("a Japanese display name keeps its space") {
  auto a = parse_mailbox("山田 太郎 <yamada@corp.example>");
  REQUIRE(a.ok());
  CHECK(a->name == "山田 太郎");
  CHECK(a->address() == "yamada@corp.example");
}

TEST_CASE("a quoted display name may hold commas and escaped quotes") {
  auto a = parse_mailbox(R"("Yamada, Taro \"Jr\"" <t.yamada@corp.example>)");
  REQUIRE(a.ok());
  CHECK(a->name == R"(Yamada, Taro "Jr")");
}

TEST_CASE("an unquoted comma in a display name is an error, not two addresses") {
  auto a = parse_mailbox("Yamada, Taro <t@corp.example>");
  REQUIRE_FALSE(a.ok());
  CHECK(a.error().code == sg::ErrorCode::invalid_request);
}

TEST_CASE("comments are skipped and a trailing comment names a bare address") {
  auto a = parse_mailbox("taro(work)@corp.example (Taro Yamada)");
  REQUIRE(a.ok());
  CHECK(a->local == "taro");
  CHECK(a->name == "Taro Yamada");
  auto b = parse_mailbox("Taro (the boss) <taro@corp.example>");
  REQUIRE(b.ok());
  CHECK(b->name == "Taro");
}

TEST_CASE("a quoted local part is kept as written") {
  auto a = parse_mailbox(R"("john doe"@example.com)");
  REQUIRE(a.ok());
  CHECK(a->local == "john doe");
  CHECK(a->address() == R"("john doe"@example.com)");
}

TEST_CASE("malformed addresses are refused with a reason") {
  for (const char* bad :
       {"", "   ", "no-at-sign", "a@", "@b.example", "a..b@example.com", ".a@example.com", "a@example..com",
        "a@-bad-.example", "Name <a@b.example", "Name a@b.example>", "a@b.example, c@d.example",
        "\"unterminated <a@b.example>", "a@b.example extra", "Taro <a@b_c.example>", "(unclosed <a@b.example>"}) {
    INFO("input: " << bad);
    auto a = parse_mailbox(bad);
    CHECK_FALSE(a.ok());
    if (!a.ok()) {
      CHECK_FALSE(a.error().message.en.empty());
      CHECK_FALSE(a.error().message.ja.empty());
    }
  }
}

TEST_CASE("invalid UTF-8 in an address is refused") {
  CHECK_FALSE(parse_mailbox("\xff\xfe <a@b.example>").ok());
}

TEST_CASE("domains compare after IDNA conversion and case folding") {
  auto a = parse_mailbox("info@例え.テスト");
  auto b = parse_mailbox("INFO@XN--R8JZ45G.XN--ZCKZAH");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->domain_ascii == "xn--r8jz45g.xn--zckzah");
  CHECK(a->domain_ascii == b->domain_ascii);
  CHECK(a->key() == b->key());
  CHECK(a->domain == "例え.テスト");  // shown as written
  CHECK(sg::domain_to_unicode(b->domain_ascii) == "例え.テスト");
}

TEST_CASE("full-width domain characters map to their ASCII form") {
  auto a = parse_mailbox("sato@ＣＯＲＰ.example");
  REQUIRE(a.ok());
  CHECK(a->domain_ascii == "corp.example");
}

TEST_CASE("local parts over 64 bytes are refused") {
  CHECK_FALSE(parse_mailbox(std::string(65, 'a') + "@example.com").ok());
  CHECK(parse_mailbox(std::string(64, 'a') + "@example.com").ok());
}

TEST_CASE("the object form takes a bare addr-spec only") {
  CHECK(sg::make_address("佐藤 花子", "sato@client-a.example").ok());
  CHECK_FALSE(sg::make_address("佐藤", "佐藤 <sato@client-a.example>").ok());
}

TEST_CASE("*. patterns match subdomains but not the apex") {
  CHECK(sg::domain_matches("hq.corp.example", "*.corp.example"));
  CHECK(sg::domain_matches("a.b.corp.example", "*.corp.example"));
  CHECK_FALSE(sg::domain_matches("corp.example", "*.corp.example"));
  CHECK_FALSE(sg::domain_matches("evilcorp.example", "*.corp.example"));
  CHECK(sg::domain_matches("corp.example", "corp.example"));
  CHECK_FALSE(sg::domain_matches("hq.corp.example", "corp.example"));
}
