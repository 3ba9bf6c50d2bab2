// What the history rules share: whether the sender's history is there to judge by, each distinct
// recipient with what the history knows of it, and the look-alike check against known domains.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/history_facts.h"
#include "rules/rule.h"
#include "text/domain_similarity.h"

namespace sg::rules {

// A distinct external recipient with its history (one entry per Address::key(), first field wins).
struct HistoryRecipient {
  const RecipientFact* fact = nullptr;
  std::string key;
  const RecipientHistory* history = nullptr;  // never null when returned by history_recipients
};

// The option every history rule has: below this many learned messages the history says too little
// and the rule stays quiet (a new installation does not flag every recipient as new).
[[nodiscard]] Parameter min_history_option(std::string_view finding_id);
// True when the context carries a history with at least the finding's min_history_messages.
[[nodiscard]] bool history_ready(const RuleContext& ctx, std::string_view finding_id);

// Distinct recipients the history was asked about; internal ones only when include_internal.
[[nodiscard]] std::vector<HistoryRecipient> history_recipients(const RuleContext& ctx, bool include_internal);

// The known domain a recipient's domain imitates: the sender's history domains and the internal
// domains, when the recipient's domain is itself new to the sender.
[[nodiscard]] std::optional<text::LookalikeMatch> lookalike_of(const RuleContext& ctx, const HistoryRecipient& r);

// "3 通（最後は 2026-05-01）" / "3 messages (last 2026-05-01)".
[[nodiscard]] Text message_count_text(std::int64_t count, std::int64_t last_used);

}  // namespace sg::rules
