// attachment.mismatch: an attachment addressed to someone other than the recipients. The file
// name ("見積書_株式会社アルファ御中.xlsx", "瑠璃印刷様_提案書.pdf") or the addressee block at the top
// of a document's text ("株式会社朝凪観光 御中") names an organisation or person, while the mail
// itself is addressed to another: the organisation and person of the salutation
// (text::find_addressees), the recipients' display names and domains, and the organisations known
// at the recipients' domains (the helpdesk's customer list, /lists/customers, and what the
// sender's history learned from display names). An organisation known at other domains than the
// recipients' is foreign even when the mail says nothing else about who the recipients are.
// Names of the sender's own organisation (its signature, its domains) never count.
#include <fmt/format.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/address.h"
#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "text/domain_similarity.h"
#include "text/greeting.h"
#include "text/normalize.h"
#include "text/organisation.h"
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
constexpr std::size_t kMaxNamesShown = 5;
constexpr std::size_t kMaxDomainsShown = 3;
// A known organisation's key found inside a longer file-name piece ("アルファ見積書") must be at
// least this many code points, and not ASCII (an ASCII key is matched as a whole piece only).
constexpr std::size_t kMinEmbeddedKeyChars = 3;

bool separator(char32_t c) {
  return c == U'_' || c == U' ' || c == U'\u3000' || c == U'\t' || c == U'【' || c == U'】' || c == U'「' ||
         c == U'」' || c == U'[' || c == U']' || c == U'、' || c == U',' || c == U'/' || c == U'+' || c == U'＋';
}

// The pieces of a file name between separators, extension removed.
std::vector<std::string> file_name_pieces(std::string_view file_name) {
  const std::string_view stem = file_name.substr(0, file_name.rfind('.'));
  std::vector<std::string> out;
  std::string piece;
  for (std::size_t i = 0; i < stem.size();) {
    const std::size_t start = i;
    const char32_t c = text::decode_utf8(stem, i);
    if (separator(c)) {
      if (!piece.empty()) out.push_back(std::move(piece));
      piece.clear();
    } else {
      piece.append(stem.substr(start, i - start));
    }
  }
  if (!piece.empty()) out.push_back(std::move(piece));
  return out;
}

// Names in a file name: the pieces that carry a legal form or an honorific.
std::vector<std::string> names_in_file_name(std::string_view file_name) {
  std::vector<std::string> out;
  for (std::string& piece : file_name_pieces(file_name)) {
    if (text::has_organisation_affix(piece) && !text::organisation_key(piece).empty()) out.push_back(std::move(piece));
  }
  return out;
}

// The short lines at the top of a document's text, trimmed, with a "宛先：" prefix removed.
std::vector<std::string_view> head_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t lines = 0;
  for (std::size_t pos = 0; pos < text.size() && lines < kHeadLines; ++lines) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text::trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || text::count_code_points(line) > kMaxLineChars) continue;
    out.push_back(line);
  }
  return out;
}

// An addressee line: a head line ending in 御中, 様 or 殿; the name without the honorific.
std::optional<std::string> addressee_in_line(std::string_view line) {
  for (const std::string_view honorific : {"御中", "様", "殿"}) {
    if (!line.ends_with(honorific)) continue;
    std::string_view name = text::trim(line.substr(0, line.size() - honorific.size()));
    // "宛先：株式会社X" / "To: X"
    if (const auto colon = name.rfind("："); colon != std::string_view::npos) name = name.substr(colon + 3);
    if (text::organisation_key(name).empty()) return std::nullopt;
    return std::string(name);
  }
  return std::nullopt;
}

struct Known {
  std::vector<std::string> keys;  // organisation and person names, keys
  void add(std::string_view name) { add_key(text::organisation_key(name)); }
  void add_key(std::string k) {
    if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
  }
  [[nodiscard]] bool matches(const std::string& key) const {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return text::same_organisation(k, key); });
  }
};

