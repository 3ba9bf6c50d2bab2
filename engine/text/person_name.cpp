// Comparison keys for display names: decorations stripped, words folded, Latin words in any order.
#include "text/person_name.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sg::text {

namespace {

// Generic role names: a display name that is one of these, or made of these words only ("Sales
// Team", "営業部 担当者"), names a mailbox, not a person. Folded (NFKC_Casefold) and compared
// without spaces, hyphens, dots and underscores.
constexpr auto kRoleNames = std::to_array<std::string_view>(
    {"info", "information", "support", "sales", "admin", "administrator", "contact", "contactus", "noreply",
     "donotreply", "postmaster", "webmaster", "hostmaster", "mailerdaemon", "helpdesk", "customersupport",
     "customerservice", "service", "billing", "accounting", "accounts", "office", "team", "newsletter", "notification",
     "notifications", "news", "marketing", "hr", "recruit", "recruiting", "jobs", "press", "security", "system", "root",
     "abuse", "customer", "desk", "center", "centre", "department", "dept", "group", "staff",
     // Japanese
     "営業部", "総務部", "人事部", "経理部", "広報部", "営業", "総務", "人事", "経理", "広報", "お問い合わせ",
     "お問合せ", "お問合わせ", "問い合わせ", "問合せ", "お問い合わせ窓口", "担当者", "ご担当者", "ご担当", "担当",
     "カスタマーサポート", "カスタマーセンター", "カスタマーサービス", "サポートセンター", "サポートデスク", "サポート",
     "ヘルプデスク", "事務局", "窓口", "受付", "採用担当", "インフォメーション", "管理者", "システム管理者", "関係者",
     "代表"});

// Honorifics and titles, removed as whole words at either end. Folded.
constexpr auto kHonorificWords = std::to_array<std::string_view>(
    {"様",     "さま", "サマ",  "さん", "殿",   "御中",   "先生", "氏",   "君",   "くん",
     "ちゃん", "各位", "mr",    "mr.",  "mrs",  "mrs.",   "ms",   "ms.",  "miss", "dr",
     "dr.",    "prof", "prof.", "san",  "sama", "sensei", "-san", "-sama"});

// Honorifics written onto the end of the last word: "山田様", "Kubota-san". Longest first.
constexpr auto kHonorificSuffixes =
    std::to_array<std::string_view>({"-sensei", "-sama", "-chan", "-dono", "-san", "-kun", "ちゃん", "さま", "サマ",
                                     "さん", "御中", "先生", "各位", "くん", "様", "殿", "氏", "君"});

// Titles written onto the start of the first word: "Mr.Kubota", "Dr.Yamada".
constexpr auto kTitlePrefixes = std::to_array<std::string_view>({"prof.", "mrs.", "mr.", "ms.", "dr."});

constexpr std::size_t kNoComma = static_cast<std::size_t>(-1);

struct Brackets {
  char32_t open;
  char32_t close;
};
// After NFKC: full-width (（［｛＜) and half-width (｢｣) forms are already their usual ones.
constexpr std::array<Brackets, 13> kBrackets = {{{U'(', U')'},
                                                 {U'[', U']'},
                                                 {U'{', U'}'},
                                                 {U'<', U'>'},
                                                 {U'【', U'】'},
                                                 {U'「', U'」'},
                                                 {U'『', U'』'},
                                                 {U'〔', U'〕'},
                                                 {U'〈', U'〉'},
                                                 {U'《', U'》'},
                                                 {U'〖', U'〗'},
                                                 {U'〘', U'〙'},
                                                 {U'⦅', U'⦆'}}};
constexpr std::array<Brackets, 7> kQuotes = {
    {{U'"', U'"'}, {U'\'', U'\''}, {U'“', U'”'}, {U'‘', U'’'}, {U'«', U'»'}, {U'「', U'」'}, {U'『', U'』'}}};

bool is_open(char32_t c) {
  return std::any_of(kBrackets.begin(), kBrackets.end(), [c](const Brackets& b) { return b.open == c; });
}
bool is_close(char32_t c) {
  return std::any_of(kBrackets.begin(), kBrackets.end(), [c](const Brackets& b) { return b.close == c; });
}

UChar32 icu_char(char32_t c) {
  return static_cast<UChar32>(c);
}

// Quotation marks other than the apostrophe never belong to a name.
bool is_quote(char32_t c) {
  return c == U'"' || c == U'“' || c == U'”' || c == U'«' || c == U'»' || c == U'„';
}

bool is_space(char32_t c) {
  return c == U' ';
}

std::u32string_view trim_spaces(std::u32string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Removes quotes that enclose the whole text, repeatedly: "'Taro Yamada'", 「山田」. (Brackets
// around everything are dropped with their content like any bracketed part.)
std::u32string_view unwrap(std::u32string_view s) {
  for (;;) {
    s = trim_spaces(s);
    if (s.size() < 2) return s;
    const bool quoted = std::any_of(kQuotes.begin(), kQuotes.end(),
                                    [s](const Brackets& q) { return s.front() == q.open && s.back() == q.close; });
    if (!quoted) return s;
    s = s.substr(1, s.size() - 2);
  }
}

// Bracketed parts replaced by a space; an unclosed bracket runs to the end.
std::u32string drop_brackets(std::u32string_view s) {
  std::u32string out;
  std::size_t depth = 0;
  for (const char32_t c : s) {
    if (is_open(c)) {
      if (depth++ == 0) out += U' ';
    } else if (is_close(c)) {
      if (depth > 0) --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

bool is_ascii_atext(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9')) return true;
  return std::u32string_view(U"!#$%&'*+-/=?^_`{|}~.").find(c) != std::u32string_view::npos;
}

bool is_ascii_domain_char(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'-' || c == U'.';
}

// Whether a space-separated run looks like an e-mail address: an ASCII local part, "@", and an
// ASCII domain with a dot ("Taro@ABC" is a name and a company).
bool has_address(std::u32string_view s) {
  for (std::size_t at = s.find(U'@'); at != std::u32string_view::npos; at = s.find(U'@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && is_ascii_atext(s[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < s.size() && is_ascii_domain_char(s[e])) ++e;
    const std::u32string_view domain = s.substr(at + 1, e - at - 1);
    const bool local = b < at && (b == 0 || is_space(s[b - 1]));
    const bool dotted = domain.find(U'.') != std::u32string_view::npos && (e == s.size() || is_space(s[e]));
    if (local && dotted) return true;
  }
  return false;
}

bool is_latin_word(std::u32string_view w) {
  bool letter = false;
  for (const char32_t c : w) {
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(icu_char(c), &status);
    if (script == USCRIPT_LATIN) {
      letter = true;
    } else if (script != USCRIPT_INHERITED && c != U'-' && c != U'\'' && c != U'’' && c != U'.') {
      return false;
    }
  }
  return letter;
}

// Whether a word has a Latin letter or a digit: not part of a name written in Japanese.
bool has_latin_or_digit(std::u32string_view w) {
  return std::any_of(w.begin(), w.end(), [](char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    return u_isdigit(icu_char(c)) || uscript_getScript(icu_char(c), &status) == USCRIPT_LATIN;
  });
}

// At least two letters and every cased letter in capitals: "KUBOTA".
bool is_capitals(std::u32string_view w) {
  std::size_t letters = 0;
  for (const char32_t c : w) {
    if (!u_isalpha(icu_char(c))) continue;
    ++letters;
    if (u_islower(icu_char(c))) return false;
  }
  return letters >= 2;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

struct Name {
  std::vector<std::u32string> words;  // NFKC, case kept
  std::size_t words_before_comma = kNoComma;
  bool latin = false;  // every word Latin
};

bool strip_honorifics(Name& name) {
  auto& w = name.words;
  bool changed = false;
  while (!w.empty() && contains(kHonorificWords, fold(to_utf8(w.front())))) {
    w.erase(w.begin());
    if (name.words_before_comma != kNoComma) {
      name.words_before_comma = name.words_before_comma > 1 ? name.words_before_comma - 1 : kNoComma;
    }
    changed = true;
  }
  while (!w.empty() && contains(kHonorificWords, fold(to_utf8(w.back())))) {
    w.pop_back();
    changed = true;
  }
  if (!w.empty()) {
    const std::string first = fold(to_utf8(w.front()));
    for (const std::string_view title : kTitlePrefixes) {
      if (first.size() > title.size() && first.starts_with(title)) {
        w.front() = to_u32(std::string_view(first).substr(title.size()));
        changed = true;
        break;
      }
    }
  }
  if (!w.empty()) {
    const std::u32string last = w.back();
    const std::string folded = fold(to_utf8(last));
    for (const std::string_view suffix : kHonorificSuffixes) {
      if (folded.size() > suffix.size() && folded.ends_with(suffix)) {
        // The suffix is case-insensitive ASCII or kana: cut as many code points off the original.
        const std::size_t cut = to_u32(suffix).size();
        if (last.size() > cut) {
          w.back() = last.substr(0, last.size() - cut);
          changed = true;
        }
        break;
      }
    }
  }
  if (name.words_before_comma != kNoComma && name.words_before_comma >= w.size()) {
    name.words_before_comma = kNoComma;
  }
  return changed;
}

std::optional<Name> parse(std::string_view display_name) {
  // NFKC: full-width letters and brackets, half-width kana and the ideographic space become their
  // usual forms. Other spaces and controls become one space; invisible characters go.
  std::u32string text;
  for (const char32_t c : to_u32(nfkc(display_name))) {
    if (u_isUWhiteSpace(icu_char(c)) || u_iscntrl(icu_char(c))) {
      text += U' ';
    } else if (!u_hasBinaryProperty(icu_char(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      text += c;
    }
  }

  std::u32string s = drop_brackets(unwrap(text));
  s = std::u32string(unwrap(s));
  // A company or department after a separator; "@" only when it is not an address.
  if (const std::size_t cut = s.find_first_of(U"/|"); cut != std::u32string::npos) s.resize(cut);
  if (has_address(s)) return std::nullopt;
  if (const std::size_t cut = s.find(U'@'); cut != std::u32string::npos) s.resize(cut);

  Name name;
  std::u32string word;
  const auto flush = [&] {
    if (!word.empty()) name.words.push_back(std::move(word));
    word.clear();
  };
  for (const char32_t c : s) {
    if (c == U',' || c == U'、') {
      flush();
      if (name.words_before_comma == kNoComma) name.words_before_comma = name.words.size();
    } else if (is_space(c) || c == U'・' || is_quote(c)) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  // Apostrophes belong inside a word (O'Brien), not around it.
  for (auto& w : name.words) {
    const auto apostrophe = [](char32_t c) { return c == U'\'' || c == U'’' || c == U'‘'; };
    while (!w.empty() && apostrophe(w.back())) w.pop_back();
    while (!w.empty() && apostrophe(w.front())) w.erase(w.begin());
  }
  std::erase_if(name.words, [](const std::u32string& w) { return w.empty(); });
  if (name.words_before_comma == 0) name.words_before_comma = kNoComma;

  while (strip_honorifics(name)) {
  }
  if (name.words.empty()) return std::nullopt;
  name.latin = std::all_of(name.words.begin(), name.words.end(), [](const auto& w) { return is_latin_word(w); });
  return name;
}

// Without spaces, hyphens, dots and underscores, for the role names.
std::string compact(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c != ' ' && c != '-' && c != '.' && c != '_') out += c;
  }
  return out;
}

std::string fold_word(std::u32string_view w, bool latin) {
  std::string f = fold(to_utf8(w));
  if (latin) {
    while (!f.empty() && f.back() == '.') f.pop_back();  // "J." and "J" alike
  }
  return f;
}

std::string key_of(const Name& name) {
  std::vector<std::string> words;
  for (const auto& w : name.words) {
    std::string f = fold_word(w, name.latin);
    if (!f.empty()) words.push_back(std::move(f));
  }
  std::string key;
  if (name.latin) std::sort(words.begin(), words.end());
  for (const auto& w : words) {
    if (name.latin && !key.empty()) key += ' ';
    key += w;
  }

  std::size_t characters = 0;
  bool letter = false;
  for (std::size_t i = 0; i < key.size();) {
    const char32_t c = decode_utf8(key, i);
    if (c == U' ') continue;
    ++characters;
    letter = letter || u_hasBinaryProperty(icu_char(c), UCHAR_ALPHABETIC);
  }
  if (characters < 2 || !letter) return {};
  const bool role = contains(kRoleNames, compact(key)) || std::all_of(words.begin(), words.end(), [](const auto& w) {
                      return contains(kRoleNames, compact(w));
                    });
  return role ? std::string() : key;
}

}  // namespace

std::string person_name_key(std::string_view display_name) {
  const auto name = parse(display_name);
  return name ? key_of(*name) : std::string();
}

std::string family_name_key(std::string_view display_name) {
  const auto name = parse(display_name);
  if (!name || key_of(*name).empty()) return {};
  const auto& w = name->words;
  if (name->latin) {
    if (name->words_before_comma == 1) return fold_word(w[0], true);
    if (w.size() != 2) return {};
    const bool first_capitals = is_capitals(w[0]) && !is_capitals(w[1]);
    return fold_word(first_capitals ? w[0] : w[1], true);
  }
  if (w.size() != 2 || has_latin_or_digit(w[0]) || has_latin_or_digit(w[1])) return {};
  return fold_word(w[0], false);
}

}  // namespace sg::text
