// Whether a name written in a mail's text names a recipient: same-script names, romaji, local parts.
#include "text/name_match.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "text/normalize.h"
#include "text/person_name.h"
#include "text/utf8.h"

namespace sg::text {

namespace {

// A local-part word this long says who the mailbox belongs to ("abe", "ootsuka"); "t" does not.
constexpr std::size_t kMinInformativeLocalWord = 3;
// "Alex" for "Alexander": a greeting word this long may be the start of the recipient's word.
constexpr std::size_t kMinShortFormChars = 3;
// A name this short (after folding) is matched only whole, never as the start or end of a word.
constexpr std::size_t kMinPartialChars = 2;

// Old and variant forms of kanji common in family names, to their everyday form: people write
// 斎藤 for 齋藤 and 高橋 for 髙橋, and NFKC leaves these apart.
constexpr std::array<std::pair<char32_t, char32_t>, 34> kKanjiVariants = {{
    {U'齋', U'斎'}, {U'齊', U'斎'}, {U'斉', U'斎'}, {U'髙', U'高'}, {U'﨑', U'崎'}, {U'嵜', U'崎'}, {U'碕', U'崎'},
    {U'邊', U'辺'}, {U'邉', U'辺'}, {U'澤', U'沢'}, {U'濱', U'浜'}, {U'嶋', U'島'}, {U'嶌', U'島'}, {U'𠮷', U'吉'},
    {U'廣', U'広'}, {U'國', U'国'}, {U'櫻', U'桜'}, {U'瀨', U'瀬'}, {U'德', U'徳'}, {U'惠', U'恵'}, {U'眞', U'真'},
    {U'實', U'実'}, {U'藏', U'蔵'}, {U'龍', U'竜'}, {U'條', U'条'}, {U'冨', U'富'}, {U'曾', U'曽'}, {U'槇', U'槙'},
    {U'舘', U'館'}, {U'會', U'会'}, {U'壽', U'寿'}, {U'榮', U'栄'}, {U'淺', U'浅'}, {U'讀', U'読'},
}};

// English short forms that are not the start of the full name ("Bob" for Robert).
constexpr auto kShortForms = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"bob", "robert"},      {"bobby", "robert"},   {"rob", "robert"},      {"bill", "william"},
    {"billy", "william"},   {"will", "william"},   {"liam", "william"},    {"jim", "james"},
    {"jimmy", "james"},     {"mike", "michael"},   {"mikey", "michael"},   {"dick", "richard"},
    {"rick", "richard"},    {"richie", "richard"}, {"ted", "edward"},      {"ned", "edward"},
    {"tony", "anthony"},    {"jack", "john"},      {"peggy", "margaret"},  {"maggie", "margaret"},
    {"meg", "margaret"},    {"sue", "susan"},      {"liz", "elizabeth"},   {"beth", "elizabeth"},
    {"betty", "elizabeth"}, {"kate", "katherine"}, {"kate", "catherine"},  {"katy", "katherine"},
    {"kathy", "katherine"}, {"jenny", "jennifer"}, {"joe", "joseph"},      {"joey", "joseph"},
    {"hank", "henry"},      {"harry", "henry"},    {"jack", "jacob"},      {"steve", "stephen"},
    {"steve", "steven"},    {"dave", "david"},     {"andy", "andrew"},     {"drew", "andrew"},
    {"sandy", "alexandra"}, {"chuck", "charles"},  {"charlie", "charles"}, {"sally", "sarah"},
    {"polly", "mary"},      {"molly", "mary"},     {"patty", "patricia"},  {"trish", "patricia"},
    {"becky", "rebecca"},   {"nancy", "ann"},
});

// ICU's Japanese-to-Latin rules; Any-Latin would read kanji as Chinese (前田 -> "qian tian").
constexpr std::string_view kRomajiRules = "Hiragana-Latin; Katakana-Latin; Latin-ASCII";

// Mailbox words that name a function, not a person (besides person_name_key's role names).
constexpr auto kLocalRoleWords = std::to_array<std::string_view>(
    {"mail",     "email",   "inquiry",     "inquiries", "order",    "orders",    "reply",   "user",  "users",
     "test",     "web",     "shop",        "store",     "list",     "members",   "member",  "post",  "box",
     "ml",       "reserve", "reservation", "ask",       "hello",    "hi",        "privacy", "legal", "partner",
     "partners", "event",   "events",      "career",    "careers",  "kojin",     "soumu",   "somu",  "eigyo",
     "eigyou",   "jinji",   "keiri",       "uketsuke",  "toiawase", "otoiawase", "tantou",  "tanto"});

// Organisations given as a display name ("株式会社ABC", "ABC Inc."): not a person to compare with.
constexpr auto kOrganisationMarks = std::to_array<std::string_view>(
    {"株式会社", "有限会社", "合同会社", "合資会社", "会社", "(株)", "(有)", "協会", "組合", "法人", "財団", "大学",
     "学校", "病院", "事務所", "御中", "センター", "事務局"});
