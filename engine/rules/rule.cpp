// Facts shared by the rules, and the helpers every rule uses.
#include "rules/rule.h"

#include "core/address.h"
#include "text/html.h"

namespace sg {

bool DraftFacts::is_internal(std::string_view domain_ascii) const {
  for (const std::string& p : internal_patterns) {
    if (domain_matches(domain_ascii, p)) return true;
  }
  return false;
}

DraftFacts derive_facts(const Draft& draft, const Profile& profile, const extract::PdfExtractor* pdf) {
  DraftFacts f;
  if (draft.from) f.sender_domain = draft.from->domain_ascii;
  f.internal_patterns = profile.list("/organization/internal_domains");
  if (f.internal_patterns.empty() && !f.sender_domain.empty()) {
    f.internal_patterns.push_back(f.sender_domain);  // api.md: until configured, the sender's domain
  }
  const auto& freemail = profile.list("/lists/freemail_domains");
  for (Field field : {Field::to, Field::cc, Field::bcc}) {
    const auto& list = draft.field(field);
    for (std::size_t i = 0; i < list.size(); ++i) {
      RecipientFact r;
      r.address = &list[i];
      r.field = field;
      r.index = i;
      r.internal = f.is_internal(list[i].domain_ascii);
      for (const std::string& p : freemail) {
        if (domain_matches(list[i].domain_ascii, p)) r.freemail = true;
      }
      f.has_external = f.has_external || !r.internal;
      f.recipients.push_back(r);
    }
  }
  static const extract::PdfExtractor kNoPdf;
  for (const Attachment& a : draft.attachments) {
    AttachmentFact fact{&a, a.content ? detect_protection(*a.content) : Protection::unknown, std::nullopt};
    if (a.content && !is_encrypted(fact.protection)) {
      fact.extracted = extract::extract_text(a.name, a.content_type, *a.content, extract::ExtractLimits{},
                                             pdf != nullptr ? *pdf : kNoPdf);
    }
    f.attachments.push_back(std::move(fact));
  }
  if (draft.body.text) {
    f.body_text = *draft.body.text;
  } else if (draft.body.html) {
    f.body_text = text::html_to_text(*draft.body.html);
    f.body_from_html = true;
  }
  f.body_parts = text::split_message(f.body_text);
  f.signature_organisations = text::organisations_in_signatures(f.body_text);
  return f;
}

Finding make_finding(const FindingSpec& spec, Text message) {
  Finding f;
  f.id = std::string(spec.id);
  f.group = std::string(spec.group);
  f.severity = spec.severity;
  f.message = std::move(message);
  return f;
}

bool enabled(const RuleContext& ctx, const FindingSpec& spec) {
  return ctx.profile.weight(spec.id) > 0;
}

}  // namespace sg
