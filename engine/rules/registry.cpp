// Every rule in the order they run, and the parameter table they contribute to.
#include "rules/catalog.h"

namespace sg {

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {
      rules::recipient_blocked(),
      rules::recipient_watch(),
      rules::recipient_external(),
      rules::recipient_freemail(),
      rules::recipient_mass_visible(),
      rules::recipient_reply_drift(),
      rules::recipient_lookalike_domain(),
      rules::recipient_same_name(),
      rules::recipient_first_time(),
      rules::recipient_outlier(),
      rules::attachment_risky_type(),
      rules::attachment_unencrypted(),
      rules::attachment_forgotten(),
      rules::attachment_unreadable(),
      rules::attachment_mismatch(),
      rules::content_keyword(),
      rules::content_pii(),
      rules::content_greeting_mismatch(),
  };
  return rules;
}

// Finding ids of api.md whose rules arrive with a later issue, declared early so a profile may
// already set their weights. Every id of api.md has its rule now.
const std::vector<FindingSpec>& planned_findings() {
  static const std::vector<FindingSpec> planned;
  return planned;
}

std::shared_ptr<const ParameterTable> default_parameter_table() {
  static const std::shared_ptr<const ParameterTable> table = [] {
    std::vector<FindingSpec> findings;
    std::vector<Parameter> options;
    for (const FindingSpec& f : planned_findings()) findings.push_back(f);
    for (const Rule& r : all_rules()) {
      findings.insert(findings.end(), r.findings.begin(), r.findings.end());
      options.insert(options.end(), r.options.begin(), r.options.end());
    }
    return std::make_shared<const ParameterTable>(findings, std::move(options));
  }();
  return table;
}

}  // namespace sg
