// Validated PII in mail text: a vector pre-filter finds digits and '@', then number runs are parsed
// in place on the original UTF-8 and handed to the detectors.
#include "text/pii.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <initializer_list>
#include <span>

#include "text/pii_validate.h"

namespace sg::text {

namespace {

// A run holds at most this many digit groups; a longer one (a table of numbers joined by single
// spaces) is cut into pieces, and nothing matches across a cut.
constexpr std::size_t kMaxRunGroups = 32;
// The longest digit string a detector reads (cards: 19).
constexpr std::size_t kMaxNumberDigits = 24;
// Context words (口座, 生年月日, マイナンバー, ...) must lie in this many characters before the number.
constexpr std::size_t kContextWindowChars = 24;
// A prefecture must start within this many characters after the postal code.
constexpr std::size_t kPrefectureWindowChars = 16;
// Between 〒 / 郵便番号 and the code: at most this many spaces and colons.
constexpr std::size_t kPostalMarkGapChars = 3;
constexpr std::size_t kMaxEmailLocalBytes = 64;
constexpr std::size_t kMaxEmailDomainBytes = 253;
// A label glued to a number ("TEL03-...", "No.1234567") is at most this long.
constexpr std::size_t kMaxLabelBytes = 6;
constexpr std::size_t kKeepLastDigits = 4;
constexpr std::size_t kKeepPostalDigits = 3;
constexpr int kMinBirthYear = 1850;
constexpr int kMaxBirthYear = 2150;

constexpr auto kMyNumberWords =
    std::to_array<std::string_view>({"マイナンバー", "ﾏｲﾅﾝﾊﾞｰ", "個人番号", "my number", "mynumber", "my no"});
constexpr auto kCorporateWords = std::to_array<std::string_view>({"法人番号", "corporate number", "corporate no"});
constexpr auto kBankWords = std::to_array<std::string_view>(
    {"口座", "普通", "当座", "銀行", "支店", "信用金庫", "預金", "account no", "account number", "acct", "a/c"});
constexpr auto kBirthWords = std::to_array<std::string_view>(
    {"生年月日", "誕生日", "生まれ", "dob", "d.o.b", "date of birth", "birth date", "birthdate", "birthday", "born"});
// Labels that may be glued to a number without making it part of an identifier. Lower case.
constexpr auto kLabels =
    std::to_array<std::string_view>({"tel", "fax", "phone", "mobile", "mob", "cell", "no", "num", "number"});
// A number followed by one of these is an amount, a time or a count, not an identifier.
constexpr auto kUnits =
    std::to_array<std::string_view>({"円", "年", "月", "日", "時", "分", "秒", "万", "億", "件", "個", "歳", "才", "回",
                                     "人", "名", "枚", "台", "％"});  // and '%'
static_assert(std::all_of(kUnits.begin(), kUnits.end(), [](std::string_view u) { return u.size() == 3; }));
constexpr auto kPrefectures = std::to_array<std::string_view>(
    {"北海道", "青森県", "岩手県", "宮城県",   "秋田県", "山形県",   "福島県", "茨城県", "栃木県", "群馬県",
     "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",   "石川県", "福井県", "山梨県", "長野県",
     "岐阜県", "静岡県", "愛知県", "三重県",   "滋賀県", "京都府",   "大阪府", "兵庫県", "奈良県", "和歌山県",
     "鳥取県", "島根県", "岡山県", "広島県",   "山口県", "徳島県",   "香川県", "愛媛県", "高知県", "福岡県",
     "佐賀県", "長崎県", "熊本県", "大分県",   "宮崎県", "鹿児島県", "沖縄県"});

struct Era {
  std::string_view name;
  char letter;  // S55.1.2
  int first_year;
  int last_number;  // 昭和64年 was the last year of Showa
};
constexpr auto kEras = std::to_array<Era>({{"明治", 'm', 1868, 45},
                                           {"大正", 't', 1912, 15},
                                           {"昭和", 's', 1926, 64},
                                           {"平成", 'h', 1989, 31},
                                           {"令和", 'r', 2019, 99}});

// ---------------------------------------------------------------------------------------------
// Characters, read in place. Every helper is bounds-checked and compares exact byte sequences, so
// invalid UTF-8 only ever fails to match.

unsigned char byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

// The three bytes at i as one number (0 past the end).
std::uint32_t code3(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size()) return 0;
  return std::uint32_t{byte_at(s, i)} << 16 | std::uint32_t{byte_at(s, i + 1)} << 8 | byte_at(s, i + 2);
}

constexpr std::uint32_t code3(std::string_view l) {
  return std::uint32_t{static_cast<unsigned char>(l[0])} << 16 | std::uint32_t{static_cast<unsigned char>(l[1])} << 8 |
         static_cast<unsigned char>(l[2]);
}

// The literal l at s[i], or 0.
std::size_t lit(std::string_view s, std::size_t i, std::string_view l) {
  return i <= s.size() && s.substr(i, l.size()) == l ? l.size() : 0;
}

bool ends_with_at(std::string_view s, std::size_t end, std::string_view l) {
  return end >= l.size() && s.substr(end - l.size(), l.size()) == l;
}

// The same for literals: a compare of known length, inlined (these run for every digit group).
template <std::size_t N>
std::size_t lit(std::string_view s, std::size_t i, const char (&l)[N]) {
  return i + (N - 1) <= s.size() && std::memcmp(s.data() + i, l, N - 1) == 0 ? N - 1 : 0;
}

template <std::size_t N>
bool ends_with_at(std::string_view s, std::size_t end, const char (&l)[N]) {
  return end >= N - 1 && end <= s.size() && std::memcmp(s.data() + end - (N - 1), l, N - 1) == 0;
}

// A full-width form EF <b1> <lo..hi>.
bool full_width(std::string_view s, std::size_t i, unsigned char b1, unsigned char lo, unsigned char hi) {
  return i + 2 < s.size() && byte_at(s, i) == 0xEF && byte_at(s, i + 1) == b1 && byte_at(s, i + 2) >= lo &&
         byte_at(s, i + 2) <= hi;
}

// Length of the digit at i: 1 for 0-9, 3 for ０-９ (U+FF10..U+FF19), else 0.
std::size_t digit_len(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const unsigned char c = byte_at(s, i);
  if (c >= '0' && c <= '9') return 1;
  return full_width(s, i, 0xBC, 0x90, 0x99) ? 3 : 0;
}

bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

// Full-width ０-９, Ａ-Ｚ, ａ-ｚ.
bool full_width_alnum(std::string_view s, std::size_t i) {
  return full_width(s, i, 0xBC, 0x90, 0x99) || full_width(s, i, 0xBC, 0xA1, 0xBA) || full_width(s, i, 0xBD, 0x81, 0x9A);
}

// - － ‐ ‑ – — ― − ｰ ー
std::size_t hyphen_len(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const unsigned char c = byte_at(s, i);
  if (c == '-') return 1;
  if (i + 2 >= s.size()) return 0;
  const unsigned char b1 = byte_at(s, i + 1);
  const unsigned char b2 = byte_at(s, i + 2);
  switch (c) {
    case 0xEF: return (b1 == 0xBC && b2 == 0x8D) || (b1 == 0xBD && b2 == 0xB0) ? 3 : 0;
    case 0xE2:
      return (b1 == 0x80 && (b2 == 0x90 || b2 == 0x91 || b2 == 0x93 || b2 == 0x94 || b2 == 0x95)) ||
                     (b1 == 0x88 && b2 == 0x92)
                 ? 3
                 : 0;
    case 0xE3: return b1 == 0x83 && b2 == 0xBC ? 3 : 0;
    default: return 0;
  }
}

// ' ', U+00A0, U+3000
std::size_t space_len(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == ' ') return 1;
  if (lit(s, i, "\xC2\xA0")) return 2;
  return lit(s, i, "\u3000");
}

