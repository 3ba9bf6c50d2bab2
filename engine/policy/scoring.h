// Turns findings into a score and an action: weights, group caps, thresholds, forced actions.
#pragma once

#include <vector>

#include "core/verdict.h"
#include "policy/profile.h"

namespace sg {

struct Score {
  double total = 0;
  Action action = Action::allow;
};

// Sets each finding's score from its weight (times the rule's scale), drops findings whose
// weight is 0, caps each group's sum, and maps the total onto the thresholds. A finding whose
// spec forces an action (a block-list hit) raises the action to at least that.
[[nodiscard]] Score score_findings(std::vector<Finding>& findings, const Profile& profile);

}  // namespace sg
