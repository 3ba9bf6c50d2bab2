// The addressees of a mail's salutation block, Japanese and English, at code-point offsets.
#include "text/greeting.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <optional>

#include "text/utf8.h"

namespace sg::text {

namespace {

// One word of a Japanese person's name ("長谷川真由美" is 6) with room to spare.
constexpr std::size_t kMaxPersonNameChars = 12;
// "三浦 裕子様": a first word and a last word this short are a family and a given name.
constexpr std::size_t kMaxFamilyNameChars = 3;
constexpr std::size_t kMaxGivenNameChars = 3;
// "山田さん、お疲れさまです。": the name read from the start of a sentence is at most this long.
constexpr std::size_t kMaxLeadingNameChars = 6;
// "Dear John Ronald Reuel Tolkien": more words than this is not a name.
constexpr std::size_t kMaxEnglishNameWords = 4;
// "株式会社朝凪観光": a line above the person is an organisation when at most this long.
constexpr std::size_t kMaxOrganisationLineChars = 40;
// One word of a name in Latin letters ("Christopherson" is 14).
constexpr std::size_t kMaxLatinWordChars = 30;
// Latin words that may extend a name written before a Japanese honorific ("John Smith様").
constexpr std::size_t kMaxLatinNameWords = 3;

using Kind = Addressee::Kind;

struct Line {
  std::u32string text;     // original code points (at most kMaxSalutationLineChars of them)
  std::u32string norm;     // same length: full-width ASCII folded, spaces to ' ', ASCII lower-cased
  std::size_t base = 0;    // code-point offset of the line in the body
  bool truncated = false;  // the line is longer than kMaxSalutationLineChars
};

struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
  [[nodiscard]] std::size_t size() const { return end - begin; }
};

char32_t normalised(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
  if (c == U'\t' || c == U'\u3000' || (c != kInvalidCodePoint && u_isUWhiteSpace(static_cast<UChar32>(c)))) return U' ';
  if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
  return c;
}

Line decode_line(std::string_view raw, std::size_t base) {
  Line line;
  line.base = base;
  for (std::size_t i = 0; i < raw.size();) {
    if (line.text.size() == kMaxSalutationLineChars) {
      line.truncated = true;
      break;
    }
    char32_t c = decode_utf8(raw, i);
    if (c == kInvalidCodePoint) c = U'\uFFFD';
    line.text += c;
    line.norm += normalised(c);
  }
  return line;
}

std::string utf8_of(std::u32string_view s) {
  std::string out;
  for (const char32_t c : s) append_utf8(out, c);
  return out;
}

std::string text_of(const Line& line, std::size_t b, std::size_t e) {
  return utf8_of(std::u32string_view(line.text).substr(b, e - b));
}

bool starts_at(std::u32string_view s, std::size_t i, std::u32string_view what) {
  return i <= s.size() && s.substr(i).starts_with(what);
}

bool ends_with_any(std::u32string_view s, std::initializer_list<std::u32string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(), [s](std::u32string_view x) { return s.ends_with(x); });
}

UScriptCode script_of(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &status);
}

bool is_latin_letter(char32_t c) {
  return script_of(c) == USCRIPT_LATIN && u_isalpha(static_cast<UChar32>(c));
}

bool is_japanese_letter(char32_t c) {
  const UScriptCode s = script_of(c);
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || c == U'々' || c == U'ー' || c == U'ゝ' ||
         c == U'ゞ' || c == U'ヽ' || c == U'ヾ';
}

// ---------------------------------------------------------------------------------------------
// Japanese

struct Honorific {
  std::u32string_view text;
  Kind kind;
};

// Longest first where one is the start of another.
constexpr std::array<Honorific, 13> kHonorifics = {{{U"御中", Kind::organisation},
                                                    {U"各位", Kind::group},
                                                    {U"ちゃん", Kind::person},
                                                    {U"先生", Kind::person},
                                                    {U"さま", Kind::person},
                                                    {U"サマ", Kind::person},
                                                    {U"さん", Kind::person},
                                                    {U"サン", Kind::person},
                                                    {U"くん", Kind::person},
                                                    {U"どの", Kind::person},
                                                    {U"様", Kind::person},
                                                    {U"殿", Kind::person},
                                                    {U"君", Kind::person}}};