// An ASCII character or its full-width form (U+FF01..U+FF5E = ASCII + 0xFEE0).
std::size_t ascii_or_wide(std::string_view s, std::size_t i, char c) {
  if (i >= s.size()) return 0;
  if (s[i] == c) return 1;
  const unsigned wide = 0xFEE0u + static_cast<unsigned char>(c);
  const auto b1 = static_cast<unsigned char>(0x80u | ((wide >> 6) & 0x3Fu));
  const auto b2 = static_cast<unsigned char>(0x80u | (wide & 0x3Fu));
  return full_width(s, i, b1, b2, b2) ? 3 : 0;
}

// What joins two digit groups of one run.
enum class Sep : std::uint8_t { hyphen, space, open, close, slash, dot, comma, colon, year, month };

// Where independent items may meet inside a run: "03-1234-5678 03-1234-5679", "a/b", "x,y", "No.1：03-...".
bool boundary(Sep sep) {
  return sep == Sep::space || sep == Sep::slash || sep == Sep::comma || sep == Sep::colon;
}

// The separator at i when a digit follows it, else 0. Dispatched on the first byte: this runs
// after every digit group.
std::size_t sep_len(std::string_view s, std::size_t i, Sep& kind) {
  if (i >= s.size()) return 0;
  std::size_t len = 0;
  switch (byte_at(s, i)) {
    case '-': kind = Sep::hyphen, len = 1; break;
    case '(': kind = Sep::open, len = 1; break;
    case ')': kind = Sep::close, len = 1 + space_len(s, i + 1); break;
    case '/': kind = Sep::slash, len = 1; break;
    case '.': kind = Sep::dot, len = 1; break;
    case ',': kind = Sep::comma, len = 1; break;
    case ':': kind = Sep::colon, len = 1; break;
    case ' ':
    case 0xC2:
    case 0xE3:
      if (std::size_t sp = space_len(s, i)) {
        const std::size_t o = ascii_or_wide(s, i + sp, '(');
        kind = o != 0 ? Sep::open : Sep::space;
        len = sp + o;
      } else if ((len = hyphen_len(s, i))) {  // ー
        kind = Sep::hyphen;
      }
      break;
    case 0xE2:
      if ((len = hyphen_len(s, i))) kind = Sep::hyphen;
      break;
    case 0xE5:
      if ((len = lit(s, i, "年"))) kind = Sep::year;
      break;
    case 0xE6:
      if ((len = lit(s, i, "月"))) kind = Sep::month;
      break;
    case 0xEF:
      if (i + 2 >= s.size()) break;
      len = 3;
      switch (code3(s, i)) {
        case code3("－"):
        case code3("ｰ"): kind = Sep::hyphen; break;
        case code3("（"): kind = Sep::open; break;
        case code3("）"): kind = Sep::close, len += space_len(s, i + 3); break;
        case code3("／"): kind = Sep::slash; break;
        case code3("．"): kind = Sep::dot; break;
        case code3("，"): kind = Sep::comma; break;
        case code3("："): kind = Sep::colon; break;
        default: len = 0;
      }
      break;
    default: break;
  }
  return len != 0 && digit_len(s, i + len) != 0 ? len : 0;
}

