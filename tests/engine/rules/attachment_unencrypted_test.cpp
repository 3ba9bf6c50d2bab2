// attachment.unencrypted: readable attachments going outside; encrypted ones recognised by content.
#include <doctest/doctest.h>

#include "draft_builder.h"

using namespace sg;
using sg::test::DraftBuilder;

namespace {
const std::string kPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const std::string kEncryptedPdf =
    "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF\n";
}  // namespace

TEST_CASE("an unencrypted document to an outside contact is flagged with an encrypt suggestion") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"吉川 <y.yoshikawa@kanko.test>"})
                                    .body("納品書を添付いたします。")
                                    .attach("納品書_20261104.pdf", kPdf));
  const Finding* f = test::find(v, "attachment.unencrypted");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::warning);
  CHECK(f->group == "attachment");
  CHECK(test::target_names(*f) == std::vector<std::string>{"納品書_20261104.pdf"});
  REQUIRE(f->suggestion.has_value());
  CHECK(f->suggestion->kind == Suggestion::Kind::encrypt_attachments);
  CHECK(f->suggestion->names == std::vector<std::string>{"納品書_20261104.pdf"});
  const ValueList* listed = test::evidence_list(f->evidence, "attachments");
  REQUIRE(listed != nullptr);
  CHECK(*test::evidence_string(listed->front(), "protection") == "none");
  REQUIRE(v.attachments.size() == 1);
  CHECK(v.attachments[0].encrypt_recommended);
  CHECK(v.attachments[0].findings == std::vector<std::string>{"attachment.unencrypted"});
}

TEST_CASE("attachments in a purely internal mail raise nothing") {
  const Verdict v = test::check(DraftBuilder().to({"colleague@corp.example"}).attach("report.pdf", kPdf));
  CHECK_FALSE(test::fired(v, "attachment.unencrypted"));
}

TEST_CASE("an external Bcc recipient is enough to count as going outside") {
  const Verdict v =
      test::check(DraftBuilder().to({"colleague@corp.example"}).bcc({"x@customer.example"}).attach("a.pdf", kPdf));
  CHECK(test::fired(v, "attachment.unencrypted"));
}

TEST_CASE("AES and ZipCrypto ZIPs and encrypted PDFs count as encrypted") {
  const std::string aes = test::zip_of({{"仕様書.docx", 1, 99}});
  const std::string zipcrypto = test::zip_of({{"list.csv", 1, 8}});
  const Verdict v = test::check(DraftBuilder()
                                    .to({"client@customer.example"})
                                    .attach("仕様書.zip", aes)
                                    .attach("list.zip", zipcrypto)
                                    .attach("contract.pdf", kEncryptedPdf));
  CHECK_FALSE(test::fired(v, "attachment.unencrypted"));
  for (const AttachmentView& a : v.attachments) CHECK(a.encrypted);
}

TEST_CASE("only the readable attachments of a mixed set are listed") {
  const Verdict v = test::check(DraftBuilder()
                                    .to({"client@customer.example"})
                                    .attach("secret.zip", test::zip_of({{"a.xlsx", 1, 99}}))
                                    .attach("plain.zip", test::zip_of({{"b.xlsx", 0, 8}}))
                                    .attach("memo.pdf", kPdf));
  const Finding* f = test::find(v, "attachment.unencrypted");
  REQUIRE(f != nullptr);
  CHECK(test::target_names(*f) == std::vector<std::string>{"plain.zip", "memo.pdf"});
}

TEST_CASE("an attachment sent without content is flagged and says its content was not available") {
  const Verdict v =
      test::check(DraftBuilder().to({"client@customer.example"}).attach("見積書.xlsx").locale(Locale::en));
  const Finding* f = test::find(v, "attachment.unencrypted");
  REQUIRE(f != nullptr);
  const ValueList* listed = test::evidence_list(f->evidence, "attachments");
  REQUIRE(listed != nullptr);
  CHECK(*test::evidence_string(listed->front(), "protection") == "unknown");
  const Value* available = listed->front().find("content_available");
  REQUIRE(available != nullptr);
  CHECK(std::get<bool>(available->storage()) == false);
  CHECK(f->message.en.find("no content was sent") != std::string::npos);
}

TEST_CASE("a mail without attachments raises nothing") {
  CHECK_FALSE(
      test::fired(test::check(DraftBuilder().to({"client@customer.example"}).body("x")), "attachment.unencrypted"));
}

TEST_CASE("turning off the encryption recommendation turns the finding off too") {
  const Verdict v = test::check(DraftBuilder().to({"client@customer.example"}).attach("a.pdf", kPdf),
                                R"({"encryption": {"recommend_for_external": false}})");
  CHECK_FALSE(test::fired(v, "attachment.unencrypted"));
  CHECK_FALSE(v.attachments[0].encrypt_recommended);
}