// Titles written after a name ("山田部長様") or standing before it ("部長 山田様"). Longest first.
constexpr auto kTitles = std::to_array<std::u32string_view>(
    {U"代表取締役", U"支店長", U"工場長", U"本部長", U"副社長", U"理事長", U"准教授", U"取締役", U"社長",
     U"会長",       U"部長",   U"課長",   U"係長",   U"次長",   U"室長",   U"所長",   U"局長",   U"専務",
     U"常務",       U"教授",   U"院長",   U"校長",   U"主任",   U"店長",   U"代表"});

// Departments: "情報システム部", "営業所", "採用担当".
constexpr auto kDepartmentSuffixes =
    std::to_array<std::u32string_view>({U"部門", U"グループ", U"チーム", U"センター", U"支店", U"支社", U"営業所",
                                        U"事業所", U"工場", U"研究所", U"事務局", U"窓口", U"担当", U"本社", U"本店"});
// Department endings that also end family names (阿部, 服部, 小室): a department only after a
// department word ("購買部") or a longer name ("経営企画部", "業務推進室").
constexpr auto kShortDepartmentSuffixes = std::to_array<std::u32string_view>({U"部", U"課", U"室", U"係", U"局"});
constexpr std::size_t kMinLongDepartmentPrefix = 3;

// Department names ("営業 山田様", "購買部"): never a family name.
constexpr auto kDepartmentWords = std::to_array<std::u32string_view>(
    {U"営業", U"総務", U"人事", U"経理", U"広報", U"開発", U"技術", U"企画", U"購買", U"法務",
     U"資材", U"製造", U"品質", U"設計", U"研究", U"調達", U"財務", U"物流", U"業務", U"管理",
     U"採用", U"情報", U"商品", U"生産", U"販売", U"宣伝", U"制作", U"編集", U"施設", U"保守",
     U"運用", U"監査", U"教育", U"研修", U"知財", U"事業", U"戦略", U"国際", U"海外", U"推進",
     U"保証", U"庶務", U"経営", U"秘書", U"電算", U"工務", U"第一", U"第二", U"第三", U"本"});

// Organisations: "株式会社朝凪観光様", "(株)ABC 御中".
constexpr auto kOrganisationMarks = std::to_array<std::u32string_view>(
    {U"株式会社", U"有限会社", U"合同会社", U"合資会社", U"会社", U"(株)", U"(有)", U"㈱", U"㈲", U"協会", U"組合",
     U"法人", U"財団", U"大学", U"学校", U"病院", U"事務所", U"ホールディングス"});

// A group, not a person: 皆様, みなさま, ご担当者様, お客様, 関係者各位, 営業部の皆様.
constexpr auto kGroupEndings = std::to_array<std::u32string_view>(
    {U"皆",   U"皆々", U"みな", U"ミナ",   U"担当者", U"ご担当", U"御担当", U"関係者", U"お客",   U"御客", U"会員",
     U"株主", U"社員", U"職員", U"保護者", U"参加者", U"出席者", U"委員",   U"諸",     U"取引先", U"各位"});

template <std::size_t N>
bool ends_with_one_of(std::u32string_view s, const std::array<std::u32string_view, N>& list) {
  return std::any_of(list.begin(), list.end(),
                     [s](std::u32string_view x) { return s.size() >= x.size() && s.ends_with(x); });
}

template <std::size_t N>
bool contains_one_of(std::u32string_view s, const std::array<std::u32string_view, N>& list) {
  return std::any_of(list.begin(), list.end(), [s](std::u32string_view x) { return s.find(x) != s.npos; });
}

