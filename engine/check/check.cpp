// engine::check: draft in, verdict out.
#include "check/check.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <future>
#include <iterator>
#include <random>
#include <system_error>
#include <unordered_map>

#include "policy/scoring.h"
#include "rules/rule.h"
#include "text/greeting.h"
#include "text/organisation.h"

namespace sg {

namespace {

// From this much attachment text on, the personal-data scan gets a thread of its own (below it,
// starting a thread costs more than it saves).
constexpr std::size_t kParallelRuleTextBytes = std::size_t{1} << 20;

std::size_t extracted_text_bytes(const DraftFacts& facts) {
  std::size_t n = 0;
  for (const AttachmentFact& a : facts.attachments) {
    if (!a.extracted) continue;
    for (const extract::TextPart& p : a.extracted->parts) n += p.text.size();
  }
  return n;
}

void add_unique(std::vector<std::string>& ids, const std::string& id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

}  // namespace

Verdict check(const Draft& draft, const Profile& profile, const HistoryFacts* history,
              const extract::PdfExtractor* pdf) {
  const DraftFacts facts = derive_facts(draft, profile, pdf);
  Verdict v;
  v.locale = draft.locale.value_or(profile.locale());
  v.policy_version = profile.version();
  v.thresholds = profile.thresholds();
  v.client = client_settings(profile);
  const RuleContext ctx{draft, profile, facts, v.locale, history};
  const std::vector<Rule>& rules = all_rules();
  const auto run_rule = [&](const Rule& rule, std::vector<Finding>& out) {
    const bool any_enabled =
        std::any_of(rule.findings.begin(), rule.findings.end(), [&](const FindingSpec& s) { return enabled(ctx, s); });
    if (any_enabled && rule.run != nullptr) rule.run(ctx, out);
  };
  // With megabytes of attachment text, the personal-data scan runs on a second thread while the
  // other rules (keywords, greetings, mismatches) read the same text here. Its findings go where
  // they would have gone in rule order; no later rule reads them (a rule may read the findings of
  // the rules before it: recipient.first_time reads recipient.lookalike_domain's).
  const Rule* aside = nullptr;
  std::vector<Finding> aside_found;
  std::future<void> aside_done;
  if (extracted_text_bytes(facts) >= kParallelRuleTextBytes) {
    for (const Rule& rule : rules) {
      if (rule.name == "content_pii") aside = &rule;
    }
    if (aside != nullptr) {
      try {
        aside_done = std::async(std::launch::async, [&] { run_rule(*aside, aside_found); });
      } catch (const std::system_error&) {
        aside = nullptr;  // no thread to be had: it runs in turn below
      }
    }
  }
  std::size_t aside_at = 0;
  for (const Rule& rule : rules) {
    if (&rule == aside) {
      aside_at = v.findings.size();
    } else {
      run_rule(rule, v.findings);
    }
  }
  if (aside_done.valid()) {
    aside_done.get();
    v.findings.insert(v.findings.begin() + static_cast<std::ptrdiff_t>(aside_at),
                      std::make_move_iterator(aside_found.begin()), std::make_move_iterator(aside_found.end()));
  }
  {
    std::vector<std::string> external_to;
    for (const RecipientFact& r : facts.recipients) {
      if (r.field == Field::to && !r.internal) external_to.push_back(r.address->domain_ascii);
    }
    const std::vector<text::Addressee> addressees = text::find_addressees(facts.body_text, facts.body_parts);
    v.addressed_organisation = addressed_organisation(addressees, external_to);
    const auto& freemail_list = profile.list("/lists/freemail_domains");
    v.organisations_seen = organisations_seen(
        facts.signature_organisations, addressees, external_to,
        [&](std::string_view d) { return facts.is_internal(d); },
        [&](std::string_view d) {
          return std::any_of(freemail_list.begin(), freemail_list.end(),
                             [&](const std::string& p) { return domain_matches(d, p); });
        });
  }
  const Score s = score_findings(v.findings, profile);
  v.score = s.total;
  v.action = s.action;

  // Which finding ids name each recipient and attachment: one pass over the targets, so a
  // mail to thousands of recipients costs linear time.
  std::unordered_map<std::string, std::vector<std::string>> by_recipient;
  std::unordered_map<std::string, std::vector<std::string>> by_attachment;
  for (const Finding& f : v.findings) {
    for (const Target& t : f.targets) {
      if (t.kind == Target::Kind::recipient) add_unique(by_recipient[t.address], f.id);
      if (t.kind == Target::Kind::attachment) add_unique(by_attachment[t.name], f.id);
    }
  }
  const auto ids_for = [](auto& map, const std::string& key) {
    auto it = map.find(key);
    return it == map.end() ? std::vector<std::string>{} : it->second;
  };

  const bool recommend = profile.boolean("/encryption/recommend_for_external");
  v.recipients.reserve(facts.recipients.size());
  for (const RecipientFact& r : facts.recipients) {
    std::optional<bool> first_time;
    if (history != nullptr && history->messages > 0) {
      if (const RecipientHistory* h = history->find(r.address->key())) first_time = h->count == 0;
    }
    v.recipients.push_back(
        RecipientView{*r.address, r.field, r.internal, first_time, ids_for(by_recipient, r.address->address())});
  }
  v.attachments.reserve(facts.attachments.size());
  for (const AttachmentFact& a : facts.attachments) {
    const bool encrypted = is_encrypted(a.protection);
    v.attachments.push_back(AttachmentView{a.attachment->name, a.attachment->size, a.attachment->content_type,
                                           encrypted, recommend && facts.has_external && !encrypted,
                                           ids_for(by_attachment, a.attachment->name)});
  }
  return v;
}

std::optional<AddressedOrganisation> addressed_organisation(const std::vector<text::Addressee>& addressees,
                                                            const std::vector<std::string>& external_to_domains) {
  if (external_to_domains.empty()) return std::nullopt;
  const std::string& domain = external_to_domains.front();
  if (domain.empty()) return std::nullopt;
  for (const std::string& d : external_to_domains) {
    if (d != domain) return std::nullopt;  // a mail to several organisations teaches nothing
  }
  std::optional<AddressedOrganisation> found;
  for (const text::Addressee& a : addressees) {
    if (a.kind != text::Addressee::Kind::organisation) continue;
    const std::string key = text::organisation_key(a.name);
    if (key.empty()) continue;
    if (found && text::organisation_key(found->name) != key) return std::nullopt;
    if (!found) found = AddressedOrganisation{a.name, domain};
  }
  return found;
}

std::vector<AddressedOrganisation> organisations_seen(const std::vector<text::SignatureOrganisation>& signatures,
                                                      const std::vector<text::Addressee>& addressees,
                                                      const std::vector<std::string>& external_to_domains,
                                                      const std::function<bool(std::string_view)>& internal,
                                                      const std::function<bool(std::string_view)>& freemail) {
  std::vector<AddressedOrganisation> out;
  if (auto a = addressed_organisation(addressees, external_to_domains)) out.push_back(std::move(*a));
  for (const text::SignatureOrganisation& s : signatures) {
    auto ascii = domain_to_ascii(s.domain);
    if (!ascii || internal(*ascii) || freemail(*ascii)) continue;
    out.push_back(AddressedOrganisation{s.name, std::move(*ascii)});
  }
  return out;
}

ClientSettings client_settings(const Profile& profile) {
  return ClientSettings{profile.choice("/client/fail_mode"), profile.integer("/client/host_timeout_seconds"),
                        profile.integer("/dialog/countdown_seconds")};
}

std::string new_check_id() {
  static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::string id = "c_";
  for (int i = 9; i >= 0; --i) id.push_back(kCrockford[(ms >> (5 * i)) & 31u]);
  for (int i = 0; i < 16; ++i) id.push_back(kCrockford[rng() & 31u]);
  return id;
}

}  // namespace sg
