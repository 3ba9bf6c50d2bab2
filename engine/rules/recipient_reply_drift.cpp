// recipient.reply_drift: a reply or forward adds recipients from organisations that were not in
// the original thread (a customer Cc'd into another customer's thread by autocomplete).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "rules/recipient_match.h"

namespace sg::rules {

namespace {

const FindingSpec kReplyDrift{"recipient.reply_drift",
                              "recipient",
                              Severity::warning,
                              4.0,
                              Text{"返信・転送で元のスレッドになかった組織が宛先に加わった",
                                   "A reply or forward adds organisations that were not in the original thread"},
                              std::nullopt};

constexpr std::string_view kIncludeForward = "/rules/recipient.reply_drift/include_forward";

// Bounds on the work spent reading addresses out of quoted history.
constexpr std::size_t kMaxAtSigns = 1000;
constexpr std::size_t kMaxQuotedAddresses = 200;
constexpr std::size_t kMaxAddressBytes = 254;

std::vector<Parameter> options() {
  return {rule_option(kReplyDrift.id, "include_forward", ParamType::boolean, Value(true),
                      Text{"転送も対象にする（転送先の組織が元のスレッドにないとき検出する）",
                           "Check forwards too (fire when a forward goes to an organisation not in the thread)"})};
}

bool local_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("._%+-'").find(c) != std::string_view::npos;
}
bool domain_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// ASCII addresses quoted in the history ("On ..., Taro <t@a.example> wrote:", Outlook's
// "From:/To:/Cc:" blocks): everyone named there was part of the thread, even when the client
// left the author of the message replied to out of original_recipients.
std::vector<Address> quoted_addresses(std::string_view history) {
  std::vector<Address> out;
  std::size_t examined = 0;
  for (std::size_t at = history.find('@');
       at != std::string_view::npos && out.size() < kMaxQuotedAddresses && examined++ < kMaxAtSigns;
       at = history.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && at - b < kMaxAddressBytes && local_byte(history[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < history.size() && e - at < kMaxAddressBytes && domain_byte(history[e])) ++e;
    while (e > at + 1 && (history[e - 1] == '.' || history[e - 1] == '-')) --e;
    if (b == at || e == at + 1) continue;
    const std::string_view local = history.substr(b, at - b);
    const std::string_view domain = history.substr(at + 1, e - at - 1);
    if (domain.find('.') == std::string_view::npos) continue;
    auto a = make_address("", fmt::format("{}@{}", local, domain));
    if (a) out.push_back(std::move(*a));
  }
  return out;
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  const ComposeType type = ctx.draft.compose_type;
  const bool reply = type == ComposeType::reply || type == ComposeType::reply_all;
  const bool forward = type == ComposeType::forward && ctx.profile.boolean(kIncludeForward);
  // Without the original recipients there is nothing to compare with: say nothing.
  if ((!reply && !forward) || ctx.draft.original_recipients.empty()) return;

  std::unordered_set<std::string> thread;  // organisations of the thread
  ValueList thread_domains;
  const auto add_domain = [&](const std::string& domain) {
    if (std::none_of(thread_domains.begin(), thread_domains.end(),
                     [&](const Value& v) { return std::get<std::string>(v.storage()) == domain; })) {
      thread_domains.emplace_back(domain);
    }
  };
  for (const Address& a : ctx.draft.original_recipients) {
    thread.insert(organization_of(a, is_freemail(ctx.profile, a.domain_ascii)));
    add_domain(a.domain_ascii);
  }
  if (!ctx.facts.sender_domain.empty()) {
    thread.insert(registrable_domain(ctx.facts.sender_domain));
    add_domain(ctx.facts.sender_domain);
    if (ctx.draft.from) thread.insert(ctx.draft.from->key());
  }
  const std::string_view body = ctx.facts.body_text;
  const std::size_t quote_begin = std::min(ctx.facts.body_parts.quote_begin, body.size());
  for (const Address& a : quoted_addresses(body.substr(quote_begin))) {
    thread.insert(organization_of(a, is_freemail(ctx.profile, a.domain_ascii)));
  }

  std::vector<const RecipientFact*> added;
  std::vector<std::string> added_orgs;
  std::unordered_set<std::string> seen;
  for (const RecipientFact& r : ctx.facts.recipients) {
    if (r.internal || !seen.insert(r.address->key()).second) continue;
    std::string org = organization_of(*r.address, r.freemail);
    if (thread.contains(org)) continue;
    added.push_back(&r);
    if (std::find(added_orgs.begin(), added_orgs.end(), org) == added_orgs.end()) added_orgs.push_back(org);
  }
  if (added.empty()) return;

  std::vector<std::string> addresses;
  ValueList added_list;
  for (const RecipientFact* r : added) {
    addresses.push_back(r->address->address());
    added_list.push_back(Value::object()
                             .set("address", r->address->address())
                             .set("field", std::string(field_name(r->field)))
                             .set("organization", organization_of(*r->address, r->freemail)));
  }
  const Text who = listed_names(addresses);
  Finding f = make_finding(
      kReplyDrift,
      forward && !reply
          ? Text{fmt::format("転送先 {} は元のスレッドになかった組織の宛先です。転送してよいか確認してください",
                             who.ja),
                 fmt::format("This forward goes to {}, from an organisation that was not in the original thread; "
                             "check that it may see it",
                             who.en)}
          : Text{fmt::format("元のスレッドになかった組織の宛先 {} が追加されています。宛先が正しいか確認してください",
                             who.ja),
                 fmt::format("This reply adds {}, from an organisation that was not in the original thread; check "
                             "the recipients",
                             who.en)});
  for (const RecipientFact* r : added) f.targets.push_back(Target::recipient(*r->address));
  ValueList orgs;
  for (std::string& o : added_orgs) orgs.emplace_back(std::move(o));
  f.evidence.set("compose_type", std::string(compose_type_name(type)))
      .set("thread_domains", std::move(thread_domains))
      .set("new_organizations", std::move(orgs))
      .set("added", std::move(added_list));
  out.push_back(std::move(f));
}

}  // namespace

Rule recipient_reply_drift() {
  return Rule{"recipient_reply_drift", {kReplyDrift}, options(), run};
}

}  // namespace sg::rules