// What stands right before a run.
struct LeftGlue {
  bool glued = false;     // a letter, digit, '_', '@' or "x." / "x-" / "x/" / "x+" before it
  char punct = 0;         // the '.', '-', '/' or '+' between the word and the digits
  std::string_view word;  // the ASCII word before it, when at most kMaxLabelBytes long
};

std::string_view ascii_word_before(std::string_view s, std::size_t end) {
  std::size_t b = end;
  while (b > 0 && ascii_alnum(byte_at(s, b - 1))) {
    if (end - b == kMaxLabelBytes) return {};
    --b;
  }
  return s.substr(b, end - b);
}

LeftGlue left_glue(std::string_view s, std::size_t b) {
  LeftGlue g;
  if (b == 0) return g;
  const unsigned char c = byte_at(s, b - 1);
  if (ascii_alnum(c) || c == '_' || c == '@') {
    g.glued = true;
    g.word = ascii_word_before(s, b);
  } else if ((c == '.' || c == '-' || c == '/' || c == '+') && b >= 2 && ascii_alnum(byte_at(s, b - 2))) {
    g.glued = true;
    g.punct = static_cast<char>(c);
    g.word = ascii_word_before(s, b - 1);
  } else if (b >= 3 && full_width_alnum(s, b - 3)) {
    g.glued = true;
  }
  return g;
}

bool right_glue(std::string_view s, std::size_t e) {
  if (e >= s.size()) return false;
  const unsigned char c = byte_at(s, e);
  if (ascii_alnum(c) || c == '_' || c == '@') return true;
  if ((c == '.' || c == '-' || c == '/' || c == '+') && e + 1 < s.size() && ascii_alnum(byte_at(s, e + 1))) return true;
  return full_width_alnum(s, e);
}

bool iequals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != static_cast<unsigned char>(lower[i])) return false;
  }
  return true;
}

// "TEL03-1234-5678", "No.1234567": a label, not an identifier the digits belong to.
bool label_glue(const LeftGlue& g) {
  if (g.punct != 0 && g.punct != '.') return false;
  return std::any_of(kLabels.begin(), kLabels.end(), [&](std::string_view l) { return iequals_lower(g.word, l); });
}

constexpr auto kUnitCodes = [] {
  std::array<std::uint32_t, kUnits.size()> codes{};
  for (std::size_t i = 0; i < kUnits.size(); ++i) codes[i] = code3(kUnits[i]);
  return codes;
}();

bool unit_after(std::string_view s, std::size_t e) {
  if (e >= s.size()) return false;
  if (byte_at(s, e) < 0x80) return s[e] == '%';
  const std::uint32_t c = code3(s, e);
  return std::find(kUnitCodes.begin(), kUnitCodes.end(), c) != kUnitCodes.end();
}

// The start of the n characters before pos (code points; never more than 4 bytes each).
std::size_t chars_back(std::string_view s, std::size_t pos, std::size_t n) {
  std::size_t p = pos;
  std::size_t count = 0;
  while (p > 0 && count < n && pos - p < 4 * n) {
    --p;
    if ((byte_at(s, p) & 0xC0) != 0x80) ++count;
  }
  return p;
}

std::size_t chars_forward(std::string_view s, std::size_t pos, std::size_t n) {
  std::size_t p = pos;
  std::size_t count = 0;
  while (p < s.size() && p - pos < 4 * n) {
    if ((byte_at(s, p) & 0xC0) != 0x80 && count++ == n) break;
    ++p;
  }
  return p;
}

// Context words (lower case) with the bytes they start with: one pass over a window, comparing only
// where a word can start.
class ContextWords {
 public:
  static constexpr std::size_t kMaxWords = 16;

  constexpr explicit ContextWords(std::span<const std::string_view> words) : words_(words) {
    for (std::size_t k = 0; k < words.size() && k < kMaxWords; ++k) {
      const auto c = static_cast<unsigned char>(words[k][0]);
      first_[c] = true;
      heads_[k] = c >= 0x80 ? code3(words[k]) : 0;  // every word is ASCII or opens with a 3-byte character
    }
  }

  // ASCII letters compared without case.
  [[nodiscard]] bool in(std::string_view window) const {
    for (std::size_t i = 0; i < window.size(); ++i) {
      auto c = static_cast<unsigned char>(window[i]);
      if (c >= 'A' && c <= 'Z') c |= 0x20;
      if (!first_[c]) continue;
      if (c >= 0x80) {
        // A kanji lead byte is common; its first whole character is not.
        const std::uint32_t head = code3(window, i);
        for (std::size_t k = 0; k < words_.size(); ++k) {
          if (heads_[k] == head && window.substr(i, words_[k].size()) == words_[k]) return true;
        }
      } else {
        for (std::string_view w : words_) {
          if (static_cast<unsigned char>(w[0]) == c && iequals_lower(window.substr(i, w.size()), w)) return true;
        }
      }
    }
    return false;
  }

 private:
  std::span<const std::string_view> words_;
  std::array<bool, 256> first_{};
  std::array<std::uint32_t, kMaxWords> heads_{};
};

static_assert(kMyNumberWords.size() <= ContextWords::kMaxWords && kCorporateWords.size() <= ContextWords::kMaxWords &&
              kBankWords.size() <= ContextWords::kMaxWords && kBirthWords.size() <= ContextWords::kMaxWords);
