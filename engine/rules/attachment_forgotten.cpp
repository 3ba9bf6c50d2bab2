// attachment.forgotten: the sender's own text (or a new message's subject) speaks of an
// attachment and nothing is attached. Quoted history and the signature do not count, and
// negations ("添付なし", "will send separately") or the other party's attachment ("添付いただいた",
// "your attachment") in the same sentence cancel a mention.
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sg::rules {

namespace {

const FindingSpec kForgotten{
    "attachment.forgotten",
    "attachment",
    Severity::warning,
    3.0,
    Text{"本文で添付に触れているがファイルが添付されていない", "The text speaks of an attachment and there is none"},
    std::nullopt};

constexpr std::string_view kPhrases = "/rules/attachment.forgotten/phrases";
constexpr std::string_view kNegations = "/rules/attachment.forgotten/negations";

// Evidence lists at most this many mentions (a long mail may repeat the word).
constexpr std::size_t kMaxMatches = 20;

ValueList strings(std::initializer_list<const char*> items) {
  ValueList out;
  for (const char* s : items) out.emplace_back(s);
  return out;
}

std::vector<Parameter> options() {
  return {
      rule_option(
          kForgotten.id, "phrases", ParamType::string_list,
          Value(strings({"添付", "別添", "同封", "ファイルを送付", "ファイルをお送り", "ファイルを送り",
                         "ファイルを送信", "ファイルをお届け", "attach", "attached", "attaching", "attachment",
                         "attachments", "enclosed", "enclosing", "enclosure", "enclosures"})),
          Text{"添付に触れているとみなす語句（NFKC 正規化・大文字小文字を区別しない。英数字の語句は単語単位で一致）",
               "Phrases that speak of an attachment (NFKC-normalised, case-insensitive; ASCII phrases "
               "match whole words)"}),
      rule_option(
          kForgotten.id, "negations", ParamType::string_list,
          Value(strings(
              {// no attachment, on purpose
               "添付なし", "添付無し", "添付ファイルなし", "添付ファイル無し", "添付はありません", "添付はございません",
               "添付しておりません", "添付していません", "添付はしておりません", "添付いたしません", "添付しません",
               "添付できません", "添付できない", "添付不要", "添付は不要", "添付は省略", "添付を省略", "添付省略",
               "添付は割愛",
               // sent another way
               "別途送付", "別途お送り", "別途送り", "別途ご送付", "別途共有", "別メール", "別のメール", "追って送付",
               "追ってお送り", "後ほど送付", "後ほどお送り", "後日送付", "後日お送り",
               // the other party's attachment, or a request for one
               "添付いただ", "添付頂", "添付してくださ", "添付して下さ", "添付をお願い", "添付のうえ", "添付の上",
               "ご送付いただ", "ご送付頂", "お送りいただ", "お送り頂", "送っていただ", "送って頂", "送付いただ",
               "送付頂", "いただいた添付", "頂いた添付", "添付ファイルを拝見", "添付資料を拝見", "添付を拝見",
               "添付ファイル拝見", "拝受", "受領しました", "受領いたしました", "確認しました", "確認いたしました",
               "確認させていただきました", "拝見しました", "拝見いたしました", "受け取りました", "頂戴しました",
               "頂戴いたしました",
               // disclaimers ("本メールおよび添付ファイルは…")
               "および添付", "及び添付", "ならびに添付", "並びに添付",
               // English
               "no attachment", "no attachments", "without attachment", "without attachments", "without an attachment",
               "not attached", "not attaching", "haven't attached", "have not attached", "didn't attach",
               "did not attach", "can't attach", "cannot attach", "unable to attach", "separately", "separate email",
               "separate e-mail", "separate mail", "separate message", "another email", "follow-up email",
               "your attachment", "your attachments", "your attached", "you attached", "you've attached",
               "you have attached", "attachment you sent", "attachments you sent", "file you attached",
               "files you attached", "attached to your", "for the attachment", "for the attachments",
               "received the attachment", "received the attachments", "received the attached", "for the attached",
               "reviewed the attachment", "reviewed the attached", "checked the attachment", "checked the attached",
               "opened the attachment", "too large to attach", "too big to attach", "please attach", "could you attach",
               "can you attach", "kindly attach", "and any attachments", "and any attachment", "and its attachments",
               "or any attachments", "including attachments", "including any attachments"})),
          Text{"同じ文にあると添付への言及を打ち消す語句（添付なし・別途送付・相手の添付への言及など）",
               "Phrases that cancel a mention in the same sentence (no attachment, sent separately, the other "
               "party's attachment, ...)"}),
  };
}

struct Mention {
  Target::Kind kind = Target::Kind::body;
  std::size_t start = 0;  // code points into the body or subject
  std::size_t end = 0;
  std::string quote;
};

// Byte offsets in folded text where a sentence begins.
std::vector<std::size_t> sentence_starts(std::string_view f) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < f.size();) {
    std::size_t next = i;
    const char32_t cp = text::decode_utf8(f, next);
    bool cut = cp == U'\u3002' || cp == U'!' || cp == U'?';  // full-width ！？ and ｡ fold to these
    if (cp == U'.') cut = next == f.size() || f[next] == ' ' || f[next] == '\n' || f[next] == '\r';
    if (cp == U'\n') {
      // Japanese lines are often sentences without 「。」; a wrapped English line is not.
      std::size_t k = i;
      while (k > 0 && f[k - 1] == '\r') --k;
      cut = k > 0 && static_cast<unsigned char>(f[k - 1]) >= 0x80;
    }
    if (cut) starts.push_back(next);
    i = next;
  }
  return starts;
}

