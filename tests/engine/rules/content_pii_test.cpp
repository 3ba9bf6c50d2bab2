// content.pii through sg::check: validated personal data in the body and in attachments' text,
// lists of contact details, the sender's signature and people on the mail left alone, masked
// quotes, weight growing with volume; keywords inside attachments; attachment.unreadable.
#include <doctest/doctest.h>

#include <zlib.h>

#include <string>
#include <variant>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {

DraftBuilder external() {
  return DraftBuilder().to({"阿部 凛 <rin.abe@wakaba-bussan.example>"});
}

std::string signature() {
  return "--\n菜の花商事株式会社\n営業部 山田 太郎\n〒100-0005 東京都千代田区丸の内1-1-1\nTEL: 03-1234-5678\n"
         "E-mail: yamada@corp.example\n";
}

// A CSV of n customers with phone numbers and e-mail addresses.
std::string customer_csv(int n) {
  std::string csv = "氏名,電話番号,メールアドレス\n";
  for (int i = 0; i < n; ++i) {
    csv += "顧客" + std::to_string(i) + ",090-" + std::to_string(1000 + i) + "-" + std::to_string(5000 + i) + ",user" +
           std::to_string(i) + "@mail.example\n";
  }
  return csv;
}

// One stored (method 0) entry in a ZIP, written by hand: a local header, the data, a central
// directory entry and the end record.
std::string stored_zip(const std::string& name, const std::string& data) {
  std::string out;
  const auto u16 = [&](unsigned v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>((v >> 8) & 0xff);
  };
  const auto u32 = [&](unsigned long v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  };
  const unsigned long crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
  u32(0x04034b50);
  u16(20), u16(0x0800), u16(0), u16(0), u16(0);
  u32(crc), u32(data.size()), u32(data.size());
  u16(static_cast<unsigned>(name.size())), u16(0);
  out += name;
  out += data;
  const std::size_t central = out.size();
  u32(0x02014b50);
  u16(20), u16(20), u16(0x0800), u16(0), u16(0), u16(0);
  u32(crc), u32(data.size()), u32(data.size());
  u16(static_cast<unsigned>(name.size())), u16(0), u16(0), u16(0), u16(0);
  u32(0), u32(0);
  out += name;
  const std::size_t central_size = out.size() - central;
  u32(0x06054b50);
  u16(0), u16(0), u16(1), u16(1);
  u32(central_size), u32(central);
  u16(0);
  return out;
}

}  // namespace

TEST_CASE("a Luhn-valid card number in the body fires with a masked quote at its code-point offsets") {
  const std::string body = "阿部様\n\nお預かりしたカード番号は 4111 1111 1111 1111 です。\n\n" + signature();
  const Verdict v = test::check(external().body(body));
  const Finding* f = test::find(v, "content.pii");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::danger);
  REQUIRE_FALSE(f->targets.empty());
  const Target& t = f->targets.front();
  CHECK(t.kind == Target::Kind::body);
  CHECK(t.start == 18);  // 阿部様, two line breaks, お預かりしたカード番号は and a space
  CHECK(t.end == 37);
  REQUIRE(t.quote.has_value());
  CHECK(t.quote->find("1111") != std::string::npos);
  CHECK(t.quote->find("4111") == std::string::npos);  // masked
  CHECK(v.action >= Action::confirm);
}

TEST_CASE("an order number that fails Luhn and a 12-digit number with a wrong check digit do not fire") {
  const Verdict v =
      test::check(external().body("阿部様\n\nご注文番号：5951 7445 4043 7340\n伝票番号：1119 1150 4292\n"
                                  "個人番号：6221 2729 0646\n\n" +
                                  signature()));
  CHECK(test::find(v, "content.pii") == nullptr);
}

TEST_CASE("the sender's signature and one phone number in the text are not a list") {
  const Verdict v =
      test::check(external().body("阿部様\n\nお急ぎの場合は 090-1234-5678 までお電話ください。\n\n" + signature()));
  CHECK(test::find(v, "content.pii") == nullptr);
}

