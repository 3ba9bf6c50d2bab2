// recipient.first_time and recipient.first_time_domain: the sender has never written to this
// address, or to anyone at its domain. Weak on purpose (new contacts are normal): the evidence says
// how well the domain is known, and a look-alike domain is left to recipient.lookalike_domain
// (which runs before this rule: its findings are already in `out`).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "rules/history_context.h"

namespace sg::rules {

namespace {

const FindingSpec kFirstTime{"recipient.first_time",
                             "recipient",
                             Severity::warning,
                             3.0,
                             Text{"この宛先に送るのは初めて", "The sender has never written to this address"},
                             std::nullopt};
const FindingSpec kFirstTimeDomain{
    "recipient.first_time_domain",
    "recipient",
    Severity::warning,
    2.0,
    Text{"このドメインに送るのは初めて", "The sender has never written to anyone at this domain"},
    std::nullopt};

constexpr std::string_view kIncludeInternal = "/rules/recipient.first_time/include_internal";

void first_time(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!enabled(ctx, kFirstTime) || !history_ready(ctx, kFirstTime.id)) return;
  std::vector<HistoryRecipient> hits;
  for (HistoryRecipient& r : history_recipients(ctx, ctx.profile.boolean(kIncludeInternal))) {
    // New address at a known domain; an unknown domain is first_time_domain's (or lookalike's).
    if (r.history->count == 0 && (r.history->domain_count > 0 || r.fact->internal)) hits.push_back(std::move(r));
  }
  if (hits.empty()) return;
  std::vector<std::string> addresses;
  ValueList listed;
  for (const HistoryRecipient& r : hits) {
    addresses.push_back(r.fact->address->address());
    listed.push_back(Value::object()
                         .set("address", r.fact->address->address())
                         .set("domain", r.fact->address->domain_ascii)
                         .set("domain_messages", Value(r.history->domain_count)));
  }
  const Text who = listed_names(addresses);
  const HistoryRecipient& first = hits.front();
  Finding f = make_finding(
      kFirstTime,
      hits.size() == 1
          ? Text{fmt::format("{} に送るのは初めてです（{} へはこれまで {} 通）。宛先が正しいか確認してください", who.ja,
                             first.fact->address->domain_ascii, first.history->domain_count),
                 fmt::format("You have never written to {} (to {} you have sent {} message{}); check the address",
                             who.en, first.fact->address->domain_ascii, first.history->domain_count,
                             first.history->domain_count == 1 ? "" : "s")}
          : Text{fmt::format("初めて送る宛先が {} 件あります（{}）。宛先が正しいか確認してください", hits.size(),
                             who.ja),
                 fmt::format("You have never written to {} of these recipients ({}); check the addresses", hits.size(),
                             who.en)});
  for (const HistoryRecipient& r : hits) f.targets.push_back(Target::recipient(*r.fact->address));
  f.evidence.set("recipients", std::move(listed)).set("history_messages", Value(ctx.history->messages));
  out.push_back(std::move(f));
}

void first_time_domain(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!enabled(ctx, kFirstTimeDomain) || !history_ready(ctx, kFirstTimeDomain.id)) return;
  std::vector<HistoryRecipient> hits;
  std::vector<std::string> domains;
  // Recipients that recipient.lookalike_domain (which runs before) already explains.
  std::set<std::string> lookalikes;
  for (const Finding& f : out) {
    if (f.id != "recipient.lookalike_domain") continue;
    for (const Target& t : f.targets) lookalikes.insert(t.address);
  }
  for (HistoryRecipient& r : history_recipients(ctx, false)) {
    if (r.history->domain_count > 0 || lookalikes.count(r.fact->address->address()) > 0) continue;
    const std::string& d = r.fact->address->domain_ascii;
    if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
    hits.push_back(std::move(r));
  }
  if (hits.empty()) return;
  const Text which = listed_names(domains);
  Finding f = make_finding(
      kFirstTimeDomain,
      Text{fmt::format("{} に送るのは初めてです。送り先の組織が正しいか確認してください", which.ja),
           fmt::format("You have never written to anyone at {}; check that this is the organisation you mean",
                       which.en)});
  ValueList listed;
  for (const HistoryRecipient& r : hits) {
    f.targets.push_back(Target::recipient(*r.fact->address));
    listed.push_back(
        Value::object().set("address", r.fact->address->address()).set("domain", r.fact->address->domain_ascii));
  }
  ValueList domain_values;
  for (const std::string& d : domains) domain_values.emplace_back(d);
  f.evidence.set("recipients", std::move(listed))
      .set("domains", std::move(domain_values))
      .set("history_messages", Value(ctx.history->messages))
      .set("known_domains",
           Value(static_cast<std::int64_t>(ctx.history->known_domains ? ctx.history->known_domains->size() : 0)));
  out.push_back(std::move(f));
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  first_time(ctx, out);
  first_time_domain(ctx, out);
}

}  // namespace

Rule recipient_first_time() {
  return Rule{"recipient_first_time",
              {kFirstTime, kFirstTimeDomain},
              {min_history_option(kFirstTime.id), min_history_option(kFirstTimeDomain.id),
               rule_option(kFirstTime.id, "include_internal", ParamType::boolean, Value(false),
                           Text{"社内の宛先も初めてなら知らせる",
                                "Also flag internal addresses written to for the first time"})},
              run};
}

}  // namespace sg::rules
