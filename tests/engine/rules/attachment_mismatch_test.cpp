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
