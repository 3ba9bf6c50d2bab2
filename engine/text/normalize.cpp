// Text folded for matching, with a map from the folded bytes back to original characters.
#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

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

FoldedText fold_with_map(std::string_view original) {
  FoldedText out;
  out.folded.reserve(original.size());
  out.origin_begin.reserve(original.size());
  out.origin_end.reserve(original.size());
  const icu::Normalizer2* n = nfkc_casefold();

  // Split into segments that normalise independently (a boundary before each segment start)
  // and map every output byte of a segment to the whole segment's original range.
  std::vector<char32_t> cps;
  cps.reserve(original.size());
  for (std::size_t i = 0; i < original.size();) {
    char32_t cp = decode_utf8(original, i);
    cps.push_back(cp == kInvalidCodePoint ? U'\uFFFD' : cp);
  }
  std::size_t seg_start = 0;
  icu::UnicodeString seg;
  const auto flush = [&](std::size_t seg_end) {
    if (seg_end == seg_start) return;
    const auto begin = static_cast<std::uint32_t>(seg_start);
    const auto end = static_cast<std::uint32_t>(seg_end);
    // Fast path: a lone ASCII character folds to its lower case.
    if (seg_end - seg_start == 1 && cps[seg_start] < 0x80) {
      char c = static_cast<char>(cps[seg_start]);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out.folded.push_back(c);
      out.origin_begin.push_back(begin);
      out.origin_end.push_back(end);
      return;
    }
    seg.remove();
    for (std::size_t k = seg_start; k < seg_end; ++k) seg.append(static_cast<UChar32>(cps[k]));
    std::string utf8;
    if (n != nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      const icu::UnicodeString norm = n->normalize(seg, status);
      if (U_SUCCESS(status)) {
        norm.toUTF8String(utf8);
      } else {
        seg.toUTF8String(utf8);
      }
    } else {
      seg.toUTF8String(utf8);
    }
    out.folded += utf8;
    out.origin_begin.insert(out.origin_begin.end(), utf8.size(), begin);
    out.origin_end.insert(out.origin_end.end(), utf8.size(), end);
  };
  for (std::size_t k = 0; k < cps.size(); ++k) {
    const bool boundary = n == nullptr || cps[k] < 0x80 || n->hasBoundaryBefore(static_cast<UChar32>(cps[k]));
    if (boundary) {
      flush(k);
      seg_start = k;
    }
  }
  flush(cps.size());
  return out;
}

std::string fold(std::string_view s) {
  return normalize_utf8(nfkc_casefold(), s);
}

std::string nfkc(std::string_view s) {
  return normalize_utf8(nfkc_only(), s);
}

}  // namespace sg::text
