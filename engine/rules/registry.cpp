// Every rule in the order they run, and the parameter table they contribute to.
#include "rules/catalog.h"

namespace sg {

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {
      rules::recipient_blocked(),     rules::recipient_watch(),        rules::recipient_external(),
      rules::recipient_freemail(),    rules::recipient_mass_visible(), rules::recipient_reply_drift(),
      rules::attachment_risky_type(), rules::attachment_unencrypted(), rules::attachment_forgotten(),
      rules::content_keyword(),
  };
  return rules;
}

// Finding ids of api.md whose rules arrive with later issues (history: 5, content: 6). They are
// declared now so a profile may already set their weights; no rule raises them yet.
const std::vector<FindingSpec>& planned_findings() {
  static const std::vector<FindingSpec> planned = {
      {"recipient.first_time", "recipient", Severity::warning, 3.0,
       Text{"この宛先に送るのは初めて", "The sender has never written to this address"}, std::nullopt},
      {"recipient.first_time_domain", "recipient", Severity::warning, 2.0,
       Text{"このドメインに送るのは初めて", "The sender has never written to anyone at this domain"}, std::nullopt},
      {"recipient.lookalike_domain", "recipient", Severity::danger, 9.0,
       Text{"既知のドメインに似ているが異なるドメイン", "The domain resembles a known domain but is not it"},
       std::nullopt},
      {"recipient.same_name", "recipient", Severity::danger, 7.0,
       Text{"既知の連絡先と同じ名前で別のアドレス", "The display name belongs to a known contact at another address"},
       std::nullopt},
      {"recipient.outlier", "recipient", Severity::warning, 5.0,
       Text{"ほかの宛先と一緒に送ったことがほとんどない宛先", "The recipient rarely or never appears with the others"},
       std::nullopt},
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
