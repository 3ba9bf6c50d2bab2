// Text folded for matching, with a map from the folded bytes back to original characters.
#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "text/utf8.h"

namespace sg::text {

namespace {

const icu::Normalizer2* nfkc_casefold() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? p : nullptr;
  }();
  return n;
}

const icu::Normalizer2* nfkc_only() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? p : nullptr;
  }();
  return n;
}

std::string normalize_utf8(const icu::Normalizer2* n, std::string_view s) {
  if (n == nullptr) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  const icu::UnicodeString out = n->normalize(in, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace

std::pair<std::size_t, std::size_t> FoldedText::original_range(std::size_t b, std::size_t e) const {
  if (b >= origin_begin.size() || e == 0 || e <= b) return {0, 0};
  if (e > origin_end.size()) e = origin_end.size();
  return {origin_begin[b], origin_end[e - 1]};
}

namespace {

// Most segments are one code point (kanji, kana, ASCII). What ICU says about a code point of the
// Basic Multilingual Plane (its folding, whether a segment may start before it) is asked once per
// thread and kept in flat tables; the rest go through ICU each time.
constexpr char32_t kTableCodePoints = 0x10000;

std::string normalize_segment(const icu::Normalizer2* n, const icu::UnicodeString& seg) {
  std::string utf8;
  if (n != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString norm = n->normalize(seg, status);
    if (U_SUCCESS(status)) {
      norm.toUTF8String(utf8);
      return utf8;
    }
  }
  seg.toUTF8String(utf8);
  return utf8;
}

class CodePointTable {
 public:
  explicit CodePointTable(const icu::Normalizer2* n) : n_(n), slots_(kTableCodePoints) {}

  bool boundary_before(char32_t cp) {
    if (n_ == nullptr || cp < 0x80) return true;
    if (cp >= kTableCodePoints) return n_->hasBoundaryBefore(static_cast<UChar32>(cp));
    Slot& s = slots_[cp];
    if ((s.flags & kBoundaryKnown) == 0) {
      s.flags |= kBoundaryKnown;
      if (n_->hasBoundaryBefore(static_cast<UChar32>(cp))) s.flags |= kBoundary;
    }
    return (s.flags & kBoundary) != 0;
  }

  // Whether a code point of the table folds to itself (known once fold() was asked for it).
  bool folds_to_itself(char32_t cp) const { return cp < kTableCodePoints && (slots_[cp].flags & kIdentity) != 0; }

  // The folding of one code point on its own; valid until the next call.
  std::string_view fold(char32_t cp) {
    if (cp >= kTableCodePoints) {
      scratch_ = normalize_segment(n_, icu::UnicodeString(static_cast<UChar32>(cp)));
      return scratch_;
    }
    Slot& s = slots_[cp];
    if ((s.flags & kFoldKnown) == 0) {
      const std::string f = normalize_segment(n_, icu::UnicodeString(static_cast<UChar32>(cp)));
      s.offset = static_cast<std::uint32_t>(pool_.size());
      s.length = static_cast<std::uint16_t>(f.size());
      pool_ += f;
      s.flags |= kFoldKnown;
      std::string self;
      append_utf8(self, cp);
      if (self == f) s.flags |= kIdentity;
    }
    return std::string_view(pool_).substr(s.offset, s.length);
  }

 private:
  enum : std::uint8_t { kBoundaryKnown = 1, kBoundary = 2, kFoldKnown = 4, kIdentity = 8 };
  struct Slot {
    std::uint32_t offset = 0;
    std::uint16_t length = 0;
    std::uint8_t flags = 0;
  };
  const icu::Normalizer2* n_;
  std::vector<Slot> slots_;
  std::string pool_;  // the foldings, back to back (a BMP code point folds to at most 18 UTF-16 units)
  std::string scratch_;
};

CodePointTable& code_point_table() {
  thread_local CodePointTable table(nfkc_casefold());
  return table;
}

char32_t decode_or_replacement(std::string_view s, std::size_t& i) {
  const char32_t cp = decode_utf8(s, i);
  return cp == kInvalidCodePoint ? U'\uFFFD' : cp;
}

// Whether the eight bytes at p are ASCII without a capital letter (SWAR: each byte's high bit).
bool plain_ascii8(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  std::uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  if ((w & kHighs) != 0) return false;
  // With every byte under 0x80 nothing carries between bytes: a high bit in `from_a` marks a byte
  // >= 'A', in `past_z` a byte > 'Z'.
  const std::uint64_t from_a = w + kOnes * (0x80 - 'A');
  const std::uint64_t past_z = w + kOnes * (0x80 - 'Z' - 1);
  return (from_a & ~past_z & kHighs) == 0;
}

// decode_or_replacement with the two- and three-byte forms (all of Japanese text) decoded here,
// without a call: this loop runs once per code point of every text the rules read.
char32_t decode_common(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 >= 0xC2 && b0 < 0xE0 && i + 1 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b1 & 0xC0) == 0x80) {
      i += 2;
      return (char32_t{b0} & 0x1F) << 6 | (char32_t{b1} & 0x3F);
    }
  } else if ((b0 & 0xF0) == 0xE0 && i + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    const char32_t cp = (char32_t{b0} & 0x0F) << 12 | (char32_t{b1} & 0x3F) << 6 | (char32_t{b2} & 0x3F);
    // Continuation bytes, not overlong, not a surrogate.
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      i += 3;
      return cp;
    }
  }
  return decode_or_replacement(s, i);
}

