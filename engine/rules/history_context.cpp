// What the history rules share (history_context.h).
#include "rules/history_context.h"

#include <fmt/format.h>

#include <chrono>
#include <set>

namespace sg::rules {

Parameter min_history_option(std::string_view finding_id) {
  return rule_option(finding_id, "min_history_messages", ParamType::integer, Value(1),
                     Text{"送信履歴がこの通数に満たない間は、この検出を出さない",
                          "Stay quiet until the sender's history holds at least this many messages"},
                     0, 1000000);
}

bool history_ready(const RuleContext& ctx, std::string_view finding_id) {
  if (ctx.history == nullptr) return false;
  const std::string pointer = fmt::format("/rules/{}/min_history_messages", finding_id);
  return ctx.history->messages > 0 && ctx.history->messages >= ctx.profile.integer(pointer);
}

std::vector<HistoryRecipient> history_recipients(const RuleContext& ctx, bool include_internal) {
  std::vector<HistoryRecipient> out;
  if (ctx.history == nullptr) return out;
  std::set<std::string> seen;
  for (const RecipientFact& r : ctx.facts.recipients) {
    if (r.internal && !include_internal) continue;
    std::string key = r.address->key();
    if (!seen.insert(key).second) continue;
    const RecipientHistory* h = ctx.history->find(key);
    if (h == nullptr) continue;
    out.push_back(HistoryRecipient{&r, std::move(key), h});
  }
  return out;
}

std::optional<text::LookalikeMatch> lookalike_of(const RuleContext& ctx, const HistoryRecipient& r) {
  if (ctx.history == nullptr || r.history->domain_count > 0 || r.fact->internal) return std::nullopt;
  // One list, so that a domain sharing its registrable domain with any known one is never a
  // look-alike of another (find_lookalike's exclusion works within the list it is given).
  std::vector<std::string> known;
  if (ctx.history->known_domains) known = *ctx.history->known_domains;
  for (const std::string& pattern : ctx.facts.internal_patterns) {
    known.push_back(pattern.starts_with("*.") ? pattern.substr(2) : pattern);
  }
  return text::find_lookalike(r.fact->address->domain_ascii, known);
}

Text message_count_text(std::int64_t count, std::int64_t last_used) {
  std::string date = "?";
  if (last_used > 0) {
    const std::chrono::year_month_day ymd{
        std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{std::chrono::seconds{last_used}})};
    date = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
  }
  return Text{fmt::format("{} 通（最後は {}）", count, date),
              fmt::format("{} message{} (last {})", count, count == 1 ? "" : "s", date)};
}

}  // namespace sg::rules
