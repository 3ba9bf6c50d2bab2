// attachment.mismatch: an attachment addressed to someone other than the recipients. The file
// name ("見積書_株式会社アルファ御中.xlsx", "瑠璃印刷様_提案書.pdf") or the addressee block at the top
// of a document's text ("株式会社朝凪観光 御中") names an organisation or person, while the mail
// itself is addressed to another: the organisation and person of the salutation
// (text::find_addressees), the recipients' display names and domains. Names of the sender's own
// organisation (its signature, its domains) never count. When the mail says nothing about who the
// recipients are, the rule cannot judge and stays quiet.
#include <fmt/format.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "text/greeting.h"
#include "text/normalize.h"
#include "text/person_name.h"
#include "text/utf8.h"

namespace sg::rules {

namespace {

const FindingSpec kMismatch{"attachment.mismatch",
                            "attachment",
                            Severity::danger,
                            8.0,
                            Text{"添付ファイルが宛先以外の組織や人を指している",
                                 "An attachment names an organisation or person other than the recipients"},
                            std::nullopt};

constexpr std::size_t kHeadLines = 30;     // lines of each text part read for an addressee block
constexpr std::size_t kMaxLineChars = 60;  // longer lines are sentences, not an addressee
constexpr std::size_t kMinKeyBytes = 4;    // two kanji or kana, four ASCII letters
constexpr std::size_t kMaxNamesShown = 5;

// Legal forms, anywhere in a name, and honorifics, at its end; removed before comparing (matched
// folded: NFKC, lower case; NFKC turns ㈱ into (株)). "仕様書" ends in 書, not in 様.
constexpr std::array<std::string_view, 15> kLegalForms = {
    "株式会社", "有限会社", "合同会社", "合資会社", "一般社団法人", "公益社団法人", "一般財団法人", "学校法人",
    "医療法人", "(株)",     "(有)",     "co.,ltd.", "inc.",         "corporation",  "k.k."};
constexpr std::array<std::string_view, 4> kHonorifics = {"御中", "様", "殿", "さま"};

bool separator(char32_t c) {
  return c == U'_' || c == U' ' || c == U'\u3000' || c == U'\t' || c == U'【' || c == U'】' || c == U'「' ||
         c == U'」' || c == U'[' || c == U']' || c == U'、' || c == U',' || c == U'/' || c == U'+' || c == U'＋';
}

// The comparison key of an organisation or person name: folded, without legal forms, honorifics,
// spaces and punctuation. "" when too short to say anything.
std::string name_key(std::string_view name) {
  std::string k = text::fold(name);
  for (const std::string_view a : kLegalForms) {
    for (std::size_t at = k.find(a); at != std::string::npos; at = k.find(a)) k.erase(at, a.size());
  }
  for (bool changed = true; changed;) {
    changed = false;
    while (!k.empty() && k.back() == ' ') k.pop_back();
    for (const std::string_view h : kHonorifics) {
      if (k.ends_with(h)) {
        k.resize(k.size() - h.size());
        changed = true;
      }
    }
  }
  std::string out;
  for (std::size_t i = 0; i < k.size();) {
    const std::size_t start = i;
    const char32_t c = text::decode_utf8(k, i);
    if (c == U' ' || c == U'・' || c == U'.' || c == U',' || c == U'-' || c == U'(' || c == U')' || c == U'&') continue;
    out.append(k, start, i - start);
  }
  return out.size() >= kMinKeyBytes ? out : std::string();
}

bool has_affix(std::string_view s) {
  std::string f = text::fold(s);
  while (!f.empty() && f.back() == ' ') f.pop_back();
  return std::any_of(kLegalForms.begin(), kLegalForms.end(),
                     [&](std::string_view a) { return f.find(a) != std::string::npos; }) ||
         std::any_of(kHonorifics.begin(), kHonorifics.end(), [&](std::string_view h) { return f.ends_with(h); });
}

// Whether two keys name the same: equal, or one holds the other ("若葉物産" in "若葉物産大阪支店").
bool same(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  return a.find(b) != std::string::npos || b.find(a) != std::string::npos;
}

// Names in a file name: the pieces between separators that carry a legal form or an honorific.
std::vector<std::string> names_in_file_name(std::string_view file_name) {
  std::string_view stem = file_name.substr(0, file_name.rfind('.'));
  std::vector<std::string> out;
  std::string piece;
  const auto flush = [&] {
    if (!piece.empty() && has_affix(piece) && !name_key(piece).empty()) out.push_back(piece);
    piece.clear();
  };
  for (std::size_t i = 0; i < stem.size();) {
    const std::size_t start = i;
    const char32_t c = text::decode_utf8(stem, i);
    if (separator(c)) {
      flush();
    } else {
      piece.append(stem.substr(start, i - start));
    }
  }
  flush();
  return out;
}

// The addressee lines at the top of a document's text: a short line ending in 御中, 様 or 殿.
std::vector<std::string> names_in_text(std::string_view text) {
  std::vector<std::string> out;
  std::size_t lines = 0;
  for (std::size_t pos = 0; pos < text.size() && lines < kHeadLines; ++lines) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text::trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || text::count_code_points(line) > kMaxLineChars) continue;
    for (const std::string_view honorific : {"御中", "様", "殿"}) {
      if (!line.ends_with(honorific)) continue;
      std::string_view name = text::trim(line.substr(0, line.size() - honorific.size()));
      // "宛先：株式会社X" / "To: X"
      if (const auto colon = name.rfind("："); colon != std::string_view::npos) name = name.substr(colon + 3);
      if (!name_key(name).empty()) out.emplace_back(name);
      break;
    }
  }
  return out;
}

