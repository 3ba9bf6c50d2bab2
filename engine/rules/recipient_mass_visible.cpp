// recipient.mass_visible: many external recipients, or many organisations, can see each other's
// addresses in To/Cc (a mass mail that belonged in Bcc).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "rules/catalog.h"
#include "rules/recipient_match.h"

namespace sg::rules {

namespace {

const FindingSpec kMassVisible{"recipient.mass_visible",
                               "recipient",
                               Severity::danger,
                               10.0,
                               Text{"多数の社外の宛先・組織が To/Cc で互いのアドレスを見られる",
                                    "Many external recipients or organisations can see each other in To/Cc"},
                               std::nullopt};

constexpr std::string_view kMinExternal = "/rules/recipient.mass_visible/min_external_recipients";
constexpr std::string_view kMinDomains = "/rules/recipient.mass_visible/min_domains";

std::vector<Parameter> options() {
  return {
      rule_option(kMassVisible.id, "min_external_recipients", ParamType::integer, Value(10),
                  Text{"To/Cc の社外の宛先がこの数以上で、2 つ以上の組織にまたがるとき検出する",
                       "Fire when at least this many external recipients in To/Cc span two or more organisations"},
                  2, 10000),
      rule_option(kMassVisible.id, "min_domains", ParamType::integer, Value(5),
                  Text{"To/Cc の社外の組織（登録ドメイン。フリーメールは 1 アドレスで 1 組織）がこの数以上で検出する",
                       "Fire when To/Cc hold at least this many external organisations (registrable domains; "
                       "each free-mail address is an organisation of its own)"},
                  2, 1000),
  };
}

bool is_reply(ComposeType t) {
  return t == ComposeType::reply || t == ComposeType::reply_all;
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  std::vector<const RecipientFact*> visible;  // external, in To/Cc, each address once
  std::unordered_set<std::string> keys;
  std::unordered_set<std::string> organizations;
  bool in_to = false;
  bool in_cc = false;
  for (const RecipientFact& r : ctx.facts.recipients) {
    if (r.internal || r.field == Field::bcc) continue;
    if (!keys.insert(r.address->key()).second) continue;
    visible.push_back(&r);
    in_to = in_to || r.field == Field::to;
    in_cc = in_cc || r.field == Field::cc;
    organizations.insert(organization_of(*r.address, r.freemail));
  }
  const auto min_external = static_cast<std::size_t>(ctx.profile.integer(kMinExternal));
  const auto min_domains = static_cast<std::size_t>(ctx.profile.integer(kMinDomains));
  const bool many_organizations = organizations.size() >= min_domains;
  // Ten colleagues at one customer seeing each other is normal; across organisations it is a leak.
  const bool many_people = visible.size() >= min_external && organizations.size() >= 2;
  if (!many_organizations && !many_people) return;

  // Replying to a thread whose participants already saw each other exposes no one new.
  if (is_reply(ctx.draft.compose_type) && !ctx.draft.original_recipients.empty()) {
    std::unordered_set<std::string> thread;
    for (const Address& a : ctx.draft.original_recipients) thread.insert(a.key());
    const bool all_known = std::all_of(visible.begin(), visible.end(),
                                       [&](const RecipientFact* r) { return thread.contains(r->address->key()); });
    if (all_known) return;
  }

  Finding f = make_finding(
      kMassVisible,
      Text{fmt::format("社外の宛先 {} 件（{} 組織）が To/Cc で互いのアドレスを見られます。Bcc に移してください",
                       visible.size(), organizations.size()),
           fmt::format("{} external recipients from {} organisations can see each other's addresses in To/Cc; "
                       "move them to Bcc",
                       visible.size(), organizations.size())});
  Suggestion s;
  s.kind = Suggestion::Kind::move_to_bcc;
  for (const RecipientFact* r : visible) {
    f.targets.push_back(Target::recipient(*r->address));
    s.addresses.push_back(r->address->address());
  }
  ValueList fields;
  if (in_to) fields.emplace_back("to");
  if (in_cc) fields.emplace_back("cc");
  f.evidence.set("visible_external", visible.size())
      .set("organizations", organizations.size())
      .set("fields", std::move(fields))
      .set("min_external_recipients", min_external)
      .set("min_domains", min_domains);
  f.suggestion = std::move(s);
  out.push_back(std::move(f));
}

}  // namespace

Rule recipient_mass_visible() {
  return Rule{"recipient_mass_visible", {kMassVisible}, options(), run};
}

}  // namespace sg::rules
