// Every rule in the order they run, and the parameter table they contribute to.
#include "rules/catalog.h"

namespace sg {

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {
      rules::recipient_blocked(),          rules::recipient_watch(),        rules::recipient_external(),
      rules::recipient_freemail(),         rules::recipient_mass_visible(), rules::recipient_reply_drift(),
      rules::recipient_lookalike_domain(), rules::recipient_same_name(),    rules::recipient_first_time(),
      rules::recipient_outlier(),          rules::attachment_risky_type(),  rules::attachment_unencrypted(),
      rules::attachment_forgotten(),       rules::content_keyword(),
  };
  return rules;
}

// Finding ids of api.md whose rules arrive with a later issue (content: 6). They are
// declared now so a profile may already set their weights; no rule raises them yet.
const std::vector<FindingSpec>& planned_findings() {
  static const std::vector<FindingSpec> planned = {
      {"attachment.mismatch", "attachment", Severity::danger, 8.0,
       Text{"添付ファイルが宛先以外の組織や人を指している",
            "An attachment names an organisation or person other than the recipients"},
       std::nullopt},
      {"content.pii", "content", Severity::warning, 6.0,
       Text{"本文または添付に個人情報", "Personal data in the body or attachments"}, std::nullopt},
      {"content.greeting_mismatch", "content", Severity::warning, 6.0,
       Text{"本文の宛名が宛先のだれでもない", "The addressee named in the body is none of the recipients"},
       std::nullopt},
  };
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