struct Known {
  std::vector<std::string> keys;  // organisation and person names, keys
  void add(std::string_view name) {
    std::string k = name_key(name);
    if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
  }
  [[nodiscard]] bool matches(const std::string& key) const {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return same(k, key); });
  }
};

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (ctx.facts.attachments.empty() || !ctx.facts.has_external) return;
  // Who the mail says the recipients are.
  Known recipients;
  for (const text::Addressee& a : text::find_addressees(ctx.facts.body_text, ctx.facts.body_parts)) {
    if (a.kind != text::Addressee::Kind::group) recipients.add(a.name);
  }
  std::vector<std::string> families;  // recipients' family names (a file for "田中様" to 田中 太郎)
  Known domains;                      // the domains' first labels: "acme" for Acme Inc. at acme.example
  for (const RecipientFact& r : ctx.facts.recipients) {
    recipients.add(r.address->name);
    if (const std::string f = text::family_name_key(r.address->name); !f.empty()) families.push_back(f);
    const std::string& d = r.address->domain_ascii;
    domains.add(d.substr(0, d.find('.')));
  }
  // Only names say who the recipients are; a domain can confirm a name, not rule one out.
  if (recipients.keys.empty()) return;
  // Who the sender is: the organisation in their signature, their display name and domain.
  Known sender;
  {
    const std::string_view body = ctx.facts.body_text;
    const std::size_t own_end = std::min(ctx.facts.body_parts.own_end, body.size());
    const std::size_t quote_begin = std::clamp(ctx.facts.body_parts.quote_begin, own_end, body.size());
    const std::string_view signature = body.substr(own_end, quote_begin - own_end);
    for (std::size_t pos = 0; pos < signature.size();) {
      std::size_t end = signature.find('\n', pos);
      if (end == std::string_view::npos) end = signature.size();
      const std::string_view line = signature.substr(pos, end - pos);
      for (const std::string& n : names_in_file_name(line)) sender.add(n);
      pos = end + 1;
    }
    if (ctx.draft.from) {
      sender.add(ctx.draft.from->name);
      sender.add(ctx.facts.sender_domain.substr(0, ctx.facts.sender_domain.find('.')));
    }
    for (const std::string& p : ctx.facts.internal_patterns) {
      const std::string d = p.starts_with("*.") ? p.substr(2) : p;
      sender.add(d.substr(0, d.find('.')));
    }
  }

  for (const AttachmentFact& a : ctx.facts.attachments) {
    struct Named {
      std::string name;
      std::string location;  // "" = the file name
      bool in_content;
    };
    std::vector<Named> named;
    for (std::string& n : names_in_file_name(a.attachment->name)) named.push_back({std::move(n), {}, false});
    if (a.extracted) {
      for (const extract::TextPart& part : a.extracted->parts) {
        if (part.location == "properties") continue;  // the author's company: usually the sender's
        for (std::string& n : names_in_text(part.text)) named.push_back({std::move(n), part.location, true});
      }
    }
    std::vector<const Named*> foreign;
    for (const Named& n : named) {
      const std::string key = name_key(n.name);
      if (key.empty() || recipients.matches(key) || domains.matches(key) || sender.matches(key)) continue;
      const std::string family = text::family_name_key(n.name);
      if (!family.empty() && std::find(families.begin(), families.end(), family) != families.end()) continue;
      if (std::none_of(foreign.begin(), foreign.end(), [&](const Named* f) { return name_key(f->name) == key; })) {
        foreign.push_back(&n);
      }
    }
    if (foreign.empty()) continue;
    const Named& first = *foreign.front();
    std::vector<std::string> shown;
    for (const Named* f : foreign) {
      if (shown.size() < kMaxNamesShown) shown.push_back(f->name);
    }
    std::vector<std::string> mail_names;
    for (const text::Addressee& ad : text::find_addressees(ctx.facts.body_text, ctx.facts.body_parts)) {
      if (ad.kind != text::Addressee::Kind::group) mail_names.push_back(ad.name);
    }
    const std::string to_ja =
        mail_names.empty() ? std::string("宛先") : fmt::format("「{}」", fmt::join(mail_names, " "));
    const std::string to_en =
        mail_names.empty() ? std::string("the recipients") : fmt::format("\"{}\"", fmt::join(mail_names, " "));
    const std::string where_ja = first.in_content ? "の中身" : "の名前";
    const std::string where_en = first.in_content ? "content" : "name";
    Finding f = make_finding(
        kMismatch,
        Text{
            fmt::format("添付ファイル「{}」{}に「{}」とありますが、このメールは{}"
                        "宛てです。別の相手向けのファイルではありませんか",
                        a.attachment->name, where_ja, first.name, to_ja),
            fmt::format("The {} of the attachment \"{}\" names \"{}\", but this mail is for {}. Is it a file meant for "
                        "someone else?",
                        where_en, a.attachment->name, first.name, to_en)});
    f.targets.push_back(first.in_content ? Target::inside(a.attachment->name, first.location, first.name)
                                         : Target::attachment(a.attachment->name));
    ValueList names;
    for (const std::string& s : shown) names.push_back(Value(s));
    ValueList addressed;
    for (const std::string& s : mail_names) addressed.push_back(Value(s));
    f.evidence.set("attachment", a.attachment->name)
        .set("named", std::move(names))
        .set("in", first.in_content ? "content" : "file_name")
        .set("mail_addressed_to", std::move(addressed));
    out.push_back(std::move(f));
  }
}

}  // namespace

Rule attachment_mismatch() {
  return Rule{"attachment_mismatch", {kMismatch}, {}, run};
}

}  // namespace sg::rules
