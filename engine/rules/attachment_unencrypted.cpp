// attachment.unencrypted: an attachment that is not encrypted goes to a recipient outside the
// organisation (encrypted ZIPs, PDFs and Office files are recognised from their bytes).
#include <fmt/format.h>

#include "rules/catalog.h"
#include "rules/finding_text.h"

namespace sg::rules {

namespace {

const FindingSpec kUnencrypted{"attachment.unencrypted",
                               "attachment",
                               Severity::warning,
                               3.0,
                               Text{"暗号化されていない添付ファイルを社外に送ろうとしている",
                                    "An unencrypted attachment goes outside the organisation"},
                               std::nullopt};

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!ctx.facts.has_external) return;
  // The helpdesk can turn the recommendation off; the dialog's encrypt toggle follows the same switch.
  if (!ctx.profile.boolean("/encryption/recommend_for_external")) return;
  std::vector<std::string> names;
  ValueList listed;
  bool content_missing = false;
  for (const AttachmentFact& a : ctx.facts.attachments) {
    if (is_encrypted(a.protection)) continue;
    names.push_back(a.attachment->name);
    const bool available = a.protection != Protection::unknown;
    content_missing = content_missing || !available;
    listed.push_back(Value::object()
                         .set("name", a.attachment->name)
                         .set("protection", std::string(protection_name(a.protection)))
                         .set("content_available", available));
  }
  if (names.empty()) return;
  const Text what = listed_names(names);
  Finding f = make_finding(
      kUnencrypted,
      Text{fmt::format("暗号化されていない添付ファイル（{}）を社外に送ろうとしています。暗号化を検討してください{}",
                       what.ja,
                       content_missing ? "（内容が送られていないため暗号化の有無を確認できないものを含みます）" : ""),
           fmt::format("{} {} not encrypted and {} outside the organisation; consider encrypting{}", what.en,
                       names.size() == 1 ? "is" : "are", names.size() == 1 ? "goes" : "go",
                       content_missing ? " (for some, no content was sent, so encryption could not be checked)" : "")});
  Suggestion s;
  s.kind = Suggestion::Kind::encrypt_attachments;
  for (const std::string& n : names) {
    f.targets.push_back(Target::attachment(n));
    s.names.push_back(n);
  }
  f.evidence.set("attachments", std::move(listed));
  f.suggestion = std::move(s);
  out.push_back(std::move(f));
}

}  // namespace

Rule attachment_unencrypted() {
  return Rule{"attachment_unencrypted", {kUnencrypted}, {}, run};
}

}  // namespace sg::rules