constexpr auto kOrganisationWords =
    std::to_array<std::string_view>({"inc", "ltd", "llc", "corp", "corporation", "company", "co", "gmbh", "limited",
                                     "university", "plc", "kk", "group", "holdings", "association", "bank"});

enum class Script { latin, kana, han, other };

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

UScriptCode script_code(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &status);
}

bool is_word_break(char32_t c) {
  return c == U' ' || c == U'・' || c == U',' || c == U'、';
}

// The script a folded name is written in: any kanji makes it han; kana with Latin letters, or
// digits and symbols, make it other.
Script script_of(std::string_view folded) {
  bool han = false;
  bool kana = false;
  bool latin = false;
  bool other = false;
  for (std::size_t i = 0; i < folded.size();) {
    const char32_t c = decode_utf8(folded, i);
    if (is_word_break(c) || c == U'-' || c == U'\'' || c == U'’' || c == U'.' || c == U'ー') continue;
    switch (script_code(c)) {
      case USCRIPT_HAN: han = true; break;
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA: kana = true; break;
      case USCRIPT_LATIN: latin = true; break;
      default: other = other || c != U'々'; han = han || c == U'々';
    }
  }
  if (han) return Script::han;
  if (other || (kana && latin)) return Script::other;
  if (kana) return Script::kana;
  return latin ? Script::latin : Script::other;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t c = decode_utf8(s, i);
    if (is_word_break(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.append(s.substr(at, i - at));
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += w;
  return out;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

bool is_vowel(char c) {
  return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
}

bool has_prefix_or_suffix(std::string_view word, std::string_view part) {
  return part.size() >= kMinPartialChars && (word.starts_with(part) || word.ends_with(part));
}

// A word of a name: as folded, and its romaji key.
struct NameWord {
  std::string folded;
  std::string key;
};

// The letters of a folded Latin word ("j." -> "j").
std::string letters_of(std::string_view w) {
  std::string out;
  for (const char c : ascii_lower(w)) {
    if (c >= 'a' && c <= 'z') out += c;
  }
  return out;
}

// Whether `short_key` is a usual short form of `full_key` (romaji keys: "zyim" for "zyames").
bool is_short_form(std::string_view short_key, std::string_view full_key) {
  static const std::vector<std::pair<std::string, std::string>> keyed = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [nick, full] : kShortForms) out.emplace_back(romaji_key(nick), romaji_key(full));
    return out;
  }();
  return std::any_of(keyed.begin(), keyed.end(),
                     [&](const auto& f) { return f.first == short_key && f.second == full_key; });
}

// One greeting word against one word of the recipient's Latin name.
bool latin_word_matches(const NameWord& g, const NameWord& d) {
  if (g.key.empty() || d.key.empty()) return false;
  if (g.key == d.key) return true;
  if (g.key.size() >= kMinShortFormChars && d.key.starts_with(g.key)) return true;  // "Alex", "Alexander"
  if (is_short_form(g.key, d.key)) return true;
  // An initial on either side: "J. Smith".
  const std::string gl = letters_of(g.folded);
  const std::string dl = letters_of(d.folded);
  return !gl.empty() && !dl.empty() && (gl.size() == 1 || dl.size() == 1) && gl.front() == dl.front();
}

// The display name's comparison key when it names a person: "" for none, an address, a role
// mailbox ("info", "営業部") or an organisation ("株式会社ABC", "ABC Inc.").
std::string person_key(std::string_view display_name) {
  std::string key = person_name_key(display_name);
  if (key.empty()) return key;
  const std::vector<std::string> words = words_of(key);
  const bool organisation = std::any_of(kOrganisationMarks.begin(), kOrganisationMarks.end(),
                                        [&](std::string_view m) { return key.find(m) != std::string::npos; }) ||
                            std::any_of(words.begin(), words.end(), [](std::string w) {
                              while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
                              return contains(kOrganisationWords, w);
                            });
  return organisation ? std::string() : key;
}

// Romaji keys of a kana or Latin name's words.
std::vector<NameWord> romaji_words(const std::vector<std::string>& words) {
  std::vector<NameWord> out;
  for (const std::string& w : words) {
    std::string k = romaji_key(w);
    if (!k.empty()) out.push_back({w, std::move(k)});
  }
  return out;
}

std::string joined_keys(const std::vector<NameWord>& words) {
  std::string out;
  for (const NameWord& w : words) out += w.key;
  return out;
}

std::string without_kanji_variants(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = decode_utf8(s, i);
    for (const auto& [variant, usual] : kKanjiVariants) {
      if (c == variant) c = usual;
    }
    append_utf8(out, c == kInvalidCodePoint ? U'\uFFFD' : c);
  }
  return out;
}

