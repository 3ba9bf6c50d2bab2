// engine::check: draft in, verdict out.
#include "check/check.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <random>

#include "policy/scoring.h"
#include "rules/rule.h"

namespace sg {

namespace {

bool targets_recipient(const Finding& f, const Address& a) {
  const std::string addr = a.address();
  return std::any_of(f.targets.begin(), f.targets.end(),
                     [&](const Target& t) { return t.kind == Target::Kind::recipient && t.address == addr; });
}

bool targets_attachment(const Finding& f, const std::string& name) {
  return std::any_of(f.targets.begin(), f.targets.end(),
                     [&](const Target& t) { return t.kind == Target::Kind::attachment && t.name == name; });
}

void add_unique(std::vector<std::string>& ids, const std::string& id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

}  // namespace

Verdict check(const Draft& draft, const Profile& profile) {
  const DraftFacts facts = derive_facts(draft, profile);
  Verdict v;
  v.locale = draft.locale.value_or(profile.locale());
  v.policy_version = profile.version();
  v.thresholds = profile.thresholds();
  const RuleContext ctx{draft, profile, facts, v.locale};
  for (const Rule& rule : all_rules()) {
    const bool any_enabled =
        std::any_of(rule.findings.begin(), rule.findings.end(), [&](const FindingSpec& s) { return enabled(ctx, s); });
    if (any_enabled) rule.run(ctx, v.findings);
  }
  const Score s = score_findings(v.findings, profile);
  v.score = s.total;
  v.action = s.action;

  const bool recommend = profile.boolean("/encryption/recommend_for_external");
  for (const RecipientFact& r : facts.recipients) {
    RecipientView view;
    view.address = *r.address;
    view.field = r.field;
    view.internal = r.internal;
    for (const Finding& f : v.findings) {
      if (targets_recipient(f, *r.address)) add_unique(view.findings, f.id);
    }
    v.recipients.push_back(std::move(view));
  }
  for (const AttachmentFact& a : facts.attachments) {
    AttachmentView view;
    view.name = a.attachment->name;
    view.size = a.attachment->size;
    view.content_type = a.attachment->content_type;
    view.encrypted = is_encrypted(a.protection);
    view.encrypt_recommended = recommend && facts.has_external && !view.encrypted;
    for (const Finding& f : v.findings) {
      if (targets_attachment(f, view.name)) add_unique(view.findings, f.id);
    }
    v.attachments.push_back(std::move(view));
  }
  return v;
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
