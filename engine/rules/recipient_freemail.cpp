// recipient.freemail: a personal or free-mail address (gmail.com, yahoo.co.jp, ...) receives
// business mail. Bcc counts: a Bcc'd free-mail recipient still receives the mail.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "rules/catalog.h"
#include "rules/finding_text.h"

namespace sg::rules {

namespace {

const FindingSpec kFreemail{"recipient.freemail",
                            "recipient",
                            Severity::warning,
                            3.0,
                            Text{"個人・フリーメールのアドレスに業務メールを送ろうとしている",
                                 "A personal or free-mail address receives business mail"},
                            std::nullopt};

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  std::vector<const RecipientFact*> hits;
  std::unordered_set<std::string> keys;
  for (const RecipientFact& r : ctx.facts.recipients) {
    // An internal recipient is never "personal", even if the organisation runs on a free-mail domain.
    if (!r.freemail || r.internal) continue;
    if (!keys.insert(r.address->key()).second) continue;
    hits.push_back(&r);
  }
  if (hits.empty()) return;
  std::vector<std::string> addresses;
  ValueList listed;
  ValueList domains;
  for (const RecipientFact* r : hits) {
    addresses.push_back(r->address->address());
    listed.push_back(
        Value::object().set("address", r->address->address()).set("field", std::string(field_name(r->field))));
    if (std::none_of(domains.begin(), domains.end(),
                     [&](const Value& d) { return std::get<std::string>(d.storage()) == r->address->domain_ascii; })) {
      domains.emplace_back(r->address->domain_ascii);
    }
  }
  const Text who = listed_names(addresses);
  Finding f = make_finding(
      kFreemail,
      Text{fmt::format("{} は個人・フリーメールのアドレスです。業務メールを送ってよい宛先か確認してください", who.ja),
           fmt::format(
               "{} {}; check that business mail may go there", who.en,
               hits.size() == 1 ? "is a personal or free-mail address" : "are personal or free-mail addresses")});
  for (const RecipientFact* r : hits) f.targets.push_back(Target::recipient(*r->address));
  f.evidence.set("recipients", std::move(listed)).set("domains", std::move(domains));
  out.push_back(std::move(f));
}

}  // namespace

Rule recipient_freemail() {
  return Rule{"recipient_freemail", {kFreemail}, {}, run};
}

}  // namespace sg::rules