NameMatch by_display_name(const std::vector<std::string>& greeting, Script g, std::string_view key, Script d) {
  if (g == Script::han && d == Script::han) {
    const std::string whole = without_kanji_variants(joined(greeting));
    if (key.starts_with(whole) || key.ends_with(whole) || whole.starts_with(key)) return NameMatch::same;
    // "日立 山田様": the first word may have been a company after all.
    if (greeting.size() > 1 && key.starts_with(without_kanji_variants(greeting.back()))) return NameMatch::same;
    return NameMatch::different;
  }
  if (g != Script::latin && g != Script::kana) return NameMatch::unknown;
  const std::vector<NameWord> gw = romaji_words(greeting);
  if (gw.empty()) return NameMatch::unknown;
  if (d == Script::latin) {
    const std::vector<NameWord> dw = romaji_words(words_of(key));
    const bool all = std::all_of(gw.begin(), gw.end(), [&](const NameWord& x) {
      return std::any_of(dw.begin(), dw.end(), [&](const NameWord& y) { return latin_word_matches(x, y); });
    });
    return all ? NameMatch::same : NameMatch::different;
  }
  if (d == Script::kana) {
    const std::string dk = romaji_key(key);
    const std::string gk = joined_keys(gw);
    if (dk.starts_with(gk) || dk.ends_with(gk) || gk.starts_with(dk)) return NameMatch::same;
    return NameMatch::different;
  }
  return NameMatch::unknown;
}

bool is_informative_local_word(const std::string& w) {
  return w.size() >= kMinInformativeLocalWord && !contains(kLocalRoleWords, w) && !person_name_key(w).empty();
}

NameMatch by_local_part(const std::vector<std::string>& greeting, Script g, std::string_view local_part) {
  if (g != Script::latin && g != Script::kana) return NameMatch::unknown;
  const std::vector<NameWord> gw = romaji_words(greeting);
  const std::vector<std::string> lw = local_part_words(local_part);
  for (const std::string& t : lw) {
    const std::string tk = romaji_key(t);
    for (const NameWord& x : gw) {
      if (tk == x.key || has_prefix_or_suffix(tk, x.key)) return NameMatch::same;
    }
  }
  return std::any_of(lw.begin(), lw.end(), is_informative_local_word) ? NameMatch::different : NameMatch::unknown;
}

class RomajiTransliterator {
 public:
  RomajiTransliterator() {
    UErrorCode status = U_ZERO_ERROR;
    t_.reset(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(icu::StringPiece(kRomajiRules.data(), static_cast<int32_t>(kRomajiRules.size()))),
        UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t_.reset();
  }

  std::string operator()(std::string_view s) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    {
      // A Transliterator keeps no per-call state we rely on, but ICU does not promise thread safety.
      const std::lock_guard<std::mutex> lock(mutex_);
      if (t_) t_->transliterate(u);
    }
    std::string out;
    u.toUTF8String(out);
    return out;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<icu::Transliterator> t_;
};

}  // namespace

std::string kana_to_romaji(std::string_view s) {
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return std::string(s);  // nothing to transliterate
  }
  static RomajiTransliterator transliterate;
  return transliterate(nfkc(s));
}

std::string romaji_key(std::string_view latin) {
  std::string s;
  for (const char c : ascii_lower(kana_to_romaji(latin))) {
    if (c >= 'a' && c <= 'z') s += c;
  }
  replace_all(s, "tsu", "tu");
  replace_all(s, "shi", "si");
  replace_all(s, "chi", "ti");
  replace_all(s, "fu", "hu");
  replace_all(s, "ji", "zi");
  replace_all(s, "sh", "sy");
  replace_all(s, "ch", "ty");
  replace_all(s, "j", "zy");
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == 'm' && (s[i + 1] == 'b' || s[i + 1] == 'm' || s[i + 1] == 'p')) s[i] = 'n';
  }
  // Long vowels, until none is left ("ooo" is rare but "ouu" is not).
  std::string folded;
  for (bool changed = true; changed;) {
    changed = false;
    folded.clear();
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      const char next = i + 1 < s.size() ? s[i + 1] : '\0';
      const bool long_o =
          c == 'o' && (next == 'u' || next == 'o' || (next == 'h' && (i + 2 >= s.size() || !is_vowel(s[i + 2]))));
      const bool doubled = is_vowel(c) && c != 'o' && next == c && c != 'e';
      folded += c;
      if (long_o || doubled) {
        ++i;
        changed = true;
      }
    }
    s.swap(folded);
  }
  return s;
}

std::vector<std::string> local_part_words(std::string_view local_part) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : ascii_lower(local_part)) {
    if (c >= 'a' && c <= 'z') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

NameMatch match_person_name(std::string_view name, std::string_view display_name, std::string_view local_part) {
  const std::string folded = fold(name);
  const std::vector<std::string> greeting = words_of(folded);
  if (greeting.empty()) return NameMatch::unknown;
  const Script g = script_of(folded);

  const std::string key = person_key(display_name);
  const NameMatch display =
      key.empty() ? NameMatch::unknown : by_display_name(greeting, g, without_kanji_variants(key), script_of(key));
  const NameMatch local = by_local_part(greeting, g, local_part);
  if (display == NameMatch::same || local == NameMatch::same) return NameMatch::same;
  if (display == NameMatch::different || local == NameMatch::different) return NameMatch::different;
  return NameMatch::unknown;
}

}  // namespace sg::text
