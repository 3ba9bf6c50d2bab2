// recipient.same_name: the recipient's display name, compared by text::person_name_key (width,
// spacing, honorifics, word order of Latin names), belongs to a known contact at another address
// while this address is new or rare: autocomplete picked the other 佐藤. The known address is
// offered as the replacement.
#include <fmt/format.h>

#include <set>

#include "rules/catalog.h"
#include "rules/history_context.h"

namespace sg::rules {

namespace {

const FindingSpec kSameName{
    "recipient.same_name",
    "recipient",
    Severity::danger,
    7.0,
    Text{"既知の連絡先と同じ名前で別のアドレス", "The display name belongs to a known contact at another address"},
    std::nullopt};

// A name used by more known addresses than this is shared (a role, a common name written alone):
// it says nothing about which address is meant.
constexpr std::size_t kMaxAddressesPerName = 3;
// This address is "rare" next to the known one when used at most this often, and the known one
// at least kDominance times as often.
constexpr std::int64_t kRareUses = 2;
constexpr std::int64_t kDominance = 5;

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!history_ready(ctx, kSameName.id)) return;
  for (const HistoryRecipient& r : history_recipients(ctx, false)) {
    const std::vector<KnownContact>& others = r.history->same_name;
    if (others.empty() || r.history->same_name_crowded) continue;
    std::set<std::string> distinct;
    for (const KnownContact& c : others) distinct.insert(c.address);
    if (distinct.size() > kMaxAddressesPerName) continue;
    // A draft that also names the known address is writing to both on purpose.
    const KnownContact& known = others.front();  // most used first
    if (ctx.history->find(known.address) != nullptr) continue;
    const std::int64_t uses = r.history->count;
    if (uses > 0 && !(uses <= kRareUses && known.count >= kDominance * uses)) continue;
    const Address& a = *r.fact->address;
    const bool same_domain = known.address.ends_with("@" + a.domain_ascii);
    Finding f = make_finding(
        kSameName,
        Text{fmt::format(
                 "「{}」さんには、これまで {} に送っています（{}）。{} は別のアドレスです。宛先を確認してください",
                 a.name, known.address, message_count_text(known.count, known.last_used).ja, a.address()),
             fmt::format("You have written to \"{}\" at {} ({}); {} is a different address. Check the recipient",
                         a.name, known.address, message_count_text(known.count, known.last_used).en, a.address())});
    f.targets.push_back(Target::recipient(a));
    f.evidence.set("address", a.address())
        .set("name", a.name)
        .set("known_address", known.address)
        .set("known_name", known.name)
        .set("known_messages", Value(known.count))
        .set("messages_to_this_address", Value(uses))
        .set("same_domain", same_domain);
    // The same organisation: perhaps a second address of the same person; weaker evidence.
    if (same_domain) f.scale = 0.5;
    Suggestion s;
    s.kind = Suggestion::Kind::replace_recipient;
    s.address = a.address();
    s.with = known.address;
    f.suggestion = std::move(s);
    out.push_back(std::move(f));
  }
}

}  // namespace

Rule recipient_same_name() {
  return Rule{"recipient_same_name", {kSameName}, {min_history_option(kSameName.id)}, run};
}

}  // namespace sg::rules
