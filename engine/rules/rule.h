// What a rule is: a detector with finding ids, options and a run function. Rules only detect;
// the profile's weights, caps and thresholds decide what happens (rspamd's symbols and actions).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/draft.h"
#include "core/history_facts.h"
#include "core/verdict.h"
#include "extract/attachment_text.h"
#include "extract/protection.h"
#include "policy/parameters.h"
#include "policy/profile.h"
#include "text/message_parts.h"
#include "text/organisation.h"

namespace sg {

// One recipient of the draft with what every rule needs to know about it.
struct RecipientFact {
  const Address* address = nullptr;
  Field field = Field::to;
  std::size_t index = 0;  // position within its field
  bool internal = false;
  bool freemail = false;
};

struct AttachmentFact {
  const Attachment* attachment = nullptr;
  Protection protection = Protection::unknown;
  // Text read from the content (extract::extract_text, within its limits); nullopt when the
  // client sent no content or the file is encrypted (nothing can be read from it).
  std::optional<extract::Extracted> extracted;
};

// Facts derived once per check and shared by the rules.
struct DraftFacts {
  std::vector<RecipientFact> recipients;  // to, then cc, then bcc
  std::vector<AttachmentFact> attachments;
  std::string sender_domain;                   // A-label, "" without a sender
  std::vector<std::string> internal_patterns;  // effective internal domains
  std::string body_text;                       // the text scored: body.text, else text derived from html
  bool body_from_html = false;
  text::MessageParts body_parts;  // the sender's own lines vs quotes and signature
  // Companies in the text's signature blocks, own and quoted (text::organisations_in_signatures).
  std::vector<text::SignatureOrganisation> signature_organisations;
  bool has_external = false;

  [[nodiscard]] bool is_internal(std::string_view domain_ascii) const;
};

// `pdf` reads PDF text (in a helper process; extract/pdf_text.h); without it PDFs are not read.
[[nodiscard]] DraftFacts derive_facts(const Draft& draft, const Profile& profile,
                                      const extract::PdfExtractor* pdf = nullptr);

struct RuleContext {
  const Draft& draft;
  const Profile& profile;
  const DraftFacts& facts;
  Locale locale;
  // The sender's history for this draft's recipients; null when the caller has no history (the
  // history rules then stay quiet).
  const HistoryFacts* history = nullptr;
};

using RuleFn = void (*)(const RuleContext&, std::vector<Finding>&);

struct Rule {
  std::string_view name;              // the file it lives in, e.g. "recipient_external"
  std::vector<FindingSpec> findings;  // ids it may raise
  std::vector<Parameter> options;     // /rules/<id>/<option> entries of the parameter table
  RuleFn run = nullptr;
};

// Every rule, in the order they run.
[[nodiscard]] const std::vector<Rule>& all_rules();

// Finding ids whose rules come with later issues: in the parameter table, raised by no rule.
[[nodiscard]] const std::vector<FindingSpec>& planned_findings();

// The parameter table built from the core settings and every rule's findings and options.
[[nodiscard]] std::shared_ptr<const ParameterTable> default_parameter_table();

// A finding for `spec` with its id, group and severity filled in.
[[nodiscard]] Finding make_finding(const FindingSpec& spec, Text message);

// True when the profile's weight for the id is above 0 (rules skip work for disabled ids).
[[nodiscard]] bool enabled(const RuleContext& ctx, const FindingSpec& spec);

}  // namespace sg
