// recipient.external: a recipient outside the internal domains ("*." patterns for subdomains).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "rules/catalog.h"

namespace sg::rules {

namespace {

const FindingSpec kExternal{"recipient.external",
                            "recipient",
                            Severity::info,
                            1.0,
                            Text{"社内ドメイン以外の宛先が含まれる", "A recipient is outside the internal domains"},
                            std::nullopt};

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  std::vector<Target> targets;
  ValueList domains;
  std::unordered_set<std::string> seen;  // an address in both To and Cc is one recipient
  for (const RecipientFact& r : ctx.facts.recipients) {
    if (r.internal || !seen.insert(r.address->key()).second) continue;
    targets.push_back(Target::recipient(*r.address));
    const Value d(r.address->domain_ascii);
    if (std::none_of(domains.begin(), domains.end(),
                     [&](const Value& x) { return std::get<std::string>(x.storage()) == r.address->domain_ascii; })) {
      domains.push_back(d);
    }
  }
  if (targets.empty()) return;
  const std::size_t n = targets.size();
  Finding f = make_finding(
      kExternal, Text{fmt::format("社外の宛先が {} 件あります（{} ドメイン）", n, domains.size()),
                      fmt::format("{} recipient{} outside the organisation ({} domain{})", n, n == 1 ? " is" : "s are",
                                  domains.size(), domains.size() == 1 ? "" : "s")});
  f.targets = std::move(targets);
  f.evidence.set("count", n).set("domains", std::move(domains));
  ValueList internal;
  for (const std::string& p : ctx.facts.internal_patterns) internal.emplace_back(p);
  f.evidence.set("internal_domains", std::move(internal));
  out.push_back(std::move(f));
}

}  // namespace

Rule recipient_external() {
  return Rule{"recipient_external", {kExternal}, {}, run};
}

}  // namespace sg::rules