constexpr ContextWords kMyNumberContext{kMyNumberWords};
constexpr ContextWords kCorporateContext{kCorporateWords};
constexpr ContextWords kBankContext{kBankWords};
constexpr ContextWords kBirthContext{kBirthWords};

// A context word in the window before begin, but after floor (the end of the previous hit): a word
// vouches for the first number after it, not for a date or number that follows that one.
bool context_before(std::string_view s, std::size_t floor, std::size_t begin, const ContextWords& words) {
  const std::size_t from = std::min(begin, std::max(floor, chars_back(s, begin, kContextWindowChars)));
  return words.in(s.substr(from, begin - from));
}

// ---------------------------------------------------------------------------------------------
// The pre-filter: the next ASCII digit, '@' or full-width digit (EF BC 90..99).

std::size_t next_trigger_scalar(std::string_view s, std::size_t i) {
  for (; i < s.size(); ++i) {
    const unsigned char c = byte_at(s, i);
    if ((c >= '0' && c <= '9') || c == '@' || (c == 0xEF && digit_len(s, i) != 0)) return i;
  }
  return s.size();
}

#if defined(__SSE2__)
std::size_t next_trigger(std::string_view s, std::size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  const __m128i at = _mm_set1_epi8('@');
  const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
  const __m128i bc = _mm_set1_epi8(static_cast<char>(0xBC));
  const __m128i fw0 = _mm_set1_epi8(static_cast<char>(0x90));
  // Three overlapping loads: byte k of a, b, c are s[i+k], s[i+k+1], s[i+k+2].
  while (i + 18 <= n) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 2));
    const __m128i da = _mm_sub_epi8(a, zero);
    const __m128i dc = _mm_sub_epi8(c, fw0);
    const __m128i ascii_digit = _mm_cmpeq_epi8(_mm_min_epu8(da, nine), da);
    const __m128i wide_digit = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, ef), _mm_cmpeq_epi8(b, bc)),
                                             _mm_cmpeq_epi8(_mm_min_epu8(dc, nine), dc));
    const __m128i hit = _mm_or_si128(_mm_or_si128(ascii_digit, wide_digit), _mm_cmpeq_epi8(a, at));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return i + static_cast<std::size_t>(std::countr_zero(mask));
    i += 16;
  }
  return next_trigger_scalar(s, i);
}
#else
std::size_t next_trigger(std::string_view s, std::size_t i) {
  return next_trigger_scalar(s, i);
}
#endif

// ---------------------------------------------------------------------------------------------
// Runs of digit groups and the detectors over them.

struct Group {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t digits = 0;
};

struct Run {
  std::array<Group, kMaxRunGroups> g;
  std::array<Sep, kMaxRunGroups> sep;  // sep[k] joins g[k] and g[k + 1]
  std::size_t n = 0;
  LeftGlue left;
  bool right_glued = false;
  bool unit_after = false;
};

struct Digits {
  std::array<char, kMaxNumberDigits> buf;
  std::size_t n = 0;
  [[nodiscard]] std::string_view view() const { return {buf.data(), n}; }
};

enum class Mask : std::uint8_t { last4, postal, date };

struct Hit {
  PiiKind kind = PiiKind::card;
  std::size_t begin = 0;
  std::size_t end = 0;
  Mask mask = Mask::last4;
  std::size_t keep_before = 0;  // Mask::date: digits before this byte (the year) stay
};

// Card, My Number and corporate-number groups are joined by one kind of these.
constexpr auto kGroupSeps = std::to_array<Sep>({Sep::hyphen, Sep::space});

struct Grouping {
  std::array<std::size_t, 5> len;
  std::size_t n;
};
// Card numbers as they are written, longest first (plain 13-19 digits are tried after them).
constexpr auto kCardGroupings = std::to_array<Grouping>({
    {{4, 4, 4, 4, 3}, 5},
    {{4, 4, 4, 4, 2}, 5},
    {{4, 4, 4, 4, 1}, 5},
    {{4, 4, 4, 4}, 4},
    {{4, 4, 4, 3}, 4},
    {{4, 4, 4, 2}, 4},
    {{4, 4, 4, 1}, 4},
    {{4, 6, 5}, 3},  // Amex
    {{4, 6, 4}, 3},  // Diners
    {{4, 4, 5}, 3},
});

class Scanner {
 public:
  Scanner(std::string_view s, const PiiScanOptions& options, PiiScan& out) : s_(s), options_(options), out_(out) {}

  // Parses the run of digit groups starting at pos; returns where scanning goes on.
  std::size_t number_run(std::size_t pos);
  // An address around the '@' at pos; returns where scanning goes on.
  std::size_t email(std::size_t pos);

 private:
  void segment();
  std::size_t corporate(std::size_t i, Hit& h) const;
  std::size_t card(std::size_t i, Hit& h) const;
  std::size_t my_number(std::size_t i, Hit& h) const;
  std::size_t phone(std::size_t i, Hit& h) const;
  std::size_t postal(std::size_t i, Hit& h) const;
  std::size_t bank(std::size_t i, Hit& h) const;
  std::size_t birth_date(std::size_t i, Hit& h) const;