// The customer list and the learned organisations, asked together; the helpdesk's list first.
class Directories {
 public:
  Directories(const OrganisationDirectory& customers, const OrganisationDirectory* learned)
      : customers_(customers), learned_(learned != nullptr && !learned->empty() ? learned : nullptr) {}

  [[nodiscard]] bool empty() const { return customers_.empty() && learned_ == nullptr; }

  // The organisation with this key, or else the most used one whose key holds it or is held by it.
  [[nodiscard]] const KnownOrganisation* find(const std::string& key) const {
    for (const OrganisationDirectory* d : list()) {
      if (const KnownOrganisation* o = d->find(key)) return o;
    }
    for (const OrganisationDirectory* d : list()) {
      for (const KnownOrganisation& o : d->entries()) {
        if (text::same_organisation(o.key, key)) return &o;
      }
    }
    return nullptr;
  }

  // Every organisation known at the domain.
  void at_domain(std::string_view domain, std::vector<const KnownOrganisation*>& out) const {
    for (const OrganisationDirectory* d : list()) {
      for (const KnownOrganisation* o : d->at_domain(domain)) {
        if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
      }
    }
  }

  // Known organisations named inside a file-name piece without a marker ("アルファ見積書"): the
  // whole piece's key, or a key of kMinEmbeddedKeyChars non-ASCII code points inside it.
  void named_in_piece(std::string_view piece, std::vector<const KnownOrganisation*>& out) const {
    const std::string whole = text::organisation_key(piece);
    const std::string folded = text::fold(piece);
    for (const OrganisationDirectory* d : list()) {
      for (const KnownOrganisation& o : d->entries()) {
        const bool hit = o.key == whole || (text::count_code_points(o.key) >= kMinEmbeddedKeyChars &&
                                            o.key.size() > text::count_code_points(o.key) &&  // not ASCII
                                            folded.find(o.key) != std::string::npos);
        if (hit && std::find(out.begin(), out.end(), &o) == out.end()) out.push_back(&o);
      }
    }
  }

 private:
  [[nodiscard]] std::vector<const OrganisationDirectory*> list() const {
    std::vector<const OrganisationDirectory*> out{&customers_};
    if (learned_ != nullptr) out.push_back(learned_);
    return out;
  }
  const OrganisationDirectory& customers_;
  const OrganisationDirectory* learned_;
};

