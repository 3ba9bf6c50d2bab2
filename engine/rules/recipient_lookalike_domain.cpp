// recipient.lookalike_domain: a recipient's domain is new to the sender and resembles one they know
// (their internal domains, the domains in their history): a typo, a swapped public suffix, or
// look-alike characters. The likely intended address is offered as a replacement.
#include <fmt/format.h>

#include "rules/catalog.h"
#include "rules/history_context.h"

namespace sg::rules {

namespace {

const FindingSpec kLookalike{
    "recipient.lookalike_domain",
    "recipient",
    Severity::danger,
    9.0,
    Text{"既知のドメインに似ているが異なるドメイン", "The domain resembles a known domain but is not it"},
    std::nullopt};

std::string_view kind_name(text::LookalikeKind k) {
  switch (k) {
    case text::LookalikeKind::typo: return "typo";
    case text::LookalikeKind::swapped_suffix: return "swapped_suffix";
    case text::LookalikeKind::homoglyph: return "homoglyph";
  }
  return "typo";
}

Text how(const text::LookalikeMatch& m) {
  switch (m.kind) {
    case text::LookalikeKind::typo:
      return Text{fmt::format("{} 文字違い", m.distance),
                  fmt::format("{} character{} different", m.distance, m.distance == 1 ? "" : "s")};
    case text::LookalikeKind::swapped_suffix:
      return Text{"末尾（.co.jp / .jp / .com など）だけが違う", "only the ending (.co.jp / .jp / .com ...) differs"};
    case text::LookalikeKind::homoglyph:
      return Text{"見た目の似た文字に置き換わっている", "look-alike characters replace the real ones"};
  }
  return Text{"", ""};
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  // Internal domains are known even without a history, so this rule needs none of its own.
  for (const HistoryRecipient& r : history_recipients(ctx, false)) {
    const auto match = lookalike_of(ctx, r);
    if (!match) continue;
    const Address& a = *r.fact->address;
    const std::string intended = a.local + "@" + match->known;
    const Text detail = how(*match);
    Finding f = make_finding(
        kLookalike,
        Text{fmt::format("{} のドメイン {} は、送ったことのある {} に似ていますが別のドメインです（{}）。{} "
                         "の間違いではありませんか",
                         a.address(), a.domain_ascii, match->known, detail.ja, intended),
             fmt::format("The domain of {} ({}) resembles {}, which you know, but is not it ({}); did you mean {}?",
                         a.address(), a.domain_ascii, match->known, detail.en, intended)});
    f.targets.push_back(Target::recipient(a));
    f.evidence.set("address", a.address())
        .set("domain", a.domain_ascii)
        .set("resembles", match->known)
        .set("kind", std::string(kind_name(match->kind)))
        .set("distance", Value(match->distance));
    Suggestion s;
    s.kind = Suggestion::Kind::replace_recipient;
    s.address = a.address();
    s.with = intended;
    f.suggestion = std::move(s);
    out.push_back(std::move(f));
  }
}

}  // namespace

Rule recipient_lookalike_domain() {
  return Rule{"recipient_lookalike_domain", {kLookalike}, {}, run};
}

}  // namespace sg::rules