  bool start_ok(std::size_t i) const {
    if (i > 0) return boundary(r_.sep[i - 1]);
    return !r_.left.glued || label_glue(r_.left);
  }
  bool end_ok(std::size_t j) const { return j < r_.n ? boundary(r_.sep[j - 1]) : !r_.right_glued && !r_.unit_after; }
  // Groups [i, j) joined by one kind of separator out of `allowed`.
  bool same_sep(std::size_t i, std::size_t j, std::span<const Sep> allowed) const {
    if (j - i < 2) return true;
    const Sep first = r_.sep[i];
    if (std::find(allowed.begin(), allowed.end(), first) == allowed.end()) return false;
    for (std::size_t k = i + 1; k + 1 < j; ++k) {
      if (r_.sep[k] != first) return false;
    }
    return true;
  }
  // Groups i, i+1, ... have exactly these numbers of digits.
  bool lengths(std::size_t i, std::span<const std::size_t> lens) const {
    if (i + lens.size() > r_.n) return false;
    std::size_t k = i;
    for (std::size_t len : lens) {
      if (r_.g[k++].digits != len) return false;
    }
    return true;
  }
  bool lengths(std::size_t i, std::initializer_list<std::size_t> lens) const {
    return lengths(i, std::span<const std::size_t>(lens.begin(), lens.size()));
  }
  // The digits of groups [i, j) as ASCII; false when there are more than kMaxNumberDigits.
  bool collect(std::size_t i, std::size_t j, Digits& d) const;
  int value(std::size_t k) const;  // a group of at most 4 digits as a number

  void emit(const Hit& h) {
    keep(h.kind, h.begin, h.end, [&] { return masked(h); });
  }
  // Counts a hit; keeps it (masked) while there is room.
  template <class MakeMasked>
  void keep(PiiKind kind, std::size_t begin, std::size_t end, MakeMasked&& make_masked) {
    ++out_.counts[static_cast<std::size_t>(kind)];
    if (out_.matches.size() < options_.max_matches) {
      out_.matches.push_back({kind, begin, end, make_masked()});
    } else {
      out_.truncated = true;
    }
    last_end_ = end;
  }
  std::string masked(const Hit& h) const;

  std::string_view s_;
  const PiiScanOptions& options_;
  PiiScan& out_;
  Run r_;
  std::size_t last_end_ = 0;
};

bool Scanner::collect(std::size_t i, std::size_t j, Digits& d) const {
  std::size_t total = 0;
  for (std::size_t k = i; k < j; ++k) total += r_.g[k].digits;
  if (total > kMaxNumberDigits) return false;
  d.n = 0;
  for (std::size_t k = i; k < j; ++k) {
    for (std::size_t p = r_.g[k].begin; p < r_.g[k].end;) {
      const unsigned char c = byte_at(s_, p);
      if (c < 0x80) {
        d.buf[d.n++] = static_cast<char>(c);
        p += 1;
      } else {
        d.buf[d.n++] = static_cast<char>('0' + (byte_at(s_, p + 2) - 0x90));
        p += 3;
      }
    }
  }
  return true;
}

int Scanner::value(std::size_t k) const {
  Digits d;
  if (r_.g[k].digits > 4 || !collect(k, k + 1, d)) return -1;
  int v = 0;
  for (char c : d.view()) v = v * 10 + (c - '0');
  return v;
}

std::size_t Scanner::number_run(std::size_t pos) {
  Run& r = r_;
  LeftGlue carried;
  bool first_piece = true;
  while (true) {
    r.n = 0;
    std::size_t i = pos;
    Sep kind = Sep::space;
    bool cut = false;
    while (true) {
      Group& g = r.g[r.n++];
      g.begin = i;
      g.digits = 0;
      while (std::size_t len = digit_len(s_, i)) {
        i += len;
        ++g.digits;
      }
      g.end = i;
      const std::size_t len = sep_len(s_, i, kind);
      if (len == 0) break;
      i += len;
      if (r.n == kMaxRunGroups) {
        cut = true;
        break;
      }
      r.sep[r.n - 1] = kind;
    }
    // "3月", "10時": no detector takes a lone group that short (the common case, kept cheap).
    if (!cut && r.n == 1 && r.g[0].digits < 3) return i;
    r.left = first_piece ? left_glue(s_, pos) : carried;
    if (cut) {
      r.right_glued = !boundary(kind);
      r.unit_after = false;
    } else {
      r.right_glued = right_glue(s_, i);
      r.unit_after = unit_after(s_, i);
    }
    segment();
    if (!cut) return i;
    pos = i;
    first_piece = false;
    carried = LeftGlue{!boundary(kind), 0, {}};
  }
}

void Scanner::segment() {
  for (std::size_t i = 0; i < r_.n;) {
    Hit h;
    std::size_t k = 0;
    // Nothing starts inside an identifier or after a '-', '.', ... except an era date (S60.1.2).
    const bool may_start = start_ok(i) || (i == 0 && r_.left.glued);
    if (may_start && (r_.g[i].digits >= 3 || i + 1 < r_.n)) {
      // Corporate numbers first: with their context word they are not cards or My Numbers.
      if ((k = corporate(i, h)) || (k = card(i, h)) || (k = my_number(i, h)) || (k = phone(i, h)) ||
          (k = postal(i, h)) || (k = bank(i, h)) || (k = birth_date(i, h))) {
        emit(h);
      }
    }
    i += k != 0 ? k : 1;
  }
}