// Splits `original` into segments that normalise independently (a boundary before each start)
// and calls emit(folded bytes, first code point, end code point) for each, in order, so every
// output byte can be mapped to the whole segment it came from. A one-code-point segment that folds
// to itself (most of Japanese text) goes to same(first byte, end byte, first cp, end cp) instead.
template <class Emit, class Same>
void fold_segments(std::string_view original, Emit emit, Same same) {
  const icu::Normalizer2* n = nfkc_casefold();
  CodePointTable& table = code_point_table();
  icu::UnicodeString seg;
  std::size_t seg_byte = 0;  // where the open segment starts, in bytes and in code points
  std::size_t seg_cp = 0;
  char32_t seg_first = 0;
  std::size_t cp_index = 0;
  const auto flush = [&](std::size_t end_byte) {
    if (cp_index == seg_cp) return;
    if (cp_index - seg_cp == 1) {
      if (seg_first < 0x80) {  // a lone ASCII character folds to its lower case
        if (seg_first < U'A' || seg_first > U'Z') {
          same(seg_byte, end_byte, seg_cp, cp_index);
        } else {
          const char c = static_cast<char>(seg_first - U'A' + U'a');
          emit(std::string_view(&c, 1), seg_cp, cp_index);
        }
      } else if (table.folds_to_itself(seg_first) && end_byte - seg_byte > 1) {
        same(seg_byte, end_byte, seg_cp, cp_index);  // (one byte: an invalid byte read as U+FFFD)
      } else {
        emit(table.fold(seg_first), seg_cp, cp_index);
      }
      return;
    }
    seg.remove();
    for (std::size_t k = seg_byte; k < end_byte;) seg.append(static_cast<UChar32>(decode_or_replacement(original, k)));
    const std::string utf8 = normalize_segment(n, seg);
    emit(std::string_view(utf8), seg_cp, cp_index);
  };
  for (std::size_t i = 0; i < original.size();) {
    const std::size_t start = i;
    const auto b0 = static_cast<unsigned char>(original[i]);
    // Eight ASCII bytes without capitals (digits, addresses, CSV punctuation): the first seven are
    // one-byte segments that fold to themselves (the eighth may take a combining mark after it).
    if (b0 < 0x80 && i + 8 <= original.size() && plain_ascii8(original.data() + i)) {
      flush(i);
      for (std::size_t k = 0; k < 7; ++k) same(i + k, i + k + 1, cp_index + k, cp_index + k + 1);
      i += 7;
      cp_index += 7;
      seg_byte = i;
      seg_cp = cp_index;  // nothing open
      continue;
    }
    const char32_t cp = b0 < 0x80 ? (++i, b0) : decode_common(original, i);
    if (b0 < 0x80 || table.boundary_before(cp) || cp_index == 0) {
      flush(start);
      seg_byte = start;
      seg_cp = cp_index;
      seg_first = cp;
    }
    ++cp_index;
  }
  flush(original.size());
}

}  // namespace

FoldedText fold_with_map(std::string_view original) {
  FoldedText out;
  out.folded.reserve(original.size());
  out.origin_begin.reserve(original.size());
  out.origin_end.reserve(original.size());
  const auto emit = [&](std::string_view bytes, std::size_t begin, std::size_t end) {
    out.folded += bytes;
    out.origin_begin.insert(out.origin_begin.end(), bytes.size(), static_cast<std::uint32_t>(begin));
    out.origin_end.insert(out.origin_end.end(), bytes.size(), static_cast<std::uint32_t>(end));
  };
  fold_segments(original, emit, [&](std::size_t b, std::size_t e, std::size_t begin, std::size_t end) {
    emit(original.substr(b, e - b), begin, end);
  });
  return out;
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  // Bytes that fold to themselves are copied a run at a time.
  std::size_t run_begin = 0;
  std::size_t run_end = 0;
  const auto flush_run = [&] {
    out.append(s, run_begin, run_end - run_begin);
    run_begin = run_end;
  };
  fold_segments(
      s,
      [&](std::string_view bytes, std::size_t, std::size_t) {
        flush_run();
        out += bytes;
      },
      [&](std::size_t b, std::size_t e, std::size_t, std::size_t) {
        if (b != run_end) {
          flush_run();
          run_begin = b;
        }
        run_end = e;
      });
  flush_run();
  return out;
}

std::string nfkc(std::string_view s) {
  return normalize_utf8(nfkc_only(), s);
}

}  // namespace sg::text