TEST_CASE("a pasted list of contact details fires; the recipients' own addresses do not count") {
  std::string body = "阿部様\n\n参加者リストです。\n";
  for (int i = 0; i < 6; ++i) {
    body += std::to_string(i + 1) + ". 参加者 p" + std::to_string(i) + "@mail.example 080-61" + std::to_string(10 + i) +
            "-59" + std::to_string(10 + i) + "\n";
  }
  const Verdict v = test::check(external().body(body + "\n" + signature()));
  const Finding* f = test::find(v, "content.pii");
  REQUIRE(f != nullptr);
  const Value* counts = f->evidence.find("counts");
  REQUIRE(counts != nullptr);
  REQUIRE(counts->find("email") != nullptr);
  CHECK(std::get<std::int64_t>(counts->find("email")->storage()) == 6);
  REQUIRE(counts->find("phone") != nullptr);
  CHECK(std::get<std::int64_t>(counts->find("phone")->storage()) == 6);

  // Only the recipients' and the sender's own addresses: nothing.
  const Verdict own = test::check(
      external().body("阿部様\n\nrin.abe@wakaba-bussan.example と yamada@corp.example 宛てにお送りします。\n"));
  CHECK(test::find(own, "content.pii") == nullptr);
}

TEST_CASE("a customer list in an attached CSV fires, names the file, and scores more than one card number") {
  const Verdict list =
      test::check(external().body("阿部様\n\n資料を添付します。\n").attach("顧客一覧.csv", customer_csv(300)));
  const Finding* f = test::find(list, "content.pii");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::danger);  // 600 items
  bool names_file = false;
  for (const Target& t : f->targets)
    names_file = names_file || (t.kind == Target::Kind::attachment && t.name == "顧客一覧.csv");
  CHECK(names_file);
  REQUIRE(f->suggestion.has_value());
  CHECK(f->suggestion->kind == Suggestion::Kind::encrypt_attachments);

  const Verdict one = test::check(external().body("阿部様\n\nカード番号は 4111 1111 1111 1111 です。\n"));
  const Finding* g = test::find(one, "content.pii");
  REQUIRE(g != nullptr);
  CHECK(f->score > g->score);
}

TEST_CASE("personal data inside a ZIP names the entry as its location") {
  const std::string zip = stored_zip("名簿/members.csv", customer_csv(10));
  const Verdict v = test::check(external().body("阿部様\n\n添付をご確認ください。\n").attach("members.zip", zip));
  const Finding* f = test::find(v, "content.pii");
  REQUIRE(f != nullptr);
  bool located = false;
  for (const Target& t : f->targets) {
    located =
        located || (t.kind == Target::Kind::attachment && t.name == "members.zip" && t.location == "名簿/members.csv");
  }
  CHECK(located);
}

TEST_CASE("a keyword inside an attachment's text is a content.keyword target with its location") {
  const Verdict v = test::check(
      external().body("阿部様\n\n資料を添付します。\n").attach("資料.txt", std::string("取扱注意\n来期の価格表\n")));
  const Finding* f = test::find(v, "content.keyword");
  REQUIRE(f != nullptr);
  bool inside = false;
  for (const Target& t : f->targets) inside = inside || (t.kind == Target::Kind::attachment && t.name == "資料.txt");
  CHECK(inside);
}

TEST_CASE("an archive entry with a path trick is refused with attachment.unreadable; a damaged one is information") {
  const Verdict v = test::check(
      external().body("阿部様\n\n添付します。\n").attach("data.zip", stored_zip("../../etc/passwd.txt", "x\n")));
  const Finding* f = test::find(v, "attachment.unreadable");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);

  std::string broken = stored_zip("a.csv", customer_csv(3));
  broken.resize(broken.size() / 2);
  const Verdict d = test::check(external().body("阿部様\n\n添付します。\n").attach("a.docx", broken));
  const Finding* g = test::find(d, "attachment.unreadable");
  if (g != nullptr) {
    CHECK(g->severity == Severity::info);
    CHECK(g->score == 0.0);
  }
}