std::size_t Scanner::corporate(std::size_t i, Hit& h) const {
  std::size_t k = 0;
  if (r_.g[i].digits == 13) {
    k = 1;
  } else if (lengths(i, {1, 4, 4, 4}) && same_sep(i, i + 4, kGroupSeps)) {
    k = 4;
  }
  Digits d;
  if (k == 0 || !start_ok(i) || !end_ok(i + k) || !collect(i, i + k, d) || !corporate_number_valid(d.view())) return 0;
  if (!context_before(s_, last_end_, r_.g[i].begin, kCorporateContext)) return 0;
  h = {PiiKind::corporate_number, r_.g[i].begin, r_.g[i + k - 1].end, Mask::last4, 0};
  return k;
}

std::size_t Scanner::card(std::size_t i, Hit& h) const {
  if (!start_ok(i)) return 0;
  const auto try_groups = [&](std::size_t k) {
    Digits d;
    if (!end_ok(i + k) || !collect(i, i + k, d) || !card_number_valid(d.view())) return false;
    h = {PiiKind::card, r_.g[i].begin, r_.g[i + k - 1].end, Mask::last4, 0};
    return true;
  };
  if (r_.g[i].digits == 4) {
    for (const Grouping& grouping : kCardGroupings) {
      const std::span<const std::size_t> lens(grouping.len.data(), grouping.n);
      if (lengths(i, lens) && same_sep(i, i + grouping.n, kGroupSeps) && try_groups(grouping.n)) return grouping.n;
    }
    return 0;
  }
  return r_.g[i].digits >= 13 && r_.g[i].digits <= 19 && try_groups(1) ? 1 : 0;
}

std::size_t Scanner::my_number(std::size_t i, Hit& h) const {
  std::size_t k = 0;
  if (r_.g[i].digits == 12) {
    k = 1;
  } else if (lengths(i, {4, 4, 4}) && same_sep(i, i + 3, kGroupSeps)) {
    k = 3;
  }
  Digits d;
  if (k == 0 || !start_ok(i) || !end_ok(i + k) || !collect(i, i + k, d) || !my_number_valid(d.view())) return 0;
  if (!context_before(s_, last_end_, r_.g[i].begin, kMyNumberContext)) return 0;
  h = {PiiKind::my_number, r_.g[i].begin, r_.g[i + k - 1].end, Mask::last4, 0};
  return k;
}

std::size_t Scanner::phone(std::size_t i, Hit& h) const {
  if (!start_ok(i)) return 0;
  std::size_t begin = r_.g[i].begin;
  // +81 90 1234 5678, +81-3-1234-5678, +81 (0)3-1234-5678, +81312345678
  const bool plus = i == 0 && (ends_with_at(s_, begin, "+") || ends_with_at(s_, begin, "＋"));
  Digits first;
  if (!collect(i, i + 1, first) || first.n == 0) return 0;
  const bool intl = plus && first.view().starts_with("81");
  if (intl) {
    begin -= s_[begin - 1] == '+' ? 1u : 3u;
  } else if (first.buf[0] != '0') {
    return 0;
  }
  // (03)1234-5678: the parenthesis before the first group belongs to the number.
  const bool pre_open = i == 0 && !intl && i + 1 < r_.n && r_.sep[i] == Sep::close &&
                        (ends_with_at(s_, begin, "(") || ends_with_at(s_, begin, "（"));
  for (std::size_t j = std::min(r_.n, i + 5); j > i; --j) {
    if (!end_ok(j)) continue;
    // Hyphens, spaces and one group in parentheses; no '/', '.', ':': dates and times are not phones.
    bool open = pre_open;
    bool ok = true;
    for (std::size_t m = i; m + 1 < j && ok; ++m) {
      const Sep sep = r_.sep[m];
      if (sep != Sep::hyphen && sep != Sep::space && sep != Sep::open && sep != Sep::close) ok = false;
      if (open != (sep == Sep::close)) ok = false;
      open = sep == Sep::open;
    }
    if (!ok || open) continue;
    // The national number (leading 0) and its group lengths.
    std::array<char, kMaxNumberDigits + 1> national{};
    std::array<std::size_t, 5> lens{};
    std::size_t n = 0;
    std::size_t groups = 0;
    std::size_t from = i;
    if (intl) {
      // +81 then the national number without its trunk 0: put the 0 back.
      national[n++] = '0';
      from = i + 1;
      if (first.n > 2) {
        const std::string_view rest = first.view().substr(2);
        for (char c : rest) national[n++] = c;
        lens[groups++] = rest.size() + 1;
      } else if (from + 1 < j && r_.sep[i] == Sep::open && r_.g[from].digits == 1 && lit(s_, r_.g[from].begin, "0")) {
        ++from;  // +81 (0)3-...: the trunk 0 in parentheses
      }
    }
    bool too_long = false;
    for (std::size_t m = from; m < j; ++m) {
      Digits d;
      if (!collect(m, m + 1, d) || n + d.n > kMaxNumberDigits) {
        too_long = true;
        break;
      }
      for (char c : d.view()) national[n++] = c;
      lens[groups] = d.n + (intl && groups == 0 ? 1 : 0);
      ++groups;
    }
    if (too_long || groups == 0 || n < 10 || n > 11) continue;
    const std::string_view num(national.data(), n);
    if (!jp_phone_number_valid(num)) continue;
    if (groups > 1) {
      // Area code (with its 0) of 2-5 digits, a 4-digit subscriber number (0120/0570/0800/0990:
      // 3 or 4); 0A0 numbers are written 0A0-xxxx-xxxx (0800-xxx-xxxx).
      const bool special =
          num.starts_with("0120") || num.starts_with("0570") || num.starts_with("0800") || num.starts_with("0990");
      const std::size_t last = lens[groups - 1];
      if (groups > 4 || lens[0] < 2 || lens[0] > 5) continue;
      if (last != 4 && !(special && last == 3)) continue;
      if (n == 11 && lens[0] != 3 && !(lens[0] == 4 && num.starts_with("0800"))) continue;
    }
    h = {PiiKind::phone, pre_open ? begin - (s_[begin - 1] == '(' ? 1u : 3u) : begin, r_.g[j - 1].end, Mask::last4, 0};
    return j - i;
  }
  return 0;
}

