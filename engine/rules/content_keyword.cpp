// content.keyword: a helpdesk keyword (社外秘, 機密, confidential, ...) or pattern (/lists/patterns,
// RE2) in the subject, the body (quoted history included: quoted text is sent too), an attachment's
// name or its text, matched after NFKC_Casefold so ＣＯＮＦＩＤＥＮＴＩＡＬ and ｺﾝﾌｨﾃﾞﾝｼｬﾙ match their
// plain forms and a pattern's \d finds full-width digits.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "text/normalize.h"
#include "text/pattern_set.h"

namespace sg::rules {

namespace {

const FindingSpec kKeyword{"content.keyword",
                           "content",
                           Severity::warning,
                           4.0,
                           Text{"件名・本文・添付ファイル名に要注意キーワード（社外秘など）がある",
                                "A helpdesk keyword (confidential, ...) appears in the subject, text or an "
                                "attachment's name"},
                           std::nullopt};

constexpr std::string_view kExternalOnly = "/rules/content.keyword/external_only";

// A keyword repeated in every quoted message should not flood the dialog: text spans stop here
// (attachments are always named), evidence still counts every occurrence.
constexpr std::size_t kMaxSpans = 20;

std::vector<Parameter> options() {
  return {rule_option(kKeyword.id, "external_only", ParamType::boolean, Value(true),
                      Text{"社外の宛先があるときだけ検出する（社外秘の資料を社内で回すのは通常の業務）",
                           "Fire only when some recipient is external (passing 社外秘 papers around inside is "
                           "ordinary work)"})};
}

// Where the sender's own signature lies, in code points, when it opens with the "-- " line:
// a standing disclaimer ("This e-mail is confidential") marks every mail and says nothing about this one.
std::pair<std::size_t, std::size_t> own_signature(const DraftFacts& facts) {
  const std::string_view body = facts.body_text;
  const std::size_t begin = std::min(facts.body_parts.own_end, body.size());
  const std::size_t end = std::max(begin, std::min(facts.body_parts.quote_begin, body.size()));
  std::string_view line = body.substr(begin, end - begin);
  line = line.substr(0, line.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line != "--" && line != "-- ") return {0, 0};
  return {code_point_offset(body, begin), code_point_offset(body, end)};
}

struct Tally {
  std::size_t subject = 0;
  std::size_t body = 0;
  std::size_t attachment_names = 0;
  std::size_t attachment_text = 0;
};

// Keywords (phrases) and the helpdesk's patterns in one folded text: item k < keywords.size() is a
// keyword, the others are patterns (k - keywords.size()).
std::vector<PhraseHit> items_in(std::string_view folded, const std::vector<std::string>& keywords,
                                const text::PatternSet& patterns) {
  std::vector<PhraseHit> hits = find_phrases(folded, keywords);
  if (patterns.empty()) return hits;
  for (const text::PatternMatch& m : patterns.find(folded).matches) {
    hits.push_back({m.begin, m.end, keywords.size() + m.pattern});
  }
  std::sort(hits.begin(), hits.end(), [](const PhraseHit& a, const PhraseHit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return hits;
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (ctx.profile.boolean(kExternalOnly) && !ctx.facts.has_external) return;
  const std::vector<std::string>& keywords = ctx.profile.list("/lists/keywords");
  // Parallel to keywords; "" when a keyword folds to nothing.
  const std::vector<std::string>& folded = ctx.profile.folded_list("/lists/keywords");
  const text::PatternSet& patterns = ctx.profile.patterns();
  if (patterns.empty() && std::all_of(folded.begin(), folded.end(), [](const std::string& k) { return k.empty(); })) {
    return;
  }
  const auto item_name = [&](std::size_t k) {
    return k < keywords.size() ? std::string_view(keywords[k]) : patterns.name(k - keywords.size());
  };

  std::vector<Tally> tally(keywords.size() + patterns.size());
  std::vector<Target> targets;
  const auto add_span = [&](Target::Kind kind, std::size_t b, std::size_t e, std::string_view original) {
    if (targets.size() < kMaxSpans) targets.push_back(Target::span(kind, b, e, code_point_slice(original, b, e)));
  };

  const text::FoldedText subject = text::fold_with_map(ctx.draft.subject);
  for (const PhraseHit& h : items_in(subject.folded, folded, patterns)) {
    ++tally[h.phrase].subject;
    const auto [b, e] = subject.original_range(h.begin, h.end);
    add_span(Target::Kind::subject, b, e, ctx.draft.subject);
  }

  const std::string_view body = ctx.facts.body_text;
  const text::FoldedText folded_body = text::fold_with_map(body);
  const auto [sig_begin, sig_end] = own_signature(ctx.facts);
  for (const PhraseHit& h : items_in(folded_body.folded, folded, patterns)) {
    const auto [b, e] = folded_body.original_range(h.begin, h.end);
    if (b >= sig_begin && e <= sig_end && sig_begin < sig_end) continue;
    ++tally[h.phrase].body;
    add_span(Target::Kind::body, b, e, body);
  }

  for (const AttachmentFact& a : ctx.facts.attachments) {
    const std::vector<PhraseHit> hits = items_in(text::fold(a.attachment->name), folded, patterns);
    for (const PhraseHit& h : hits) ++tally[h.phrase].attachment_names;
    if (!hits.empty()) targets.push_back(Target::attachment(a.attachment->name));
    if (!a.extracted) continue;
    // Inside the file: one target per part (sheet, page, entry) with the first keyword found.
    for (const extract::TextPart& part : a.extracted->parts) {
      const std::vector<PhraseHit> inside = items_in(text::fold(part.text), folded, patterns);
      for (const PhraseHit& h : inside) ++tally[h.phrase].attachment_text;
      if (!inside.empty() && targets.size() < kMaxSpans) {
        targets.push_back(
            Target::inside(a.attachment->name, part.location, std::string(item_name(inside.front().phrase))));
      }
    }
  }

  ValueList found;
  std::vector<std::string> quoted_ja;
  std::vector<std::string> quoted_en;
  Tally seen_in;
  ValueList found_patterns;
  for (std::size_t k = 0; k < tally.size(); ++k) {
    const Tally& t = tally[k];
    const std::size_t count = t.subject + t.body + t.attachment_names + t.attachment_text;
    if (count == 0) continue;
    seen_in.subject += t.subject;
    seen_in.body += t.body;
    seen_in.attachment_names += t.attachment_names;
    seen_in.attachment_text += t.attachment_text;
    const bool is_pattern = k >= keywords.size();
    quoted_ja.push_back(fmt::format("{}「{}」", is_pattern ? "パターン" : "", item_name(k)));
    quoted_en.push_back(fmt::format("{}\"{}\"", is_pattern ? "the pattern " : "", item_name(k)));
    (is_pattern ? found_patterns : found)
        .push_back(Value::object()
                       .set(is_pattern ? "pattern" : "keyword", std::string(item_name(k)))
                       .set("count", count)
                       .set("subject", t.subject)
                       .set("body", t.body)
                       .set("attachment_names", t.attachment_names)
                       .set("attachment_text", t.attachment_text));
  }
  if (found.empty() && found_patterns.empty()) return;

  std::vector<std::string> where_ja;
  std::vector<std::string> where_en;
  if (seen_in.subject > 0) {
    where_ja.emplace_back("件名");
    where_en.emplace_back("subject");
  }
  if (seen_in.body > 0) {
    where_ja.emplace_back("本文");
    where_en.emplace_back("text");
  }
  if (seen_in.attachment_names > 0) {
    where_ja.emplace_back("添付ファイル名");
    where_en.emplace_back("attachment names");
  }
  if (seen_in.attachment_text > 0) {
    where_ja.emplace_back("添付ファイルの中身");
    where_en.emplace_back("attachment contents");
  }
  const bool singular_place = where_en.size() == 1 && seen_in.attachment_names == 0 && seen_in.attachment_text == 0;
  Finding f = make_finding(
      kKeyword,
      Text{fmt::format("{}に要注意キーワード {} が含まれています。この宛先に送ってよい内容か確認してください",
                       fmt::join(where_ja, "・"), listed_names(quoted_ja).ja),
           fmt::format("The {} contain{} the keyword{} {}; check that this content may go to these recipients",
                       fmt::join(where_en, " and "), singular_place ? "s" : "", quoted_en.size() == 1 ? "" : "s",
                       listed_names(quoted_en).en)});
  f.targets = std::move(targets);
  f.evidence.set("keywords", std::move(found));
  if (!found_patterns.empty()) f.evidence.set("patterns", std::move(found_patterns));
  out.push_back(std::move(f));
}

}  // namespace

Rule content_keyword() {
  return Rule{"content_keyword", {kKeyword}, options(), run};
}

}  // namespace sg::rules