template <std::size_t N>
bool is_one_of(std::u32string_view s, const std::array<std::u32string_view, N>& list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool is_separator(char32_t c) {
  return c == U' ' || c == U'、' || c == U',' || c == U'・' || c == U'/' || c == U';' || c == U':' || c == U'(' ||
         c == U')' || c == U'「' || c == U'」' || c == U'【' || c == U'】' || c == U'『' || c == U'』' || c == U'〈' ||
         c == U'〉' || c == U'&' || c == U'。' || c == U'.' || c == U'!' || c == U'?' || c == U'〜' || c == U'~';
}

// What may follow an honorific: the end of the line, a separator, or "へ" then one of those.
// ("山田様と佐藤様": と joins two names.)
bool boundary_after(std::u32string_view norm, std::size_t i) {
  if (i >= norm.size() || is_separator(norm[i]) || norm[i] == U'と') return true;
  return norm[i] == U'へ' && (i + 1 >= norm.size() || is_separator(norm[i + 1]));
}

struct HonorificHit {
  std::size_t begin = 0;
  std::size_t end = 0;
  Kind kind = Kind::person;
};

// The first honorific in norm[from, limit) that closes a name; a person's honorific needs a name
// before it ("殿村様" is a name, not 殿).
std::optional<HonorificHit> find_honorific(std::u32string_view norm, std::size_t from, std::size_t limit) {
  for (std::size_t i = from; i < limit; ++i) {
    for (const Honorific& h : kHonorifics) {
      if (!starts_at(norm, i, h.text) || !boundary_after(norm, i + h.text.size())) continue;
      if (h.kind == Kind::person && i == from) continue;
      return HonorificHit{i, i + h.text.size(), h.kind};
    }
  }
  return std::nullopt;
}

std::vector<Range> words_of(std::u32string_view norm, std::size_t from, std::size_t to) {
  std::vector<Range> words;
  std::size_t i = from;
  while (i < to) {
    while (i < to && norm[i] == U' ') ++i;
    const std::size_t b = i;
    while (i < to && norm[i] != U' ') ++i;
    if (i > b) words.push_back({b, i});
  }
  return words;
}

std::size_t title_suffix_length(std::u32string_view w) {
  for (const std::u32string_view t : kTitles) {
    if (w.size() > t.size() && w.ends_with(t)) return t.size();
  }
  return 0;
}

bool is_department(std::u32string_view w) {
  if (is_one_of(w, kDepartmentWords) || ends_with_one_of(w, kDepartmentSuffixes)) return true;
  if (!ends_with_one_of(w, kShortDepartmentSuffixes)) return false;
  const std::u32string_view prefix = w.substr(0, w.size() - 1);
  return prefix.size() >= kMinLongDepartmentPrefix || is_one_of(prefix, kDepartmentWords);
}

// A title, a department, or a title after a department ("営業部長", "代表取締役社長").
bool is_title_or_department(std::u32string_view w) {
  return is_one_of(w, kTitles) || ends_with_one_of(w, kTitles) || is_department(w);
}

bool is_organisation(std::u32string_view w) {
  return contains_one_of(w, kOrganisationMarks);
}

bool all_of(std::u32string_view w, bool (*pred)(char32_t)) {
  return !w.empty() && std::all_of(w.begin(), w.end(), pred);
}

bool is_name_char(char32_t c) {
  return is_japanese_letter(c) || is_latin_letter(c) || c == U'-' || c == U'\'' || c == U'’' || c == U'.' || c == U'・';
}

bool is_name_like(std::u32string_view w) {
  const bool latin = !w.empty() && is_latin_letter(w.front());
  return w.size() <= (latin ? kMaxLatinWordChars : kMaxPersonNameChars) && all_of(w, is_name_char) &&
         std::any_of(w.begin(), w.end(), [](char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; });
}

bool is_latin_word(std::u32string_view w) {
  return is_name_like(w) && is_latin_letter(w.front());
}

// Collects the addressees; organisation lines wait until a person or group follows them.
class Collector {
 public:
  std::vector<Addressee> out;
  std::vector<Line> pending;  // lines above that may name the organisation

  void add(const Line& line, Kind kind, Range name, Range span) {
    if (out.size() >= kMaxAddressees) return;
    flush();
    out.push_back({kind, text_of(line, name.begin, name.end), line.base + span.begin, line.base + span.end});
  }

  // The organisation words among `words` (titles and departments dropped), as one addressee.
  void add_organisation(const Line& line, const std::vector<Range>& words) {
    std::optional<Range> org;
    for (const Range& w : words) {
      if (is_title_or_department(std::u32string_view(line.norm).substr(w.begin, w.size()))) continue;
      if (org) {
        org->end = w.end;
      } else {
        org = w;
      }
    }
    if (org) add(line, Kind::organisation, *org, *org);
  }

 private:
  void flush() {
    std::vector<Line> lines;
    lines.swap(pending);
    for (const Line& l : lines) add_organisation(l, words_of(l.norm, 0, l.norm.size()));
  }
};

// "三浦 裕子様": the word before the last is a family name when both are short Japanese words and
// it is no department ("営業 山田様") or title.
bool is_family_and_given(std::u32string_view family, std::u32string_view given) {
  const auto japanese = [](std::u32string_view w) { return all_of(w, is_japanese_letter); };
  return japanese(family) && japanese(given) && family.size() <= kMaxFamilyNameChars &&
         given.size() <= kMaxGivenNameChars && !is_title_or_department(family) && !is_organisation(family);
}

// One "…様" segment: organisation words, then the person (or group, or organisation before 御中).
bool add_segment(const Line& line, const std::vector<Range>& words, const HonorificHit& h, Collector& c) {
  const std::u32string_view norm = line.norm;
  const auto word = [&](std::size_t k) { return norm.substr(words[k].begin, words[k].size()); };
  if (h.kind == Kind::organisation) {
    if (words.empty()) return false;
    c.add(line, Kind::organisation, {words.front().begin, words.back().end}, {words.front().begin, h.end});
    return true;
  }
  if (words.empty()) {  // 各位 alone
    c.add(line, Kind::group, {h.begin, h.end}, {h.begin, h.end});
    return true;
  }
  const std::size_t last = words.size() - 1;
  const Range head = words[last];
  const std::u32string_view head_text = word(last);
  const std::u32string_view name = head_text.substr(0, head_text.size() - title_suffix_length(head_text));
  const std::vector<Range> before(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(last));

  if (name.empty() || is_one_of(name, kTitles)) return false;  // "部長様"
  Kind kind = Kind::person;
  if (h.kind == Kind::group || ends_with_one_of(name, kGroupEndings)) {
    kind = Kind::group;
  } else if (is_organisation(name) || is_title_or_department(name)) {
    kind = Kind::organisation;  // "株式会社ABC様", "経理部様": not a person
  } else if (!is_name_like(name)) {
    return false;
  }
  if (kind != Kind::person) {
    c.add_organisation(line, before);
    c.add(line, kind, head, {head.begin, h.end});
    return true;
  }

  std::size_t first = last;  // first word of the person's name
  if (is_latin_word(head_text)) {
    while (first > 0 && last - first + 1 < kMaxLatinNameWords && is_latin_word(word(first - 1))) --first;
  } else if (last > 0 && is_family_and_given(word(last - 1), name)) {
    first = last - 1;
  }
  c.add_organisation(line, std::vector<Range>(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(first)));
  c.add(line, Kind::person, {words[first].begin, head.begin + name.size()}, {words[first].begin, h.end});
  return true;
}

// Skips separators and a label ("（CC：佐藤様）", "宛先：山田様").
std::size_t skip_separators(std::u32string_view norm, std::size_t i, std::size_t to) {
  static constexpr std::array<std::u32string_view, 5> kLabels = {U"bcc", U"cc", U"to", U"宛先", U"宛名"};
  for (;;) {
    while (i < to && is_separator(norm[i])) ++i;
    const auto label = std::find_if(kLabels.begin(), kLabels.end(), [&](std::u32string_view l) {
      const std::size_t k = i + l.size();
      return starts_at(norm, i, l) && k < to && (norm[k] == U':' || (l.ends_with(U"cc") && norm[k] == U' '));
    });
    if (label == kLabels.end()) return i;
    i += label->size() + 1;
  }
}

// The "…様" segments of norm[from, to). In a sentence, only those at its very start, each a single
// short word ("山田さん、お疲れさまです。").
bool parse_japanese(const Line& line, std::size_t from, std::size_t to, bool leading_only, Collector& c) {
  const std::u32string_view norm = line.norm;
  bool named = false;
  std::size_t pos = from;
  while (pos < to) {
    pos = skip_separators(norm, pos, to);
    if (pos >= to) break;
    const std::size_t limit = leading_only ? std::min(to, pos + kMaxLeadingNameChars + 1) : to;
    const auto h = find_honorific(norm, pos, limit);
    if (!h) break;
    const std::vector<Range> words = words_of(norm, pos, h->begin);
    if (leading_only && (words.size() != 1 || words.front().size() > kMaxLeadingNameChars)) break;
    named = add_segment(line, words, *h, c) || named;
    pos = h->end;
    if (pos < to && (norm[pos] == U'へ' || norm[pos] == U'と')) ++pos;
  }
  return named;
}

// A line that says something rather than naming someone.
bool is_sentence(const Line& line) {
  if (line.truncated) return true;
  std::u32string_view n = line.norm;
  while (!n.empty() && (n.back() == U' ' || n.back() == U'!' || n.back() == U'?' || n.back() == U'。')) {
    if (n.back() == U'。') return true;
    n.remove_suffix(1);
  }
  if (n.find(U'。') != n.npos) return true;
  if (ends_with_any(n, {U"です", U"ます", U"ました", U"ません", U"ください", U"下さい", U"でした"})) return true;
  static constexpr std::array<std::u32string_view, 14> kPhrases = {
      U"お世話",   U"お疲れ",     U"おつかれ", U"ありがとう",   U"有難う",     U"いつも",   U"平素",
      U"申し上げ", U"いたします", U"致します", U"はじめまして", U"初めまして", U"ご無沙汰", U"失礼"};
  if (contains_one_of(n, kPhrases)) return true;
  // English: "Please find the file attached." ("Mr." alone is no sentence end).
  const std::vector<Range> words = words_of(n, 0, n.size());
  return words.size() >= 3 && (n.ends_with(U".") || n.find(U'?') != n.npos);
}

// ---------------------------------------------------------------------------------------------
// English

constexpr auto kEnglishTitles = std::to_array<std::u32string_view>(
    {U"mr", U"mrs", U"ms", U"miss", U"dr", U"prof", U"professor", U"mx", U"messrs", U"mister"});

constexpr auto kEnglishHonorifics =
    std::to_array<std::u32string_view>({U"san", U"sama", U"sensei", U"kun", U"chan", U"dono"});

constexpr auto kEnglishGroupWords = std::to_array<std::u32string_view>(
    {U"all",       U"team",       U"teams",       U"everyone",  U"everybody", U"colleagues", U"colleague",
     U"sir",       U"sirs",       U"madam",       U"madams",    U"friends",   U"friend",     U"customer",
     U"customers", U"member",     U"members",     U"folks",     U"guys",      U"both",       U"there",
     U"partners",  U"partner",    U"sales",       U"support",   U"staff",     U"department", U"manager",
     U"managers",  U"committee",  U"board",       U"concern",   U"whom",      U"hiring",     U"recruiter",
     U"valued",    U"client",     U"clients",     U"user",      U"users",     U"admin",      U"administrator",
     U"owner",     U"applicant",  U"candidate",   U"gentlemen", U"ladies",    U"people",     U"participants",
     U"attendees", U"subscriber", U"subscribers", U"reader",    U"readers",   U"you",        U"office",
     U"service",   U"accounts",   U"billing",     U"hr",        U"webmaster", U"organizers", U"organisers"});

// Lower-case name particles that may start a word of a name ("van", "de").
constexpr auto kNameParticles = std::to_array<std::u32string_view>(
    {U"van", U"von", U"de", U"der", U"den", U"da", U"di", U"du", U"del", U"della", U"la", U"le", U"bin", U"al"});

// Longest first where one is the start of another.
constexpr auto kEnglishOpenings = std::to_array<std::u32string_view>(
    {U"good morning", U"good afternoon", U"good evening", U"greetings", U"dear", U"hello", U"hey", U"hi"});

std::u32string_view without_dot(std::u32string_view w) {
  while (!w.empty() && w.back() == U'.') w.remove_suffix(1);
  return w;
}

// One addressee of an English salutation: "Mr. Maeda", "John Smith", "Maeda-san", "all".
void add_english_piece(const Line& line, Range piece, Collector& c) {
  const std::u32string_view norm = line.norm;
  std::vector<Range> words = words_of(norm, piece.begin, piece.end);
  if (words.empty()) return;
  const auto word = [&](const Range& w) { return norm.substr(w.begin, w.size()); };
  if (std::any_of(words.begin(), words.end(),
                  [&](const Range& w) { return is_one_of(without_dot(word(w)), kEnglishGroupWords); })) {
    c.add(line, Kind::group, {words.front().begin, words.back().end}, {words.front().begin, words.back().end});
    return;
  }
  const std::u32string_view all = norm.substr(piece.begin, piece.size());
  if (std::any_of(all.begin(), all.end(), is_japanese_letter)) {  // "Dear 前田様"
    parse_japanese(line, piece.begin, piece.end, false, c);
    return;
  }
  const Range span{words.front().begin, words.back().end};
  std::size_t first = 0;
  while (first < words.size() && is_one_of(without_dot(word(words[first])), kEnglishTitles)) ++first;
  std::size_t last = words.size();  // one past the name's last word
  if (last > first + 1 && is_one_of(word(words[last - 1]), kEnglishHonorifics)) --last;  // "Maeda san"
  if (first >= last || last - first > kMaxEnglishNameWords) return;
  Range name{words[first].begin, words[last - 1].end};
  // "Maeda-san"
  for (const std::u32string_view h : kEnglishHonorifics) {
    const std::u32string_view w = word(words[last - 1]);
    if (w.size() > h.size() + 1 && w.ends_with(h) && w[w.size() - h.size() - 1] == U'-') {
      name.end -= h.size() + 1;
      break;
    }
  }
  for (std::size_t k = first; k < last; ++k) {
    const Range w = k + 1 == last ? Range{words[k].begin, std::min(words[k].end, name.end)} : words[k];
    const std::u32string_view original = std::u32string_view(line.text).substr(w.begin, w.size());
    if (!is_latin_word(original)) return;
    const bool capital = u_isupper(static_cast<UChar32>(original.front())) != 0;
    if (!capital && !is_one_of(word(w), kNameParticles)) return;  // "Hi John and thanks for ..."
  }
  c.add(line, Kind::person, name, span);
}

// Whether a title ("Mr.", "Dr ") starts at i.
bool starts_with_title(std::u32string_view norm, std::size_t i) {
  std::size_t e = i;
  while (e < norm.size() && norm[e] >= U'a' && norm[e] <= U'z') ++e;
  return e > i && e < norm.size() && (norm[e] == U'.' || norm[e] == U' ') &&
         is_one_of(norm.substr(i, e - i), kEnglishTitles);
}

// "Dear Mr. Maeda,": true when the line opens with an English salutation (it ends the block).
bool parse_english(const Line& line, Collector& c) {
  const std::u32string_view norm = line.norm;
  std::size_t p = 0;
  while (p < norm.size() && norm[p] == U' ') ++p;
  static constexpr std::u32string_view kWhom = U"to whom it may concern";
  if (starts_at(norm, p, kWhom)) {
    c.add(line, Kind::group, {p, p + kWhom.size()}, {p, p + kWhom.size()});
    return true;
  }
  std::optional<std::size_t> opened;
  for (const std::u32string_view o : kEnglishOpenings) {
    const std::size_t e = p + o.size();
    if (starts_at(norm, p, o) && (e == norm.size() || norm[e] == U' ' || norm[e] == U',' || norm[e] == U'!')) {
      opened = e;
      break;
    }
  }
  if (!opened && !starts_with_title(norm, p)) return false;
  std::size_t q = opened.value_or(p);  // "Mr. Smith," alone names the person too
  while (q < norm.size() && norm[q] == U' ') ++q;
  if (q < norm.size() && norm[q] == U',') {
    // "Good afternoon, Ms. Tanaka.": after a comma only a title starts a name ("Hello, Great news" does not).
    std::size_t t = q + 1;
    while (t < norm.size() && norm[t] == U' ') ++t;
    if (starts_with_title(norm, t)) q = t;
  }
  std::size_t end = q;
  while (end < norm.size() && std::u32string_view(U",:;!?、").find(norm[end]) == std::u32string_view::npos) ++end;
  while (end > q && (norm[end - 1] == U' ' || norm[end - 1] == U'.')) {
    const std::vector<Range> w = words_of(norm, q, end);
    if (norm[end - 1] == U'.' && !w.empty() &&
        is_one_of(without_dot(norm.substr(w.back().begin, w.back().size())), kEnglishTitles))
      break;
    --end;
  }
  // "John and Mary", "John & Mary", "Sir/Madam".
  const std::u32string_view names = norm.substr(0, end);
  std::size_t b = q;
  for (std::size_t i = q; i < end;) {
    std::size_t cut = 0;
    if (starts_at(names, i, U" and ")) {
      cut = 5;
    } else if (starts_at(names, i, U" & ")) {
      cut = 3;
    } else if (names[i] == U'/') {
      cut = 1;
    }
    if (cut == 0) {
      ++i;
      continue;
    }
    add_english_piece(line, {b, i}, c);
    i += cut;
    b = i;
  }
  add_english_piece(line, {b, end}, c);
  return true;
}

}  // namespace

