// content.pii: personal data in the subject, the body or the attachments' text, found by the
// validating detectors of text/pii.h (Luhn and issuer ranges, My Number check digits, Japanese
// numbering, ...). Weight grows with volume: a pasted list of 500 customers scores more than one
// card number, and contact details (phone, e-mail, postal address) count only as a list, since
// every business mail carries a few. The sender's own signature is not scanned; quoted history
// only for the sensitive kinds (other people's signatures live there).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "rules/catalog.h"
#include "rules/finding_text.h"
#include "text/pii.h"
#include "text/utf8.h"

namespace sg::rules {

namespace {

using text::PiiKind;

const FindingSpec kPii{"content.pii",
                       "content",
                       Severity::warning,
                       6.0,
                       Text{"本文または添付に個人情報（カード番号、マイナンバー、連絡先の一覧など）",
                            "Personal data in the body or attachments (card numbers, My Numbers, lists of "
                            "contact details, ...)"},
                       std::nullopt};

constexpr std::string_view kListThreshold = "/rules/content.pii/list_threshold";
constexpr std::size_t kMaxTargets = 20;   // spans and attachment parts shown; evidence counts all
constexpr std::size_t kDangerItems = 20;  // from this many items the finding is a danger
constexpr double kMaxScale = 3.0;         // 1 item: x1, 10: x2, 100 and more: x3
constexpr std::size_t kMaxExamples = 5;   // masked examples in the evidence

std::vector<Parameter> options() {
  return {rule_option(kPii.id, "list_threshold", ParamType::integer, Value(std::int64_t{5}),
                      Text{"電話番号・メールアドレス・住所は、1 通の中にこの件数以上あるときだけ個人情報の一覧とみなす"
                           "（署名の電話番号 1 件は一覧ではない）",
                           "Phone numbers, e-mail addresses and postal addresses count only when a mail holds at "
                           "least this many (one number in a signature is not a customer list)"},
                      1, 100000)};
}

struct KindText {
  std::string_view ja;
  std::string_view en;
};

constexpr std::array<KindText, text::kPiiKinds> kKindText = {{
    {"カード番号", "card number"},
    {"マイナンバー", "My Number"},
    {"法人番号", "corporate number"},
    {"電話番号", "phone number"},
    {"メールアドレス", "e-mail address"},
    {"住所", "postal address"},
    {"口座番号", "bank account number"},
    {"生年月日", "date of birth"},
}};

// Personal data on its own: one is enough.
bool sensitive(PiiKind k) {
  return k == PiiKind::card || k == PiiKind::my_number || k == PiiKind::bank_account || k == PiiKind::birth_date;
}
// Contact details: personal data as a list.
bool contact(PiiKind k) {
  return k == PiiKind::phone || k == PiiKind::email || k == PiiKind::postal_address;
}

using Counts = std::array<std::size_t, text::kPiiKinds>;

struct Place {
  std::string in;        // "subject", "body" or "attachment"
  std::string name;      // attachment
  std::string location;  // attachment: sheet, page, entry ("" = the file)
  Counts counts{};
};

struct Scan {
  Counts total{};
  std::vector<Place> places;
  std::vector<Target> targets;
  std::vector<std::string> examples;
};

Value counts_value(const Counts& c) {
  Value v = Value::object();
  for (std::size_t k = 0; k < c.size(); ++k) {
    if (c[k] > 0)
      v.set(std::string(text::pii_kind_id(static_cast<PiiKind>(k))), Value(static_cast<std::int64_t>(c[k])));
  }
  return v;
}

// The addresses of the people on the mail: their own e-mail addresses in the text are not a leak.
std::vector<std::string> people_on_the_mail(const RuleContext& ctx) {
  std::vector<std::string> out;
  if (ctx.draft.from) out.push_back(text::ascii_lower(ctx.draft.from->address()));
  for (const RecipientFact& r : ctx.facts.recipients) out.push_back(text::ascii_lower(r.address->address()));
  return out;
}

// Scans `text` ([begin, end) of it) and adds what counts to `scan`. `only_sensitive`: quoted history.
// `on_match` makes the target of a kept match.
template <class OnMatch>
void scan_text(std::string_view text, bool only_sensitive, const std::vector<std::string>& people, Place& place,
               Scan& scan, OnMatch on_match) {
  if (text.empty()) return;
  const text::PiiScan found = text::scan_pii(text);
  for (std::size_t k = 0; k < text::kPiiKinds; ++k) {
    const auto kind = static_cast<PiiKind>(k);
    if (only_sensitive && !sensitive(kind)) continue;
    std::size_t n = found.counts[k];
    if (kind == PiiKind::email) {
      // Subtract the kept matches that are addresses of people on the mail.
      for (const text::PiiMatch& m : found.matches) {
        if (m.kind != kind) continue;
        const std::string a = text::ascii_lower(text.substr(m.begin, m.end - m.begin));
        if (std::find(people.begin(), people.end(), a) != people.end() && n > 0) --n;
      }
    }
    place.counts[k] += n;
  }
  for (const text::PiiMatch& m : found.matches) {
    if (only_sensitive && !sensitive(m.kind)) continue;
    if (m.kind == PiiKind::corporate_number) continue;  // public register: counted, not shown
    if (m.kind == PiiKind::email) {
      const std::string a = text::ascii_lower(text.substr(m.begin, m.end - m.begin));
      if (std::find(people.begin(), people.end(), a) != people.end()) continue;
    }
    if (scan.examples.size() < kMaxExamples) scan.examples.push_back(m.masked);
    if (scan.targets.size() < kMaxTargets) on_match(m);
  }
}

void run(const RuleContext& ctx, std::vector<Finding>& out) {
  const auto threshold = static_cast<std::size_t>(std::max<std::int64_t>(1, ctx.profile.integer(kListThreshold)));
  const std::vector<std::string> people = people_on_the_mail(ctx);
  Scan scan;

  // Subject and body: offsets in code points of the scored text.
  {
    Place place{"subject", {}, {}, {}};
    const std::string_view subject = ctx.draft.subject;
    scan_text(subject, false, people, place, scan, [&](const text::PiiMatch& m) {
      scan.targets.push_back(Target::span(Target::Kind::subject, code_point_offset(subject, m.begin),
                                          code_point_offset(subject, m.end), m.masked));
    });
    scan.places.push_back(std::move(place));
  }
  {
    Place place{"body", {}, {}, {}};
    const std::string_view body = ctx.facts.body_text;
    const std::size_t own_end = std::min(ctx.facts.body_parts.own_end, body.size());
    const std::size_t quote_begin = std::clamp(ctx.facts.body_parts.quote_begin, own_end, body.size());
    // [0, own_end): the sender's own text; [own_end, quote_begin): their signature, not scanned;
    // [quote_begin, end): quoted history.
    const auto span_target = [&](std::size_t base) {
      return [&, base](const text::PiiMatch& m) {
        scan.targets.push_back(Target::span(Target::Kind::body, code_point_offset(body, base + m.begin),
                                            code_point_offset(body, base + m.end), m.masked));
      };
    };
    scan_text(body.substr(0, own_end), false, people, place, scan, span_target(0));
    scan_text(body.substr(quote_begin), true, people, place, scan, span_target(quote_begin));
    scan.places.push_back(std::move(place));
  }
  for (const AttachmentFact& a : ctx.facts.attachments) {
    if (!a.extracted) continue;
    for (const extract::TextPart& part : a.extracted->parts) {
      Place place{"attachment", a.attachment->name, part.location, {}};
      bool shown = false;
      scan_text(part.text, false, people, place, scan, [&](const text::PiiMatch& m) {
        if (shown) return;  // one target per part: the dialog names the file and the sheet
        shown = true;
        scan.targets.push_back(Target::inside(a.attachment->name, part.location, m.masked));
      });
      scan.places.push_back(std::move(place));
    }
  }

  for (const Place& p : scan.places) {
    for (std::size_t k = 0; k < text::kPiiKinds; ++k) scan.total[k] += p.counts[k];
  }
  std::size_t sensitive_items = 0;
  std::size_t contact_items = 0;
  for (std::size_t k = 0; k < text::kPiiKinds; ++k) {
    const auto kind = static_cast<PiiKind>(k);
    if (sensitive(kind)) sensitive_items += scan.total[k];
    if (contact(kind)) contact_items += scan.total[k];
  }
  const bool is_list = contact_items >= threshold;
  if (sensitive_items == 0 && !is_list) return;
  const std::size_t items = sensitive_items + (is_list ? contact_items : 0);

  std::vector<std::string> kinds_ja;
  std::vector<std::string> kinds_en;
  for (std::size_t k = 0; k < text::kPiiKinds; ++k) {
    const auto kind = static_cast<PiiKind>(k);
    if (scan.total[k] == 0 || kind == PiiKind::corporate_number || (contact(kind) && !is_list)) continue;
    kinds_ja.push_back(fmt::format("{} {} 件", kKindText[k].ja, scan.total[k]));
    kinds_en.push_back(fmt::format("{} {}{}", scan.total[k], kKindText[k].en, scan.total[k] == 1 ? "" : "s"));
  }
  bool in_body = false;
  bool in_attachments = false;
  std::vector<std::string> files;
  for (const Place& p : scan.places) {
    std::size_t n = 0;
    for (std::size_t k = 0; k < text::kPiiKinds; ++k) n += p.counts[k];
    if (n == 0) continue;
    if (p.in == "attachment") {
      in_attachments = true;
      if (std::find(files.begin(), files.end(), p.name) == files.end()) files.push_back(p.name);
    } else {
      in_body = true;
    }
  }
  const std::string where_ja = in_body && in_attachments ? "本文と添付ファイル"
                               : in_attachments          ? "添付ファイル"
                                                         : "本文";
  const std::string where_en = in_body && in_attachments ? "text and attachments"
                               : in_attachments          ? "attachments"
                                                         : "text";
  Finding f = make_finding(
      kPii,
      Text{fmt::format("{}に個人情報があります（{}）。この宛先に送ってよいか、暗号化や削除が必要か確認してください",
                       where_ja, fmt::join(kinds_ja, "、")),
           fmt::format("The {} contain personal data ({}); check that it may go to these recipients, or "
                       "encrypt or remove it",
                       where_en, fmt::join(kinds_en, ", "))});
  if (scan.total[static_cast<std::size_t>(PiiKind::card)] + scan.total[static_cast<std::size_t>(PiiKind::my_number)] >
          0 ||
      items >= kDangerItems) {
    f.severity = Severity::danger;
  }
  f.scale = std::min(kMaxScale, 1.0 + std::log10(static_cast<double>(items)));
  f.targets = std::move(scan.targets);
  ValueList places;
  for (Place& p : scan.places) {
    std::size_t n = 0;
    for (const std::size_t c : p.counts) n += c;
    if (n == 0) continue;
    Value where = Value::object().set("in", p.in);
    if (p.in == "attachment") where.set("name", p.name).set("location", p.location);
    where.set("counts", counts_value(p.counts));
    places.push_back(std::move(where));
  }
  ValueList examples;
  for (std::string& e : scan.examples) examples.push_back(Value(std::move(e)));
  f.evidence.set("counts", counts_value(scan.total))
      .set("items", Value(static_cast<std::int64_t>(items)))
      .set("list_threshold", Value(static_cast<std::int64_t>(threshold)))
      .set("where", std::move(places))
      .set("examples", std::move(examples));
  if (!files.empty()) {
    f.suggestion = Suggestion{Suggestion::Kind::encrypt_attachments, {}, {}, {}, files};
  }
  out.push_back(std::move(f));
}

}  // namespace

Rule content_pii() {
  return Rule{"content_pii", {kPii}, options(), run};
}

}  // namespace sg::rules