std::size_t Scanner::postal(std::size_t i, Hit& h) const {
  if (i != 0 || !start_ok(0)) return 0;
  std::size_t k = 0;
  if (lengths(0, {3, 4}) && r_.sep[0] == Sep::hyphen) {
    k = 2;
  } else if (r_.g[0].digits == 7) {
    k = 1;
  }
  if (k == 0 || !end_ok(k)) return 0;
  // 〒100-0001, 〒 100-0001, 郵便番号：100-0001
  std::size_t p = r_.g[0].begin;
  for (std::size_t gap = 0; gap < kPostalMarkGapChars; ++gap) {
    if (ends_with_at(s_, p, " ") || ends_with_at(s_, p, ":")) {
      p -= 1;
    } else if (ends_with_at(s_, p, "\u3000") || ends_with_at(s_, p, "：")) {
      p -= 3;
    } else {
      break;
    }
  }
  if (!ends_with_at(s_, p, "〒") && !ends_with_at(s_, p, "郵便番号")) return 0;
  const std::size_t end = r_.g[k - 1].end;
  const std::size_t limit = chars_forward(s_, end, kPrefectureWindowChars);
  bool prefecture = false;
  for (std::size_t q = end; q < limit && !prefecture; ++q) {
    if (byte_at(s_, q) < 0xE4) continue;  // every prefecture opens with a kanji (E4..E9)
    prefecture = std::any_of(kPrefectures.begin(), kPrefectures.end(),
                             [&](std::string_view name) { return lit(s_, q, name) != 0; });
  }
  if (!prefecture) return 0;
  h = {PiiKind::postal_address, r_.g[0].begin, end, Mask::postal, 0};
  return k;
}

std::size_t Scanner::bank(std::size_t i, Hit& h) const {
  if (r_.g[i].digits != 7 || !start_ok(i) || !end_ok(i + 1)) return 0;
  if (!context_before(s_, last_end_, r_.g[i].begin, kBankContext)) return 0;
  h = {PiiKind::bank_account, r_.g[i].begin, r_.g[i].end, Mask::last4, 0};
  return 1;
}

std::size_t Scanner::birth_date(std::size_t i, Hit& h) const {
  if (i + 1 >= r_.n) return 0;
  const auto day_or_month = [&](std::size_t k) { return r_.g[k].digits >= 1 && r_.g[k].digits <= 2; };
  // The era written before the first group ("昭和60年", "令和 元年"), or nullptr.
  const auto era_before = [&](std::size_t at, std::size_t& era_begin) -> const Era* {
    if (ends_with_at(s_, at, " ")) at -= 1;
    for (const Era& era : kEras) {
      if (ends_with_at(s_, at, era.name)) {
        era_begin = at - era.name.size();
        return &era;
      }
    }
    return nullptr;
  };
  const bool starts = start_ok(i);
  std::size_t begin = r_.g[i].begin;
  std::size_t end = 0;
  std::size_t keep_before = r_.g[i].end;
  std::size_t k = 0;
  int year = -1;
  int month = -1;
  int day = -1;
  if (i + 3 == r_.n && r_.sep[i] == Sep::year && r_.sep[i + 1] == Sep::month && day_or_month(i + 1) &&
      day_or_month(i + 2) && lit(s_, r_.g[i + 2].end, "日") && starts) {
    // 1985年1月2日, 昭和60年1月2日
    if (r_.g[i].digits == 4) {
      year = value(i);
    } else if (i == 0 && day_or_month(i)) {
      if (const Era* era = era_before(begin, begin); era != nullptr && value(i) <= era->last_number) {
        year = era->first_year + value(i) - 1;
      }
    }
    month = value(i + 1);
    day = value(i + 2);
    end = r_.g[i + 2].end + lit(s_, r_.g[i + 2].end, "日");
    k = 3;
  } else if (i == 0 && r_.n == 2 && r_.sep[0] == Sep::month && day_or_month(0) && day_or_month(1) &&
             lit(s_, r_.g[1].end, "日") && ends_with_at(s_, begin, "元年") && !r_.left.glued) {
    // 令和元年5月1日
    if (const Era* era = era_before(begin - std::string_view("元年").size(), begin); era != nullptr) {
      year = era->first_year;
      keep_before = r_.g[0].begin;
    }
    month = value(0);
    day = value(1);
    end = r_.g[1].end + lit(s_, r_.g[1].end, "日");
    k = 2;
  } else if (i + 2 < r_.n && day_or_month(i + 1) && day_or_month(i + 2) && r_.sep[i] == r_.sep[i + 1] &&
             (r_.sep[i] == Sep::slash || r_.sep[i] == Sep::hyphen || r_.sep[i] == Sep::dot) &&
             (i + 3 < r_.n ? boundary(r_.sep[i + 2]) : !r_.right_glued)) {
    // 1985/01/02, 1985-1-2, 1985.01.02, S60.1.2
    if (r_.g[i].digits == 4 && starts) {
      year = value(i);
    } else if (i == 0 && day_or_month(0) && r_.left.glued && r_.left.punct == 0 && r_.left.word.size() == 1) {
      const char letter = static_cast<char>(r_.left.word[0] | 0x20);
      for (const Era& era : kEras) {
        if (era.letter == letter && value(0) <= era.last_number) {
          year = era.first_year + value(0) - 1;
          begin -= 1;
        }
      }
    }
    month = value(i + 1);
    day = value(i + 2);
    end = r_.g[i + 2].end;
    k = 3;
  }
  if (k == 0 || year < kMinBirthYear || year > kMaxBirthYear || !calendar_date_valid(year, month, day)) return 0;
  // 生年月日：1985/01/02, or 1985年1月2日生まれ / 1985年1月2日生 (but not 生産, 生活: a kanji after 生).
  bool born = context_before(s_, last_end_, begin, kBirthContext);
  if (!born) {
    const std::size_t after = end + space_len(s_, end);
    const std::size_t sei = lit(s_, after, "生");
    born = sei != 0 && (lit(s_, after, "生まれ") != 0 || after + sei >= s_.size() || byte_at(s_, after + sei) < 0xE4 ||
                        byte_at(s_, after + sei) > 0xE9);
  }
  if (!born) return 0;
  h = {PiiKind::birth_date, begin, end, Mask::date, keep_before};
  return k;
}

