// recipient.blocked: a recipient address or domain on the helpdesk block list; blocks the send.
#include <fmt/format.h>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "rules/recipient_match.h"

namespace sg::rules {

namespace {

const FindingSpec kBlocked{
    "recipient.blocked",
    "recipient",
    Severity::danger,
    15.0,
    Text{"宛先のアドレスまたはドメインが送信禁止リストにある", "A recipient address or domain is on the block list"},
    Action::block};

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  const std::vector<ListHit> hits = recipients_on_list(ctx.facts, ctx.profile.list("/lists/blocked"));
  if (hits.empty()) return;
  const std::vector<std::string> addresses = addresses_of(hits);
  const Text who = listed_names(addresses);
  Finding f = list_finding(
      kBlocked, hits,
      hits.size() == 1
          ? Text{fmt::format("{} は送信禁止リスト（{}）に含まれているため送信できません。宛先から外してください",
                             addresses.front(), hits.front().entry),
                 fmt::format("{} is on the block list ({}) and may not receive mail; remove it from the recipients",
                             addresses.front(), hits.front().entry)}
          : Text{fmt::format("送信禁止リストに含まれる宛先が {} 件あります（{}）。宛先から外してください", hits.size(),
                             who.ja),
                 fmt::format("{} recipients are on the block list ({}); remove them from the recipients", hits.size(),
                             who.en)});
  // A one-click fix that removed only one of several blocked recipients would leave the mail
  // blocked, so the fix is offered only when there is exactly one.
  if (hits.size() == 1) {
    Suggestion s;
    s.kind = Suggestion::Kind::remove_recipient;
    s.address = addresses.front();
    f.suggestion = std::move(s);
  }
  out.push_back(std::move(f));
}

}  // namespace

Rule recipient_blocked() {
  return Rule{"recipient_blocked", {kBlocked}, {}, run};
}

}  // namespace sg::rules
