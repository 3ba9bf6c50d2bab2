// Text folded for matching, with a map from the folded bytes back to original characters.
#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <unordered_map>

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

// Most segments are one code point (kanji, kana, ASCII); their folding is looked up once per
// thread instead of going through ICU each time.
constexpr std::size_t kMaxCachedCodePoints = 16384;

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

const std::string& fold_code_point(const icu::Normalizer2* n, char32_t cp) {
  thread_local std::unordered_map<char32_t, std::string> cache;
  if (auto it = cache.find(cp); it != cache.end()) return it->second;
  if (cache.size() >= kMaxCachedCodePoints) cache.clear();
  return cache.emplace(cp, normalize_segment(n, icu::UnicodeString(static_cast<UChar32>(cp)))).first->second;
}

// Splits `original` into segments that normalise independently (a boundary before each start)
// and calls emit(folded bytes, first code point, end code point) for each, in order, so every
// output byte can be mapped to the whole segment it came from.
template <class Emit>
void fold_segments(std::string_view original, Emit emit) {
  const icu::Normalizer2* n = nfkc_casefold();
  std::vector<char32_t> cps;
  cps.reserve(original.size());
  for (std::size_t i = 0; i < original.size();) {
    const char32_t cp = decode_utf8(original, i);
    cps.push_back(cp == kInvalidCodePoint ? U'\uFFFD' : cp);
  }
  icu::UnicodeString seg;
  std::size_t seg_start = 0;
  const auto flush = [&](std::size_t seg_end) {
    if (seg_end == seg_start) return;
    if (seg_end - seg_start == 1) {
      const char32_t cp = cps[seg_start];
      if (cp < 0x80) {  // a lone ASCII character folds to its lower case
        const char c = static_cast<char>(cp >= U'A' && cp <= U'Z' ? cp - U'A' + U'a' : cp);
        emit(std::string_view(&c, 1), seg_start, seg_end);
      } else {
        emit(std::string_view(fold_code_point(n, cp)), seg_start, seg_end);
      }
      return;
    }
    seg.remove();
    for (std::size_t k = seg_start; k < seg_end; ++k) seg.append(static_cast<UChar32>(cps[k]));
    const std::string utf8 = normalize_segment(n, seg);
    emit(std::string_view(utf8), seg_start, seg_end);
  };
  for (std::size_t k = 0; k < cps.size(); ++k) {
    const bool boundary = n == nullptr || cps[k] < 0x80 || n->hasBoundaryBefore(static_cast<UChar32>(cps[k]));
    if (boundary) {
      flush(k);
      seg_start = k;
    }
  }
  flush(cps.size());
}

}  // namespace

FoldedText fold_with_map(std::string_view original) {
  FoldedText out;
  out.folded.reserve(original.size());
  out.origin_begin.reserve(original.size());
  out.origin_end.reserve(original.size());
  fold_segments(original, [&](std::string_view bytes, std::size_t begin, std::size_t end) {
    out.folded += bytes;
    out.origin_begin.insert(out.origin_begin.end(), bytes.size(), static_cast<std::uint32_t>(begin));
    out.origin_end.insert(out.origin_end.end(), bytes.size(), static_cast<std::uint32_t>(end));
  });
  return out;
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  fold_segments(s, [&](std::string_view bytes, std::size_t, std::size_t) { out += bytes; });
  return out;
}

std::string nfkc(std::string_view s) {
  return normalize_utf8(nfkc_only(), s);
}

}  // namespace sg::text