std::size_t Scanner::email(std::size_t pos) {
  const auto local_char = [](unsigned char c) {
    return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  };
  const auto domain_char = [](unsigned char c) { return ascii_alnum(c) || c == '-'; };
  std::size_t b = pos;
  while (b > last_end_ && local_char(byte_at(s_, b - 1))) {
    if (pos - b == kMaxEmailLocalBytes) return pos + 1;
    --b;
  }
  while (b < pos && s_[b] == '.') ++b;
  if (b == pos) return pos + 1;
  // Labels of letters, digits and inner hyphens, at least two, the last one letters (or xn--).
  std::size_t p = pos + 1;
  std::size_t end = 0;
  std::size_t labels = 0;
  bool tld_ok = false;
  while (p < s_.size() && p - pos <= kMaxEmailDomainBytes) {
    std::size_t q = p;
    bool letters = true;
    while (q < s_.size() && domain_char(byte_at(s_, q)) && q - pos <= kMaxEmailDomainBytes) {
      letters = letters && ascii_alnum(byte_at(s_, q)) && byte_at(s_, q) > '9';
      ++q;
    }
    if (q == p || s_[p] == '-' || s_[q - 1] == '-') break;
    ++labels;
    end = q;
    const std::string_view label = s_.substr(p, q - p);
    tld_ok = (letters && label.size() >= 2) || iequals_lower(label.substr(0, 4), "xn--");
    if (q + 1 < s_.size() && s_[q] == '.' && domain_char(byte_at(s_, q + 1))) {
      p = q + 1;
      continue;
    }
    break;
  }
  if (labels < 2 || !tld_ok || end - pos - 1 > kMaxEmailDomainBytes) return pos + 1;
  keep(PiiKind::email, b, end, [&] {
    std::string masked(1, s_[b]);
    masked += "***";
    masked.append(s_.substr(pos, end - pos));
    return masked;
  });
  return end;
}

std::string Scanner::masked(const Hit& h) const {
  std::size_t total = 0;
  for (std::size_t p = h.begin; p < h.end;) {
    const std::size_t len = digit_len(s_, p);
    total += len != 0 ? 1 : 0;
    p += len != 0 ? len : 1;
  }
  std::string out;
  out.reserve(h.end - h.begin);
  std::size_t index = 0;
  for (std::size_t p = h.begin; p < h.end;) {
    const std::size_t len = digit_len(s_, p);
    if (len == 0) {
      out += s_[p++];
      continue;
    }
    bool keep = false;
    switch (h.mask) {
      case Mask::last4: keep = total > kKeepLastDigits && index >= total - kKeepLastDigits; break;
      case Mask::postal: keep = index < kKeepPostalDigits; break;
      case Mask::date: keep = p < h.keep_before; break;
    }
    if (keep) {
      out.append(s_.substr(p, len));
    } else {
      out += len == 1 ? "*" : "＊";
    }
    ++index;
    p += len;
  }
  return out;
}

}  // namespace

std::string_view pii_kind_id(PiiKind kind) {
  switch (kind) {
    case PiiKind::card: return "card";
    case PiiKind::my_number: return "my_number";
    case PiiKind::corporate_number: return "corporate_number";
    case PiiKind::phone: return "phone";
    case PiiKind::email: return "email";
    case PiiKind::postal_address: return "postal_address";
    case PiiKind::bank_account: return "bank_account";
    case PiiKind::birth_date: return "birth_date";
  }
  return "unknown";
}

PiiScan scan_pii(std::string_view utf8_text, const PiiScanOptions& options) {
  PiiScan out;
  Scanner scanner(utf8_text, options, out);
  std::size_t pos = 0;
  while ((pos = next_trigger(utf8_text, pos)) < utf8_text.size()) {
    pos = utf8_text[pos] == '@' ? scanner.email(pos) : scanner.number_run(pos);
  }
  return out;
}

}  // namespace sg::text
