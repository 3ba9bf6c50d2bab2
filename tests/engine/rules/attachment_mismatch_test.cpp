// attachment.mismatch through sg::check: a file name or a document's addressee block that names an
// organisation or person other than the one the mail is addressed to.
#include <doctest/doctest.h>

#include <string>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {

const std::string kSignature = "\n--\n株式会社いぶき製作所\n技術部 丸山 悠人\n";

DraftBuilder to_wakaba() {
  return DraftBuilder()
      .to({"田村 直美 <tamura-n@wakaba-bussan.example>"})
      .body("株式会社若葉物産\n経営企画部 田村様\n\nいつもお世話になっております。\n納品書を添付いたします。\n" +
            kSignature);
}

bool fires(const DraftBuilder& d) {
  const Verdict v = test::check(d);
  return test::find(v, "attachment.mismatch") != nullptr;
}

}  // namespace

TEST_CASE("a file name addressed to another company fires; one addressed to the recipient's does not") {
  const Verdict v = test::check(to_wakaba().attach("納品書_株式会社みなと物産御中_20261104.pdf"));
  const Finding* f = test::find(v, "attachment.mismatch");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::danger);
  REQUIRE(f->targets.size() == 1);
  CHECK(f->targets[0].name == "納品書_株式会社みなと物産御中_20261104.pdf");
  CHECK(f->message.ja.find("株式会社みなと物産") != std::string::npos);
  CHECK(v.action >= Action::confirm);

  CHECK_FALSE(fires(to_wakaba().attach("納品書_株式会社若葉物産御中_20261104.pdf")));
  CHECK_FALSE(fires(to_wakaba().attach("若葉物産様_提案書.pdf")));
  // Width and spacing do not matter: ｗａｋａｂａ-like full-width forms fold to the same name.
  CHECK_FALSE(fires(to_wakaba().attach("提案書_（株）若葉物産　様.pdf")));
}

TEST_CASE("words that merely contain an honorific, and the sender's own company, are not addressees") {
  CHECK_FALSE(fires(to_wakaba().attach("仕様書_v2_20261109.zip")));
  CHECK_FALSE(fires(to_wakaba().attach("会社案内_株式会社いぶき製作所.pdf")));
}

TEST_CASE("the addressee block inside a document names another company: fires with its location") {
  const std::string quote = "見積書\n\n株式会社朝凪観光 御中\n\n下記のとおりご提出いたします。\n金額：7,290,000円\n";
  const Verdict v = test::check(to_wakaba().attach("見積書_20261110.txt", quote));
  const Finding* f = test::find(v, "attachment.mismatch");
  REQUIRE(f != nullptr);
  REQUIRE(f->targets.size() == 1);
  CHECK(f->targets[0].kind == Target::Kind::attachment);
  CHECK(f->targets[0].quote == "株式会社朝凪観光");

  const std::string right = "見積書\n\n株式会社若葉物産 御中\n\n下記のとおりご提出いたします。\n";
  CHECK_FALSE(fires(to_wakaba().attach("見積書_20261110.txt", right)));
}

TEST_CASE("a file for a person: the recipient's family name passes, another person's does not") {
  const auto to_tamura = [] {
    return DraftBuilder().to({"田村 直美 <tamura-n@wakaba-bussan.example>"}).body("田村様\n\n資料をお送りします。\n");
  };
  CHECK_FALSE(fires(to_tamura().attach("田村様_ご案内.pdf")));
  CHECK(fires(to_tamura().attach("佐々木様_ご案内.pdf")));
}

TEST_CASE("when the mail says nothing about who the recipients are, the rule stays quiet") {
  // The domain label is all that is known about the recipient; a Japanese company name cannot be
  // compared with it, and one unknown is not evidence of a wrong file.
  CHECK_FALSE(fires(DraftBuilder()
                        .to({"info@wakaba-bussan.example"})
                        .body("資料を添付します。\n")
                        .attach("株式会社みなと物産御中.pdf")));
  // An ASCII name is compared with the domain: Acme's file to acme.example passes.
  CHECK_FALSE(fires(DraftBuilder()
                        .to({"Jane Doe <jane@acme.example>"})
                        .body("Dear Ms. Doe,\n\nPlease find the quote attached.\n")
                        .attach("Quote_Acme Inc..pdf")));
}

