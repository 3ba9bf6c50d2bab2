// recipient.outlier: the recipients usually written to together, plus one the sender knows but
// has (almost) never put on a mail with any of the external ones: the leak-detection idea of
// Carvalho and Cohen (SDM 2007) and Gmail's "Got the wrong Bob?". Judged on co-occurrence counts.
#include <fmt/format.h>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "rules/history_context.h"

namespace sg::rules {

namespace {

const FindingSpec kOutlier{
    "recipient.outlier",
    "recipient",
    Severity::warning,
    5.0,
    Text{"ほかの宛先と一緒に送ったことがほとんどない宛先", "The recipient rarely or never appears with the others"},
    std::nullopt};

constexpr std::string_view kMinGroupPair = "/rules/recipient.outlier/min_group_messages";
// "Rarely": a well-known contact (at least kRareBase messages) who was with the others on at most
// kRareShare of them, and never more than once with any one of them.
constexpr std::int64_t kRareBase = 10;
constexpr double kRareShare = 0.05;

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!history_ready(ctx, kOutlier.id)) return;
  // Co-occurrence was looked up for this many recipients only; beyond it the rule cannot judge.
  if (ctx.history->recipients.size() > kMaxPairLookupRecipients) return;
  const std::vector<HistoryRecipient> all = history_recipients(ctx, true);
  if (all.size() < 3) return;  // one candidate and at least two others who belong together
  const std::int64_t min_group = ctx.profile.integer(kMinGroupPair);
  // Pair counts looked up once: the loops below read each pair for every candidate.
  const std::size_t n_all = all.size();
  std::vector<std::int64_t> together(n_all * n_all, 0);
  for (std::size_t a = 0; a < n_all; ++a) {
    for (std::size_t b = a + 1; b < n_all; ++b) {
      together[a * n_all + b] = together[b * n_all + a] = ctx.history->pair(all[a].key, all[b].key);
    }
  }
  const auto pair = [&](std::size_t a, std::size_t b) { return together[a * n_all + b]; };
  for (std::size_t i = 0; i < all.size(); ++i) {
    const HistoryRecipient& r = all[i];
    if (r.fact->internal || r.history->count == 0) continue;  // unknown ones are first_time's
    std::int64_t links = 0;
    std::int64_t strongest_link = 0;
    bool shares_domain = false;
    for (std::size_t j = 0; j < all.size(); ++j) {
      if (j == i) continue;
      shares_domain = shares_domain || all[j].fact->address->domain_ascii == r.fact->address->domain_ascii;
      // Internal colleagues are copied on mail to many groups: being with one says little about
      // belonging with the external recipients.
      if (all[j].fact->internal) continue;
      const std::int64_t n = pair(i, j);
      links += n;
      strongest_link = std::max(strongest_link, n);
    }
    const bool never = links == 0;
    const bool rarely = r.history->count >= kRareBase && strongest_link <= 1 &&
                        static_cast<double>(links) <= kRareShare * static_cast<double>(r.history->count);
    if (shares_domain || !(never || rarely)) continue;
    // The others must belong together: some pair of them was on min_group messages.
    std::int64_t group_strength = 0;
    bool group_has_external = false;
    std::vector<std::string> group;
    for (std::size_t a = 0; a < all.size(); ++a) {
      if (a == i) continue;
      bool in_group = false;
      for (std::size_t b = 0; b < all.size(); ++b) {
        if (b == i || b == a) continue;
        const std::int64_t n = pair(a, b);
        if (n >= min_group) in_group = true;
        group_strength = std::max(group_strength, n);
      }
      if (in_group) {
        group.push_back(all[a].fact->address->address());
        group_has_external = group_has_external || !all[a].fact->internal;
      }
    }
    // The others must include an external group: colleagues alone are not "the others".
    if (!group_has_external) continue;
    const Address& addr = *r.fact->address;
    const Text who = listed_names(group);
    Finding f = make_finding(
        kOutlier,
        never ? Text{fmt::format("{} "
                                 "は、ほかの宛先（{}"
                                 "）と同じメールで送ったことが一度もありません。この宛先で正しいか確認してください",
                                 addr.address(), who.ja),
                     fmt::format("{} has never been on a mail with the other recipients ({}); check that this "
                                 "recipient is meant",
                                 addr.address(), who.en)}
              : Text{fmt::format("{} がほかの宛先（{}）と同じメールに入ったのは {} 通中 {} "
                                 "通だけです。この宛先で正しいか確認してください",
                                 addr.address(), who.ja, r.history->count, links),
                     fmt::format("{} was on a mail with the other recipients ({}) only {} times out of {}; check "
                                 "that this recipient is meant",
                                 addr.address(), who.en, links, r.history->count)});
    f.targets.push_back(Target::recipient(addr));
    ValueList group_values;
    for (const std::string& g : group) group_values.emplace_back(g);
    f.evidence.set("address", addr.address())
        .set("messages_to_this_address", Value(r.history->count))
        .set("messages_with_the_others", Value(links))
        .set("group", std::move(group_values))
        .set("group_messages", Value(group_strength));
    Suggestion s;
    s.kind = Suggestion::Kind::remove_recipient;
    s.address = addr.address();
    f.suggestion = std::move(s);
    out.push_back(std::move(f));
  }
}

}  // namespace

Rule recipient_outlier() {
  return Rule{
      "recipient_outlier",
      {kOutlier},
      {min_history_option(kOutlier.id),
       rule_option(kOutlier.id, "min_group_messages", ParamType::integer, Value(2),
                   Text{"ほかの宛先どうしが一緒に送られた通数がこれ以上のときだけ判定する",
                        "Judge only when some of the other recipients were together on at least this many messages"},
                   1, 1000)},
      run};
}

}  // namespace sg::rules