std::vector<Addressee> find_addressees(std::string_view body) {
  return find_addressees(body, split_message(body));
}

std::vector<Addressee> find_addressees(std::string_view body, const MessageParts& parts) {
  Collector c;
  const std::vector<Span>& lines = parts.own_lines;
  const auto raw = [&](const Span& s) { return body.substr(s.begin, s.end - s.begin); };
  std::size_t k = 0;
  while (k < lines.size() && trim(raw(lines[k])).empty()) ++k;
  if (k == lines.size()) return {};

  std::size_t cp_byte = 0;  // running byte -> code point count
  std::size_t cp = 0;
  for (std::size_t n = 0; k < lines.size() && n < kMaxSalutationLines; ++k, ++n) {
    const Span& s = lines[k];
    if (n > 0) {
      const std::string_view gap = body.substr(lines[k - 1].end, s.begin - lines[k - 1].end);
      if (gap != "\n" && gap != "\r\n") break;  // quoted lines in between
    }
    if (trim(raw(s)).empty()) break;
    cp += count_code_points(body.substr(cp_byte, s.begin - cp_byte));
    cp_byte = s.begin;
    const Line line = decode_line(raw(s), cp);
    if (parse_english(line, c)) break;
    const bool sentence = is_sentence(line);
    if (parse_japanese(line, 0, line.norm.size(), sentence, c)) {
      if (sentence) break;
      continue;
    }
    if (sentence || line.text.size() > kMaxOrganisationLineChars) break;
    c.pending.push_back(line);
  }
  return std::move(c.out);
}

}  // namespace sg::text