// Mentions of an attachment in one stretch of folded text that no negation cancels.
std::vector<PhraseHit> live_mentions(std::string_view folded, const std::vector<std::string>& phrases,
                                     const std::vector<std::string>& negations) {
  std::vector<PhraseHit> hits = outermost(find_phrases(folded, phrases));
  if (hits.empty()) return hits;
  const std::vector<PhraseHit> cancels = find_phrases(folded, negations);
  if (cancels.empty()) return hits;
  const std::vector<std::size_t> starts = sentence_starts(folded);
  std::vector<PhraseHit> live;
  for (const PhraseHit& h : hits) {
    std::size_t from = 0;
    std::size_t to = folded.size();
    for (std::size_t s : starts) {
      if (s <= h.begin) from = s;
      if (s >= h.end) {
        to = s;
        break;
      }
    }
    const bool cancelled =
        std::any_of(cancels.begin(), cancels.end(), [&](const PhraseHit& n) { return n.begin >= from && n.end <= to; });
    if (!cancelled) live.push_back(h);
  }
  return live;
}

void add_mentions(const text::FoldedText& ft, std::string_view original, std::size_t cp_base, Target::Kind kind,
                  const std::vector<PhraseHit>& hits, std::vector<Mention>& out) {
  for (const PhraseHit& h : hits) {
    if (out.size() >= kMaxMatches) return;
    const auto [b, e] = ft.original_range(h.begin, h.end);
    out.push_back({kind, cp_base + b, cp_base + e, code_point_slice(original, b, e)});
  }
}

bool blank(std::string_view line) {
  return text::trim(line).empty();
}