namespace {

constexpr std::string_view kCustomers = R"({"lists": {"customers": [
  "株式会社みなと物産 = minato-bussan.example",
  "若葉物産株式会社 = wakaba-bussan.example, wakaba.co.jp",
  "Acme Inc. = acme.example"]}})";

// A mail that says nothing about who its recipient is: no salutation, an address without a name.
DraftBuilder bare_to(std::string_view address) {
  return DraftBuilder().to({std::string(address)}).body("資料を添付します。\nよろしくお願いいたします。\n");
}

}  // namespace

TEST_CASE("the customer list knows where a named company is: its file to another customer fires") {
  // The same draft the rule stays quiet on without the list (above): now it knows みなと物産 is
  // at minato-bussan.example, and this mail goes to wakaba-bussan.example.
  const Verdict v = test::check(bare_to("info@wakaba-bussan.example").attach("株式会社みなと物産御中.pdf"), kCustomers);
  const Finding* f = test::find(v, "attachment.mismatch");
  REQUIRE(f != nullptr);
  CHECK(f->message.ja.find("minato-bussan.example") != std::string::npos);
  CHECK(f->message.en.find("minato-bussan.example") != std::string::npos);
  CHECK(f->message.ja.find("若葉物産株式会社") != std::string::npos);  // who the recipients are
  const ValueList* at = test::evidence_list(f->evidence, "named_known_at");
  REQUIRE(at != nullptr);
  REQUIRE(at->size() == 1);

  // To the company the file names: quiet, whichever of its domains, subdomains included.
  CHECK_FALSE(fires(bare_to("info@minato-bussan.example").attach("株式会社みなと物産御中.pdf")));
  CHECK_FALSE(
      test::fired(test::check(bare_to("info@minato-bussan.example").attach("株式会社みなと物産御中.pdf"), kCustomers),
                  "attachment.mismatch"));
  CHECK_FALSE(test::fired(test::check(bare_to("sato@osaka.wakaba.co.jp").attach("見積書_若葉物産様.xlsx"), kCustomers),
                          "attachment.mismatch"));
}

TEST_CASE("a known customer's name without a legal form or honorific in the file name is recognised") {
  const Verdict v = test::check(bare_to("info@acme.example").attach("見積書_みなと物産_2026.xlsx"), kCustomers);
  REQUIRE(test::fired(v, "attachment.mismatch"));
  // Inside a longer piece too, for a Japanese name of three characters or more.
  CHECK(test::fired(test::check(bare_to("info@acme.example").attach("みなと物産向け見積書.xlsx"), kCustomers),
                    "attachment.mismatch"));
  // An unknown plain word is not a name.
  CHECK_FALSE(test::fired(test::check(bare_to("info@acme.example").attach("見積書_新製品_2026.xlsx"), kCustomers),
                          "attachment.mismatch"));
  // An ASCII customer name only as a whole piece: "acmeish" is not Acme.
  CHECK(test::fired(test::check(bare_to("info@wakaba.co.jp").attach("Quote_Acme.pdf"), kCustomers),
                    "attachment.mismatch"));
  CHECK_FALSE(test::fired(test::check(bare_to("info@wakaba.co.jp").attach("Quote_acmeish.pdf"), kCustomers),
                          "attachment.mismatch"));
}

TEST_CASE("a known company on its own line at the top of a document is its addressee") {
  const std::string quote = "御見積書\n\n株式会社みなと物産\n営業部\n\n下記のとおりお見積り申し上げます。\n";
  CHECK(test::fired(test::check(bare_to("info@acme.example").attach("見積書.txt", quote), kCustomers),
                    "attachment.mismatch"));
  CHECK_FALSE(test::fired(test::check(bare_to("info@minato-bussan.example").attach("見積書.txt", quote), kCustomers),
                          "attachment.mismatch"));
}

TEST_CASE("the customer list never makes the sender's own company foreign") {
  constexpr std::string_view kOwnListed = R"({"organization": {"internal_domains": ["ibuki.example"]},
    "lists": {"customers": ["株式会社いぶき製作所 = ibuki.example"]}})";
  CHECK_FALSE(test::fired(test::check(DraftBuilder()
                                          .from("丸山 悠人 <maruyama@ibuki.example>")
                                          .to({"info@acme.example"})
                                          .body("資料を添付します。\n")
                                          .attach("会社案内_いぶき製作所.pdf"),
                                      kOwnListed),
                          "attachment.mismatch"));
}