// Whether one of the organisation's domains is one of the recipients' (or shares its registrable domain).
bool lives_at(const KnownOrganisation& o, const std::set<std::string>& recipient_domains) {
  return std::any_of(o.domains.begin(), o.domains.end(), [&](const std::string& d) {
    return recipient_domains.count(d) != 0 || recipient_domains.count(text::registrable_domain(d)) != 0;
  });
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  if (ctx.facts.attachments.empty() || !ctx.facts.has_external) return;
  const Directories directories(ctx.profile.customers(),
                                ctx.history != nullptr ? ctx.history->organisations.get() : nullptr);
  // Who the mail says the recipients are.
  Known recipients;
  std::vector<std::string> mail_names;  // the salutation's, for the message
  for (const text::Addressee& a : text::find_addressees(ctx.facts.body_text, ctx.facts.body_parts)) {
    if (a.kind == text::Addressee::Kind::group) continue;
    recipients.add(a.name);
    mail_names.push_back(a.name);
  }
  std::vector<std::string> families;        // recipients' family names (a file for "田中様" to 田中 太郎)
  Known domains;                            // the domains' first labels: "acme" for Acme Inc. at acme.example
  std::set<std::string> recipient_domains;  // external ones, and their registrable domains
  std::vector<const KnownOrganisation*> recipient_orgs;  // known at those domains
  for (const RecipientFact& r : ctx.facts.recipients) {
    recipients.add(r.address->name);
    recipients.add(text::organisation_in_display_name(r.address->name));
    if (const std::string f = text::family_name_key(r.address->name); !f.empty()) families.push_back(f);
    const std::string& d = r.address->domain_ascii;
    domains.add(d.substr(0, d.find('.')));
    if (r.internal || d.empty()) continue;
    recipient_domains.insert(d);
    recipient_domains.insert(text::registrable_domain(d));
    directories.at_domain(d, recipient_orgs);
  }
  recipient_domains.erase("");
  for (const KnownOrganisation* o : recipient_orgs) recipients.add_key(o->key);
  // A reply's quoted signature says who is at the recipients' domains too ("株式会社アルファ 営業部
  // ... sato@alpha.example").
  std::vector<std::string> signature_names;
  for (const text::SignatureOrganisation& so : ctx.facts.signature_organisations) {
    const auto ascii = domain_to_ascii(so.domain);
    if (!ascii ||
        (recipient_domains.count(*ascii) == 0 && recipient_domains.count(text::registrable_domain(*ascii)) == 0)) {
      continue;
    }
    recipients.add(so.name);
    signature_names.push_back(so.name);
  }
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
      sender.add(text::organisation_in_display_name(ctx.draft.from->name));
      sender.add(ctx.facts.sender_domain.substr(0, ctx.facts.sender_domain.find('.')));
    }
    for (const std::string& p : ctx.facts.internal_patterns) {
      const std::string d = p.starts_with("*.") ? p.substr(2) : p;
      sender.add(d.substr(0, d.find('.')));
      std::vector<const KnownOrganisation*> own;
      directories.at_domain(d, own);
      for (const KnownOrganisation* o : own) sender.add_key(o->key);
    }
  }

  for (const AttachmentFact& a : ctx.facts.attachments) {
    struct Named {
      std::string name;
      std::string location;  // "" = the file name
      bool in_content = false;
      const KnownOrganisation* known = nullptr;  // the organisation the directories know by this name
    };
    std::vector<Named> named;
    for (std::string& n : names_in_file_name(a.attachment->name)) named.push_back({std::move(n), {}, false, nullptr});
    if (!directories.empty()) {
      for (const std::string& piece : file_name_pieces(a.attachment->name)) {
        std::vector<const KnownOrganisation*> hits;
        directories.named_in_piece(piece, hits);
        for (const KnownOrganisation* o : hits) named.push_back({o->name, {}, false, o});
      }
    }
    if (a.extracted) {
      for (const extract::TextPart& part : a.extracted->parts) {
        if (part.location == "properties") continue;  // the author's company: usually the sender's
        for (const std::string_view line : head_lines(part.text)) {
          if (auto n = addressee_in_line(line)) {
            named.push_back({std::move(*n), part.location, true, nullptr});
          } else if (!directories.empty() && text::has_legal_form(line)) {
            // A company on a line of its own at the top ("株式会社アルファ"), when it is a known one.
            const std::string key = text::organisation_key(line);
            if (const KnownOrganisation* o = key.empty() ? nullptr : directories.find(key); o && o->key == key) {
              named.push_back({std::string(line), part.location, true, o});
            }
          }
        }
      }
    }
    struct Foreign {
      const Named* named;
      std::string key;
      const KnownOrganisation* known;
    };
    std::vector<Foreign> foreign;
    for (const Named& n : named) {
      const std::string key = text::organisation_key(n.name);
      if (key.empty() || sender.matches(key)) continue;
      const KnownOrganisation* known = n.known != nullptr ? n.known : directories.find(key);
      if (known != nullptr && sender.matches(known->key)) continue;
      if (recipients.matches(key) || domains.matches(key)) continue;
      if (known != nullptr) {
        if (lives_at(*known, recipient_domains)) continue;  // the recipients are that organisation
      } else {
        // Only names say who the recipients are; a domain can confirm a name, not rule one out.
        if (recipients.keys.empty()) continue;
        const std::string family = text::family_name_key(n.name);
        if (!family.empty() && std::find(families.begin(), families.end(), family) != families.end()) continue;
      }
      if (std::none_of(foreign.begin(), foreign.end(),
                       [&](const Foreign& f) { return f.key == key || (known != nullptr && f.known == known); })) {
        foreign.push_back({&n, key, known});
      }
    }
    if (foreign.empty()) continue;
    const Named& first = *foreign.front().named;
    const KnownOrganisation* first_known = foreign.front().known;
    std::vector<std::string> shown;
    for (const Foreign& f : foreign) {
      if (shown.size() < kMaxNamesShown) shown.push_back(f.named->name);
    }
    std::vector<std::string> addressed = mail_names;
    for (const KnownOrganisation* o : recipient_orgs) {
      if (addressed.size() < kMaxNamesShown) addressed.push_back(o->name);
    }
    for (const std::string& n : signature_names) {
      if (addressed.size() < kMaxNamesShown && std::find(addressed.begin(), addressed.end(), n) == addressed.end()) {
        addressed.push_back(n);
      }
    }
    const std::string to_ja =
        addressed.empty() ? std::string("宛先") : fmt::format("「{}」", fmt::join(addressed, " "));
    const std::string to_en =
        addressed.empty() ? std::string("the recipients") : fmt::format("\"{}\"", fmt::join(addressed, " "));
    const std::string where_ja = first.in_content ? "の中身" : "の名前";
    const std::string where_en = first.in_content ? "content" : "name";
    Text message;
    if (first_known != nullptr) {
      std::vector<std::string> at(first_known->domains.begin(),
                                  first_known->domains.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                     first_known->domains.size(), kMaxDomainsShown)));
      std::vector<std::string> to_domains;
      for (const RecipientFact& r : ctx.facts.recipients) {
        const std::string& d = r.address->domain_ascii;
        if (!r.internal && to_domains.size() < kMaxDomainsShown &&
            std::find(to_domains.begin(), to_domains.end(), d) == to_domains.end()) {
          to_domains.push_back(d);
        }
      }
      message =
          Text{fmt::format("添付ファイル「{}」{}に「{}」とあります。この相手は {} のはずですが、このメールは {}（{}）"
                           "宛てです。別の相手向けのファイルではありませんか",
                           a.attachment->name, where_ja, first.name, fmt::join(at, "、"), to_ja,
                           fmt::join(to_domains, "、")),
               fmt::format("The {} of the attachment \"{}\" names \"{}\", who is at {}, but this mail is for {} "
                           "({}). Is it a file meant for someone else?",
                           where_en, a.attachment->name, first.name, fmt::join(at, ", "), to_en,
                           fmt::join(to_domains, ", "))};
    } else {
      message = Text{fmt::format("添付ファイル「{}」{}に「{}」とありますが、このメールは{}"
                                 "宛てです。別の相手向けのファイルではありませんか",
                                 a.attachment->name, where_ja, first.name, to_ja),
                     fmt::format("The {} of the attachment \"{}\" names \"{}\", but this mail is for {}. Is it a file "
                                 "meant for someone else?",
                                 where_en, a.attachment->name, first.name, to_en)};
    }
    Finding f = make_finding(kMismatch, std::move(message));
    f.targets.push_back(first.in_content ? Target::inside(a.attachment->name, first.location, first.name)
                                         : Target::attachment(a.attachment->name));
    ValueList names;
    for (const std::string& s : shown) names.push_back(Value(s));
    ValueList addressed_values;
    for (const std::string& s : addressed) addressed_values.push_back(Value(s));
    f.evidence.set("attachment", a.attachment->name)
        .set("named", std::move(names))
        .set("in", first.in_content ? "content" : "file_name")
        .set("mail_addressed_to", std::move(addressed_values));
    if (first_known != nullptr) {
      ValueList at;
      for (const std::string& d : first_known->domains) at.push_back(Value(d));
      f.evidence.set("named_known_at", std::move(at));
    }
    out.push_back(std::move(f));
  }
}

}  // namespace

Rule attachment_mismatch() {
  return Rule{"attachment_mismatch", {kMismatch}, {}, run};
}

}  // namespace sg::rules