// The sender's own lines, paragraph by paragraph (a sentence may wrap onto the next line).
std::vector<Mention> body_mentions(const DraftFacts& facts, const std::vector<std::string>& phrases,
                                   const std::vector<std::string>& negations) {
  std::vector<Mention> out;
  const std::string_view body = facts.body_text;
  const auto& lines = facts.body_parts.own_lines;
  std::size_t cp_byte = 0;  // running byte -> code point conversion (paragraphs come in order)
  std::size_t cp_count = 0;
  const auto text_of = [&](const text::Span& s) { return body.substr(s.begin, s.end - s.begin); };
  for (std::size_t i = 0; i < lines.size() && out.size() < kMaxMatches;) {
    if (blank(text_of(lines[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < lines.size() && !blank(text_of(lines[j + 1]))) {
      const std::string_view gap = body.substr(lines[j].end, lines[j + 1].begin - lines[j].end);
      if (gap != "\n" && gap != "\r\n") break;
      ++j;
    }
    const std::size_t begin = lines[i].begin;
    const std::string_view paragraph = body.substr(begin, lines[j].end - begin);
    const text::FoldedText ft = text::fold_with_map(paragraph);
    const std::vector<PhraseHit> hits = live_mentions(ft.folded, phrases, negations);
    if (!hits.empty()) {
      cp_count += text::count_code_points(body.substr(cp_byte, begin - cp_byte));
      cp_byte = begin;
      add_mentions(ft, paragraph, cp_count, Target::Kind::body, hits, out);
    }
    i = j + 1;
  }
  return out;
}

// A reply's or forward's subject repeats the original's ("Re: 資料添付の件"): it says nothing
// about this message's attachments.
bool subject_speaks_for_this_message(const Draft& draft) {
  if (draft.compose_type != ComposeType::new_message && draft.compose_type != ComposeType::draft) return false;
  const std::string s = text::fold(text::trim(draft.subject));
  for (std::string_view prefix : {"re:", "re :", "re[", "re^", "fw:", "fwd:", "fw :", "fwd :", "aw:", "wg:", "sv:",
                                  "vs:", "tr:", "返信:", "転送:", "回复:", "转发:"}) {
    if (s.starts_with(prefix)) return false;
  }
  return true;
}

// "haven’t attached": mail clients type typographic apostrophes as often as straight ones, and
// NFKC leaves them apart, so every phrase with one is also looked for with the other.
std::vector<std::string> with_typographic_apostrophes(std::vector<std::string> phrases) {
  const std::size_t n = phrases.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (phrases[i].find('\'') == std::string::npos) continue;
    std::string variant;
    for (char c : phrases[i]) {
      if (c == '\'') {
        variant += "\u2019";
      } else {
        variant.push_back(c);
      }
    }
    phrases.push_back(std::move(variant));
  }
  return phrases;
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (!ctx.draft.attachments.empty()) return;
  const std::vector<std::string> phrases = with_typographic_apostrophes(non_empty(ctx.profile.folded_list(kPhrases)));
  const std::vector<std::string> negations =
      with_typographic_apostrophes(non_empty(ctx.profile.folded_list(kNegations)));
  if (phrases.empty()) return;

  std::vector<Mention> mentions = body_mentions(ctx.facts, phrases, negations);
  if (subject_speaks_for_this_message(ctx.draft) && mentions.size() < kMaxMatches) {
    const text::FoldedText ft = text::fold_with_map(ctx.draft.subject);
    add_mentions(ft, ctx.draft.subject, 0, Target::Kind::subject, live_mentions(ft.folded, phrases, negations),
                 mentions);
  }
  if (mentions.empty()) return;

  const Mention& first = mentions.front();  // the body comes before the subject
  const bool in_body = first.kind == Target::Kind::body;
  Finding f =
      make_finding(kForgotten, Text{fmt::format("{}で添付に触れていますが（「{}」）、ファイルが添付されていません",
                                                in_body ? "本文" : "件名", first.quote),
                                    fmt::format("The {} speaks of an attachment (\"{}\") but nothing is attached",
                                                in_body ? "text" : "subject", first.quote)});
  f.targets.push_back(Target::span(first.kind, first.start, first.end, first.quote));
  ValueList listed;
  for (const Mention& m : mentions) {
    listed.push_back(Value::object()
                         .set("part", std::string(target_kind_name(m.kind)))
                         .set("quote", m.quote)
                         .set("start", m.start)
                         .set("end", m.end));
  }
  f.evidence.set("mentions", std::move(listed)).set("attachments", 0);
  f.suggestion = Suggestion{Suggestion::Kind::attach_file, {}, {}, {}, {}};
  out.push_back(std::move(f));
}

}  // namespace

Rule attachment_forgotten() {
  return Rule{"attachment_forgotten", {kForgotten}, options(), run};
}

}  // namespace sg::rules