TEST_CASE("customer entries are validated with their JSON path") {
  ProfileLoad load =
      load_profile(default_parameter_table(),
                   R"({"lists": {"customers": ["アルファ", "株式会社ベータ = bad..domain", "ア = a.example",
                                                              "株式会社ガンマ = gamma.example, ガンマ.example"]}})");
  REQUIRE(load.profile == nullptr);
  REQUIRE(load.problems.size() == 3);
  CHECK(load.problems[0].path == "/lists/customers/0");
  CHECK(load.problems[1].path == "/lists/customers/1");
  CHECK(load.problems[2].path == "/lists/customers/2");
  const auto ok = test::profile(R"({"lists": {"customers": ["株式会社ガンマ = gamma.example, ガンマ.example"]}})");
  REQUIRE(ok->customers().entries().size() == 1);
  CHECK(ok->customers().entries()[0].key == "ガンマ");
  CHECK(ok->customers().entries()[0].domains == std::vector<std::string>{"gamma.example", "xn--mck6eqc.example"});
}

TEST_CASE("the organisation a salutation addresses is kept with the verdict when the recipients are at one domain") {
  const auto addressed = [](const DraftBuilder& d) { return test::check(d).addressed_organisation; };
  const auto to = [](std::initializer_list<std::string> rs, std::string body) {
    return DraftBuilder().to(rs).body(std::move(body));
  };
  const auto one =
      addressed(to({"sato@alpha.example", "ito@alpha.example"}, "株式会社アルファ\n営業部 佐藤様\n\n本文\n"));
  REQUIRE(one.has_value());
  CHECK(one->name == "株式会社アルファ");
  CHECK(one->domain == "alpha.example");
  // Two domains, no organisation in the salutation, or two organisations: nothing to learn.
  CHECK_FALSE(
      addressed(to({"sato@alpha.example", "x@beta.example"}, "株式会社アルファ\n佐藤様\n\n本文\n")).has_value());
  CHECK_FALSE(addressed(to({"sato@alpha.example"}, "佐藤様\n\n本文\n")).has_value());
  CHECK_FALSE(
      addressed(to({"sato@alpha.example"}, "株式会社アルファ 御中\n株式会社ベータ 御中\n\n本文\n")).has_value());
}

TEST_CASE("a reply's quoted signature says who the recipients are: another company's file fires, theirs does not") {
  const auto reply = [](std::string file) {
    return DraftBuilder()
        .to({"sato@alpha.example"})
        .body(
            "資料をお送りします。\n\n> お見積りをお願いします。\n>\n> 株式会社アルファ 営業部\n> 佐藤 花子\n"
            "> sato@alpha.example\n")
        .attach(std::move(file));
  };
  const Verdict v = test::check(reply("見積書_株式会社みなと物産御中.pdf"));
  const Finding* f = test::find(v, "attachment.mismatch");
  REQUIRE(f != nullptr);
  CHECK(f->message.ja.find("株式会社アルファ") != std::string::npos);
  CHECK_FALSE(fires(reply("見積書_株式会社アルファ御中.pdf")));
}

TEST_CASE("what a mail shows of where organisations are: salutation and signatures, not internal or free-mail ones") {
  const Verdict v =
      test::check(DraftBuilder()
                      .to({"sato@alpha.example"})
                      .body("株式会社アルファ\n佐藤様\n\n本文\n\n--\n株式会社いぶき製作所\nyamada@corp.example\n\n"
                            "> 株式会社ガンマ\n> g@gamma.example\n>\n> ベータ株式会社\n> someone@gmail.com\n"),
                  R"({"organization": {"internal_domains": ["corp.example"]}})");
  std::vector<std::string> seen;
  for (const AddressedOrganisation& o : v.organisations_seen) seen.push_back(o.name + "@" + o.domain);
  CHECK(seen == std::vector<std::string>{"株式会社アルファ@alpha.example", "株式会社ガンマ@gamma.example"});
}
