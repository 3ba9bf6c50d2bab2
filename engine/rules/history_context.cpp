// What the history rules share (history_context.h).
#include "rules/history_context.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <set>

namespace sg::rules {

namespace {

// The look-alike index of the last known-domain list searched. The store hands out one shared
// list per sender until the history changes, so consecutive checks search one index; a new list
// borrows the old index's per-domain work (text::LookalikeIndex). Checks may run on several
// threads: the cache is guarded, and an index is immutable once built.
std::shared_ptr<const text::LookalikeIndex> history_index(
    const std::shared_ptr<const std::vector<std::string>>& domains) {
  static std::mutex mu;
  static std::weak_ptr<const std::vector<std::string>> cached_list;
  static std::shared_ptr<const text::LookalikeIndex> cached_index;
  std::lock_guard lock(mu);
  // An expired list never compares equal, even if a new list reuses its address.
  if (cached_index && cached_list.lock() == domains) return cached_index;
  cached_index = std::make_shared<const text::LookalikeIndex>(*domains, cached_index.get());
  cached_list = domains;
  return cached_index;
}

}  // namespace

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
  const std::string& domain = r.fact->address->domain_ascii;
  // A domain of the same organisation as a known one (same registrable domain) is never a
  // look-alike of another known domain. Checked here across both lists, which are then searched
  // apart so the cached history list is never copied.
  const std::string registrable = text::registrable_domain(domain);
  std::vector<std::string> internal;
  for (const std::string& pattern : ctx.facts.internal_patterns) {
    internal.push_back(pattern.starts_with("*.") ? pattern.substr(2) : pattern);
    if (!registrable.empty() && text::registrable_domain(internal.back()) == registrable) return std::nullopt;
  }
  std::optional<text::LookalikeMatch> best = text::find_lookalike(domain, internal);
  const auto& history = ctx.history->known_domains;
  if (!history || history->empty()) return best;
  const std::shared_ptr<const text::LookalikeIndex> index = history_index(history);
  if (!registrable.empty() && index->has_registrable(registrable)) return std::nullopt;
  if (auto other = index->find(domain)) {
    // find_lookalike's order: homoglyph, then swapped suffix, then typo; fewer edits first.
    const auto rank = [](const text::LookalikeMatch& m) {
      const int kind = m.kind == text::LookalikeKind::homoglyph        ? 0
                       : m.kind == text::LookalikeKind::swapped_suffix ? 1
                                                                       : 2;
      return std::make_pair(kind, m.distance);
    };
    if (!best || rank(*other) < rank(*best)) best = std::move(other);
  }
  return best;
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
