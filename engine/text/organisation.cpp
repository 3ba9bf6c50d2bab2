// Organisation names: comparison keys, the organisation a display name carries, and the
// "name = domains" entries of the helpdesk's customer list.
#include "text/organisation.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>

#include "text/normalize.h"
#include "text/person_name.h"
#include "text/utf8.h"

namespace sg::text {

namespace {

// Japanese legal forms, found anywhere in folded text (NFKC turns ㈱ into "(株)" and ㍿ into
// 株式会社). A form that holds another comes first.
constexpr auto kJapaneseLegalForms = std::to_array<std::string_view>({"特定非営利活動法人",
                                                                      "地方独立行政法人",
                                                                      "一般社団法人",
                                                                      "公益社団法人",
                                                                      "一般財団法人",
                                                                      "公益財団法人",
                                                                      "社会福祉法人",
                                                                      "独立行政法人",
                                                                      "国立大学法人",
                                                                      "株式会社",
                                                                      "有限会社",
                                                                      "合同会社",
                                                                      "合資会社",
                                                                      "合名会社",
                                                                      "学校法人",
                                                                      "医療法人",
                                                                      "宗教法人",
                                                                      "npo法人",
                                                                      "(株)",
                                                                      "(有)",
                                                                      "(同)",
                                                                      "(資)",
                                                                      "(名)",
                                                                      "(社)",
                                                                      "(財)",
                                                                      "(医)",
                                                                      "(学)",
                                                                      "(独)"});

// Latin legal forms, folded, matched as whole words only ("Vincent" holds no "inc"). A form that
// holds another comes first.
constexpr auto kLatinLegalForms = std::to_array<std::string_view>(
    {"co., ltd.", "co.,ltd.", "co. ltd.", "co.ltd.", "co., ltd", "co.,ltd", "incorporated", "corporation", "limited",
     "l.l.c.",    "gmbh",     "corp.",    "corp",    "inc.",     "inc",     "ltd.",         "ltd",         "llc",
     "llp",       "plc",      "k.k.",     "co.",     "s.a.",     "b.v.",    "n.v.",         "pte.",        "pty."});

// The abbreviated forms that look like a bracketed part: "(株)アルファ" is not "アルファ" with a note.
constexpr auto kBracketedLegalForms = std::to_array<std::u32string_view>(
    {U"(株)", U"(有)", U"(同)", U"(資)", U"(名)", U"(社)", U"(財)", U"(医)", U"(学)", U"(独)"});

// Honorifics removed at the end of a name, folded.
constexpr auto kHonorifics = std::to_array<std::string_view>({"御中", "様", "殿", "さま"});

// Words that name an organisation without a legal form: the end of a Japanese word
// ("アルファ商事", "みなと銀行") or a whole Latin word ("Alpha Systems").
constexpr auto kJapaneseOrganisationEndings = std::to_array<std::string_view>({"商事",
                                                                               "物産",
                                                                               "商会",
                                                                               "商店",
                                                                               "銀行",
                                                                               "信用金庫",
                                                                               "証券",
                                                                               "保険",
                                                                               "大学",
                                                                               "病院",
                                                                               "工業",
                                                                               "産業",
                                                                               "製作所",
                                                                               "電機",
                                                                               "電気",
                                                                               "建設",
                                                                               "不動産",
                                                                               "研究所",
                                                                               "事務所",
                                                                               "協会",
                                                                               "組合",
                                                                               "機構",
                                                                               "ホールディングス",
                                                                               "システムズ"});
constexpr auto kLatinOrganisationWords = std::to_array<std::string_view>(
    {"holdings", "systems", "solutions", "technologies", "consulting", "partners", "bank", "university", "college",
     "institute", "foundation", "association", "laboratories", "labs", "trading", "industries", "pharmaceuticals"});

// What a bracketed part or a part after "/" can be besides an organisation: departments, titles,
// roles, tags ("[EXTERNAL]", "【社外】"). Folded, compared without spaces, hyphens and dots.
constexpr auto kNotOrganisations = std::to_array<std::string_view>(
    {"external", "ext",        "extern",    "internal", "guest",    "via",     "cc",      "bcc",         "fw",
     "fwd",      "re",         "private",   "personal", "mobile",   "home",    "work",    "old",         "new",
     "test",     "info",       "support",   "sales",    "admin",    "contact", "noreply", "helpdesk",    "service",
     "billing",  "accounting", "marketing", "hr",       "it",       "legal",   "finance", "engineering", "office",
     "team",     "staff",      "manager",   "director", "ceo",      "cto",     "cfo",     "president",   "pm",
     "japan",    "tokyo",      "osaka",     "社外",     "社内",     "外部",    "内部",    "重要",        "至急",
     "転送",     "代理",       "内線",      "携帯",     "本人",     "個人",    "私用",    "自宅",        "仕事",
     "旧",       "新",         "テスト",    "担当者",   "ご担当者", "代表",    "営業",    "総務",        "人事",
     "経理",     "広報",       "東京",      "大阪",     "本社",     "日本"});
// Endings of departments, titles and roles ("営業部", "第二課", "部長", "東京支店"); folded.
constexpr auto kNotOrganisationEndings = std::to_array<std::string_view>(
    {"部", "課", "室", "係", "局", "班", "支店", "支社", "営業所", "担当", "長", "グループ", "チーム", "センター"});
constexpr auto kNotOrganisationLatinEndings =
    std::to_array<std::string_view>({"dept", "department", "division", "team", "group", "office", "section", "unit"});

constexpr std::size_t kNotFound = std::string::npos;

template <std::size_t N, class T>
bool contains(const std::array<T, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The next whole-word occurrence of a Latin form in folded text, from `from`.
std::size_t find_word(std::string_view s, std::string_view form, std::size_t from) {
  for (std::size_t at = s.find(form, from); at != kNotFound; at = s.find(form, at + 1)) {
    const std::size_t end = at + form.size();
    if ((at == 0 || !ascii_alnum(s[at - 1])) && (end == s.size() || !ascii_alnum(s[end]))) return at;
  }
  return kNotFound;
}

bool folded_has_legal_form(std::string_view f) {
  return std::any_of(kJapaneseLegalForms.begin(), kJapaneseLegalForms.end(),
                     [&](std::string_view a) { return f.find(a) != kNotFound; }) ||
         std::any_of(kLatinLegalForms.begin(), kLatinLegalForms.end(),
                     [&](std::string_view a) { return find_word(f, a, 0) != kNotFound; });
}

std::string_view trim_trailing_spaces(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

UChar32 icu_char(char32_t c) {
  return static_cast<UChar32>(c);
}

std::u32string_view trim32(std::u32string_view s) {
  while (!s.empty() && s.front() == U' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == U' ') s.remove_suffix(1);
  return s;
}

// Honorifics cut off the end, repeatedly ("アルファ 御中", "佐藤さま").
std::u32string_view strip_honorific(std::u32string_view s) {
  for (bool changed = true; changed;) {
    changed = false;
    s = trim32(s);
    for (const std::string_view h : kHonorifics) {
      const std::u32string u = to_u32(h);
      if (s.size() > u.size() && s.ends_with(u)) {
        s.remove_suffix(u.size());
        changed = true;
      }
    }
  }
  return s;
}

struct Bracket {
  char32_t open;
  char32_t close;
};
// After NFKC: full-width (（［｛＜) and half-width (｢｣) forms are already their usual ones.
constexpr std::array<Bracket, 10> kBrackets = {{{U'(', U')'},
                                                {U'[', U']'},
                                                {U'{', U'}'},
                                                {U'<', U'>'},
                                                {U'【', U'】'},
                                                {U'「', U'」'},
                                                {U'『', U'』'},
                                                {U'〔', U'〕'},
                                                {U'〈', U'〉'},
                                                {U'《', U'》'}}};
constexpr std::array<Bracket, 5> kQuotes = {{{U'"', U'"'}, {U'\'', U'\''}, {U'“', U'”'}, {U'‘', U'’'}, {U'«', U'»'}}};

const Bracket* opening(char32_t c) {
  for (const Bracket& b : kBrackets) {
    if (b.open == c) return &b;
  }
  return nullptr;
}

bool is_ascii_atext(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9')) return true;
  return std::u32string_view(U"!#$%&'*+-=?^_`{}~.").find(c) != std::u32string_view::npos;
}

bool is_ascii_domain_char(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'-' || c == U'.';
}

// Whether the "@" at `at` is inside an e-mail address: an ASCII local part before it and an ASCII
// domain with a dot after it ("山田@ABC商事" is a name and a company).
bool address_at(std::u32string_view s, std::size_t at) {
  std::size_t b = at;
  while (b > 0 && is_ascii_atext(s[b - 1])) --b;
  std::size_t e = at + 1;
  while (e < s.size() && is_ascii_domain_char(s[e])) ++e;
  const std::u32string_view domain = s.substr(at + 1, e - at - 1);
  const std::size_t dot = domain.find(U'.');
  return b < at && dot != std::u32string_view::npos && dot > 0 && dot + 1 < domain.size();
}

// A part of a display name and how it was set apart.
enum class Place {
  plain,        // the text outside brackets, before any separator
  bracketed,    // "(…)", "【…】", …
  after_slash,  // after "/", "|" or a non-address "@"
  after_dash,   // after " - ", "–", "—"
};
struct Part {
  std::u32string text;
  Place place = Place::plain;
};

std::vector<Part> split_parts(std::u32string_view s) {
  std::vector<Part> parts;
  std::u32string current;
  Place place = Place::plain;
  const auto flush = [&](Place next) {
    const std::u32string_view t = trim32(current);
    if (!t.empty()) parts.push_back(Part{std::u32string(t), place});
    current.clear();
    place = next;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (const Bracket* b = opening(c)) {
      const auto legal = std::find_if(kBracketedLegalForms.begin(), kBracketedLegalForms.end(),
                                      [&](std::u32string_view f) { return s.substr(i).starts_with(f); });
      if (legal != kBracketedLegalForms.end()) {
        current += *legal;
        i += legal->size() - 1;
        continue;
      }
      flush(Place::plain);
      std::size_t depth = 1;
      std::size_t j = i + 1;
      for (; j < s.size() && depth > 0; ++j) {
        if (s[j] == b->open && b->open != b->close) ++depth;
        if (s[j] == b->close) --depth;
      }
      const std::size_t end = depth == 0 ? j - 1 : s.size();  // an unclosed bracket runs to the end
      const std::u32string_view inner = trim32(s.substr(i + 1, end - i - 1));
      if (!inner.empty()) parts.push_back(Part{std::u32string(inner), Place::bracketed});
      i = depth == 0 ? j - 1 : s.size();
    } else if (c == U'/' || c == U'|' || (c == U'@' && !address_at(s, i))) {
      flush(Place::after_slash);
    } else if (c == U'–' || c == U'—' || c == U'―' ||
               (c == U'-' && i > 0 && s[i - 1] == U' ' && i + 1 < s.size() && s[i + 1] == U' ')) {
      flush(Place::after_dash);
    } else {
      current += c;
    }
  }
  flush(Place::plain);
  return parts;
}

std::vector<std::u32string> words_of(std::u32string_view s) {
  std::vector<std::u32string> out;
  std::u32string w;
  for (const char32_t c : s) {
    if (c == U' ') {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::u32string join(const std::vector<std::u32string>& words, std::size_t begin, std::size_t end) {
  std::u32string out;
  for (std::size_t k = begin; k < end; ++k) {
    if (!out.empty()) out += U' ';
    out += words[k];
  }
  return out;
}

// The name as it is returned: honorifics cut, a trailing comma dropped; "" without a key.
std::string finish(std::u32string_view name) {
  name = strip_honorific(name);
  while (!name.empty() && (name.back() == U',' || name.back() == U'、')) name = trim32(name.substr(0, name.size() - 1));
  std::string out = to_utf8(name);
  return organisation_key(out).empty() ? std::string() : out;
}

enum class Marker { none, japanese, latin };

// Whether a word is (or holds) a legal form, or with `org_words` an organisation word.
Marker marker_of(std::u32string_view word, bool org_words) {
  std::string f = fold(to_utf8(word));
  while (!f.empty() && (f.back() == ',' || f.back() == ' ')) f.pop_back();
  if (!org_words) {
    if (std::any_of(kJapaneseLegalForms.begin(), kJapaneseLegalForms.end(),
                    [&](std::string_view a) { return f.find(a) != kNotFound; })) {
      return Marker::japanese;
    }
    return contains(kLatinLegalForms, f) ? Marker::latin : Marker::none;
  }
  const std::string bare = fold(to_utf8(strip_honorific(word)));
  for (const std::string_view e : kJapaneseOrganisationEndings) {
    if (bare.size() > e.size() && bare.ends_with(e)) return Marker::japanese;
  }
  return contains(kLatinOrganisationWords, f) ? Marker::latin : Marker::none;
}

// The organisation within one part whose words carry a marker (legal forms, or organisation
// words): a Japanese one is its word (a lone "株式会社" takes the next word, or the one before);
// a Latin one runs from the part's start, or the last comma before it, through the marker words.
std::string organisation_in_part(std::u32string_view part, bool org_words) {
  const std::vector<std::u32string> words = words_of(part);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Marker m = marker_of(words[i], org_words);
    if (m == Marker::none) continue;
    if (m == Marker::japanese) {
      if (std::string own = finish(words[i]); !own.empty()) return own;
      if (i + 1 < words.size()) return finish(join(words, i, i + 2));
      if (i > 0) return finish(join(words, i - 1, i + 1));
      continue;
    }
    std::size_t last = i;
    while (last + 1 < words.size() && marker_of(words[last + 1], org_words) == Marker::latin) ++last;
    std::size_t first = 0;
    for (std::size_t k = 0; k < i; ++k) {
      if (words[k].back() == U',') first = k + 1;
    }
    if (first == i) continue;  // the marker alone names nothing
    return finish(join(words, first, last + 1));
  }
  return {};
}

bool is_hiragana_or_mark(char32_t c) {
  return (c >= U'\u3041' && c <= U'\u309F') || c == U'ー' || c == U'・' || c == U' ';
}

// Without spaces, hyphens and dots, for the lists of words that are not organisations.
std::string compact(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c != ' ' && c != '-' && c != '.' && c != '_') out += c;
  }
  return out;
}

// Whether a part without a legal form can be an organisation: one word, not a department, title,
// role or tag, not a reading in hiragana, with letters and no digits, no address.
bool plausible_organisation(std::u32string_view candidate) {
  candidate = strip_honorific(candidate);
  if (candidate.empty() || candidate.find(U' ') != std::u32string_view::npos) return false;
  if (candidate.find(U'@') != std::u32string_view::npos) return false;
  if (std::all_of(candidate.begin(), candidate.end(), is_hiragana_or_mark)) return false;
  bool letter = false;
  for (const char32_t c : candidate) {
    if (u_isdigit(icu_char(c))) return false;
    letter = letter || u_hasBinaryProperty(icu_char(c), UCHAR_ALPHABETIC);
  }
  if (!letter) return false;
  const std::string f = fold(to_utf8(candidate));
  if (contains(kNotOrganisations, compact(f))) return false;
  for (const std::string_view e : kNotOrganisationEndings) {
    if (f.ends_with(e)) return false;
  }
  for (const std::string_view e : kNotOrganisationLatinEndings) {
    if (f.size() >= e.size() && f.ends_with(e) && (f.size() == e.size() || !ascii_alnum(f[f.size() - e.size() - 1]))) {
      return false;
    }
  }
  return !organisation_key(to_utf8(candidate)).empty();
}

// The display name, NFKC, spaces and controls as one space, invisible characters gone, and
// quotes around the whole removed.
std::u32string prepare(std::string_view display_name) {
  std::u32string text;
  for (const char32_t c : to_u32(nfkc(display_name))) {
    if (u_isUWhiteSpace(icu_char(c)) || u_iscntrl(icu_char(c))) {
      text += U' ';
    } else if (!u_hasBinaryProperty(icu_char(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      text += c;
    }
  }
  for (;;) {
    const std::u32string_view t = trim32(text);
    const bool quoted = t.size() >= 2 && std::any_of(kQuotes.begin(), kQuotes.end(), [&](const Bracket& q) {
                          return t.front() == q.open && t.back() == q.close;
                        });
    if (!quoted) return std::u32string(t);
    text = std::u32string(t.substr(1, t.size() - 2));
  }
}

bool is_separator_char(char32_t c) {
  return c == U',' || c == U'，' || c == U'、' || c == U' ' || c == U'\u3000' || c == U'\t';
}

}  // namespace

std::string organisation_key(std::string_view name) {
  if (name.size() > kMaxDisplayNameBytes) return {};
  std::string k = fold(name);
  for (const std::string_view a : kJapaneseLegalForms) {
    for (std::size_t at = k.find(a); at != kNotFound; at = k.find(a)) k.erase(at, a.size());
  }
  for (const std::string_view a : kLatinLegalForms) {
    for (std::size_t at = find_word(k, a, 0); at != kNotFound; at = find_word(k, a, at))
      k.replace(at, a.size(), 1, ' ');
  }
  for (bool changed = true; changed;) {
    changed = false;
    k.resize(trim_trailing_spaces(k).size());
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
    const char32_t c = decode_utf8(k, i);
    if (c == U' ' || c == U'・' || c == U'.' || c == U',' || c == U'-' || c == U'(' || c == U')' || c == U'&' ||
        c == U'\'' || c == U'"') {
      continue;
    }
    out.append(k, start, i - start);
  }
  return out.size() >= kMinOrganisationKeyBytes ? out : std::string();
}

bool has_legal_form(std::string_view name) {
  return name.size() <= kMaxDisplayNameBytes && folded_has_legal_form(fold(name));
}

bool has_organisation_affix(std::string_view name) {
  if (name.size() > kMaxDisplayNameBytes) return false;
  const std::string f = fold(name);
  const std::string_view t = trim_trailing_spaces(f);
  return folded_has_legal_form(f) ||
         std::any_of(kHonorifics.begin(), kHonorifics.end(), [&](std::string_view h) { return t.ends_with(h); });
}

bool same_organisation(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  return a.find(b) != std::string_view::npos || b.find(a) != std::string_view::npos;
}

std::string organisation_in_display_name(std::string_view display_name) {
  if (display_name.empty() || display_name.size() > kMaxDisplayNameBytes) return {};
  const std::u32string text = prepare(display_name);
  const std::vector<Part> parts = split_parts(text);
  // A legal form, wherever it is; then a name for an organisation (御中); then an organisation word.
  for (const Part& p : parts) {
    if (folded_has_legal_form(fold(to_utf8(p.text)))) {
      if (std::string org = organisation_in_part(p.text, false); !org.empty()) return org;
    }
  }
  for (const Part& p : parts) {
    const std::string f = fold(to_utf8(p.text));
    if (trim_trailing_spaces(f).ends_with("御中")) {
      if (std::string org = finish(p.text); !org.empty()) return org;
    }
  }
  for (const Part& p : parts) {
    if (std::string org = organisation_in_part(p.text, true); !org.empty()) return org;
  }
  // Without a marker, only next to a person's name: a bracketed part, or what follows a "/".
  std::u32string outside;
  for (const Part& p : parts) {
    if (p.place == Place::bracketed) continue;
    outside += (outside.empty() ? U"" : U" ") + p.text;
  }
  for (const Part& p : parts) {
    if (p.place == Place::bracketed && plausible_organisation(p.text) && !person_name_key(to_utf8(outside)).empty()) {
      return finish(p.text);
    }
  }
  for (std::size_t k = 1; k < parts.size(); ++k) {
    const Part& p = parts[k];
    if (p.place != Place::after_slash || !plausible_organisation(p.text)) continue;
    if (!person_name_key(to_utf8(parts[k - 1].text)).empty()) return finish(p.text);
  }
  return {};
}

std::optional<OrganisationEntry> parse_organisation_entry(std::string_view entry) {
  std::size_t eq = entry.find('=');
  std::size_t eq_len = 1;
  if (const std::size_t wide = entry.find("＝"); wide != std::string_view::npos && (eq == kNotFound || wide < eq)) {
    eq = wide;
    eq_len = std::string_view("＝").size();
  }
  if (eq == kNotFound) return std::nullopt;
  OrganisationEntry out;
  out.name = std::string(trim(entry.substr(0, eq)));
  const std::string_view rest = entry.substr(eq + eq_len);
  std::string piece;
  const auto flush = [&] {
    const std::string_view t = trim(piece);
    if (!t.empty()) out.domains.emplace_back(t);
    piece.clear();
  };
  for (std::size_t i = 0; i < rest.size();) {
    const std::size_t start = i;
    const char32_t c = decode_utf8(rest, i);
    if (is_separator_char(c)) {
      flush();
    } else {
      piece.append(rest.substr(start, i - start));
    }
  }
  flush();
  return out;
}

namespace {

bool email_local_char(char c) {
  return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool email_domain_char(char c) {
  return ascii_alnum(c) || c == '.' || c == '-';
}

// The domain of the first e-mail address in an (ASCII-addressed) line, lower-cased; "" when none.
std::string email_domain_in(std::string_view line) {
  for (std::size_t at = line.find('@'); at != std::string_view::npos; at = line.find('@', at + 1)) {
    if (at == 0 || !email_local_char(line[at - 1])) continue;
    std::size_t end = at + 1;
    while (end < line.size() && email_domain_char(line[end])) ++end;
    std::string_view domain = line.substr(at + 1, end - at - 1);
    while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) domain.remove_suffix(1);
    const std::size_t dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot < 3) continue;
    return ascii_lower(domain);
  }
  return {};
}

// A line without its quote marks ("> > ", "| ") and surrounding spaces.
std::string_view unquoted(std::string_view line) {
  for (;;) {
    line = trim(line);
    if (line.starts_with(">") || line.starts_with("|")) {
      line.remove_prefix(1);
    } else if (line.starts_with("\xEF\xBC\x9E")) {  // full-width ＞
      line.remove_prefix(3);
    } else {
      return line;
    }
  }
}

}  // namespace

std::vector<SignatureOrganisation> organisations_in_signatures(std::string_view text) {
  std::vector<SignatureOrganisation> out;
  std::vector<std::string_view> block;  // the lines since the last empty one, unquoted
  for (std::size_t pos = 0; pos <= text.size() && out.size() < kMaxSignatureOrganisations;) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = unquoted(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) {
      block.clear();
      continue;
    }
    block.push_back(line);
    if (line.size() > kMaxDisplayNameBytes) continue;
    const std::string domain = email_domain_in(line);
    if (domain.empty()) continue;
    // The address's own line first, then the lines above it, nearest first.
    std::string name;
    const std::size_t first = block.size() > kSignatureLinesAbove + 1 ? block.size() - kSignatureLinesAbove - 1 : 0;
    for (std::size_t k = block.size(); k-- > first && name.empty();) {
      if (block[k].size() <= kMaxDisplayNameBytes && has_legal_form(block[k])) {
        name = organisation_in_display_name(block[k]);
      }
    }
    if (name.empty()) continue;
    const std::string key = organisation_key(name);
    const bool seen = std::any_of(out.begin(), out.end(), [&](const SignatureOrganisation& o) {
      return o.domain == domain && organisation_key(o.name) == key;
    });
    if (!seen) out.push_back({std::move(name), domain});
  }
  return out;
}

}  // namespace sg::text
