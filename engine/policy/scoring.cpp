// Turns findings into a score and an action: weights, group caps, thresholds, forced actions.
#include "policy/scoring.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace sg {

Score score_findings(std::vector<Finding>& findings, const Profile& profile) {
  Score result;
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  std::map<std::string, double, std::less<>> group_sum;
  Action forced = Action::allow;
  for (Finding& f : findings) {
    const double weight = profile.weight(f.id);
    if (weight <= 0) continue;  // weight 0 disables a finding
    f.score = std::round(weight * f.scale * 100.0) / 100.0;
    group_sum[f.group] += f.score;
    if (const FindingSpec* spec = profile.table().finding(f.id); spec != nullptr && spec->forces) {
      forced = std::max(forced, *spec->forces);
    }
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
  for (const auto& [group, sum] : group_sum) {
    const double cap = profile.group_cap(group);
    result.total += std::min(sum, cap);
  }
  result.total = std::round(result.total * 100.0) / 100.0;
  const Thresholds t = profile.thresholds();
  if (result.total >= t.block) {
    result.action = Action::block;
  } else if (result.total >= t.justify) {
    result.action = Action::justify;
  } else if (result.total >= t.confirm) {
    result.action = Action::confirm;
  }
  result.action = std::max(result.action, forced);
  return result;
}

}  // namespace sg
