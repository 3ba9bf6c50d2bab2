// recipient.watch: a recipient address or domain on the helpdesk watch list; the sender reconfirms.
#include <fmt/format.h>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "rules/recipient_match.h"

namespace sg::rules {

namespace {

const FindingSpec kWatch{
    "recipient.watch",
    "recipient",
    Severity::warning,
    4.0,
    Text{"宛先のアドレスまたはドメインが要確認リストにある", "A recipient address or domain is on the watch list"},
    std::nullopt};

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  const std::vector<ListHit> hits = recipients_on_list(ctx.facts, ctx.profile.list("/lists/watch"));
  if (hits.empty()) return;
  const std::vector<std::string> addresses = addresses_of(hits);
  const Text who = listed_names(addresses);
  Finding f = list_finding(
      kWatch, hits,
      hits.size() == 1
          ? Text{fmt::format("{} は要確認リスト（{}）に含まれています。この宛先で正しいか再確認してください",
                             addresses.front(), hits.front().entry),
                 fmt::format("{} is on the watch list ({}); reconfirm that this recipient is right", addresses.front(),
                             hits.front().entry)}
          : Text{fmt::format("要確認リストに含まれる宛先が {} 件あります（{}）。宛先が正しいか再確認してください",
                             hits.size(), who.ja),
                 fmt::format("{} recipients are on the watch list ({}); reconfirm that they are right", hits.size(),
                             who.en)});
  out.push_back(std::move(f));
}

}  // namespace

Rule recipient_watch() {
  return Rule{"recipient_watch", {kWatch}, {}, run};
}

}  // namespace sg::rules
