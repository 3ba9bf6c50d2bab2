// content.greeting_mismatch: the salutation names a person ("荒木様", "Dear Mr. Maeda") who is none
// of the recipients: the wrong recipient was picked, or the text was copied from another
// customer's mail. The person counts as a recipient in To, Cc or Bcc alike ("山田様" with 山田 in
// Cc is fine: the finding is about the named person not getting the mail at all; who sees whom
// is recipient.mass_visible's business). Organisations (御中, "株式会社朝凪観光\n松井様") and groups
// (各位, "Dear all") never fire; nor does a person when some recipient cannot be compared (no
// display name and an address like info@, or a kanji name against a Latin-only recipient).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "text/greeting.h"
#include "text/name_match.h"

namespace sg::rules {

namespace {

const FindingSpec kGreetingMismatch{
    "content.greeting_mismatch",
    "content",
    Severity::warning,
    6.0,
    Text{"本文の宛名が宛先のだれでもない", "The addressee named in the body is none of the recipients"},
    std::nullopt};

struct Mismatch {
  const text::Addressee* addressee = nullptr;
  std::string written;  // as written, honorific and title included: "荒木様", "Mr. Maeda"
};

// different when every recipient is someone else; the first recipient who is the person, or
// cannot be told apart from them, settles it (either way the rule stays quiet).
text::NameMatch against_recipients(const text::Addressee& a, const DraftFacts& facts) {
  for (const RecipientFact& r : facts.recipients) {
    const text::NameMatch m = text::match_person_name(a.name, r.address->name, r.address->local);
    if (m != text::NameMatch::different) return m;
  }
  return text::NameMatch::different;
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (ctx.facts.recipients.empty()) return;
  const std::string_view body = ctx.facts.body_text;
  const std::vector<text::Addressee> addressees = text::find_addressees(body, ctx.facts.body_parts);

  std::vector<Mismatch> mismatches;
  for (const text::Addressee& a : addressees) {
    if (a.kind != text::Addressee::Kind::person) continue;
    if (against_recipients(a, ctx.facts) != text::NameMatch::different) continue;
    mismatches.push_back({&a, code_point_slice(body, a.begin, a.end)});
  }
  if (mismatches.empty()) return;

  std::vector<std::string> quoted_ja;
  std::vector<std::string> written;
  ValueList listed;
  for (const Mismatch& m : mismatches) {
    quoted_ja.push_back(fmt::format("『{}』", m.written));
    written.push_back(m.written);
    listed.push_back(Value::object()
                         .set("addressee", m.written)
                         .set("name", m.addressee->name)
                         .set("start", m.addressee->begin)
                         .set("end", m.addressee->end));
  }
  ValueList checked;
  for (const RecipientFact& r : ctx.facts.recipients) checked.emplace_back(r.address->address());

  const bool one = mismatches.size() == 1;
  Text message{fmt::format("本文の宛名{}は宛先のだれでもありません。宛先と本文の宛名を確認してください",
                           fmt::join(quoted_ja, "")),
               one ? fmt::format("The mail is addressed to {} in the text, but {} is none of the recipients; check "
                                 "the recipients and the greeting",
                                 written.front(), mismatches.front().addressee->name)
                   : fmt::format("The mail is addressed to {} in the text, but none of them is a recipient; check "
                                 "the recipients and the greeting",
                                 listed_names(written).en)};
  Finding f = make_finding(kGreetingMismatch, std::move(message));
  for (const Mismatch& m : mismatches) {
    f.targets.push_back(Target::span(Target::Kind::body, m.addressee->begin, m.addressee->end, m.written));
  }
  f.evidence.set("addressees", std::move(listed)).set("recipients_checked", std::move(checked));
  out.push_back(std::move(f));
}

}  // namespace

Rule content_greeting_mismatch() {
  return Rule{"content_greeting_mismatch", {kGreetingMismatch}, {}, run};
}

}  // namespace sg::rules
