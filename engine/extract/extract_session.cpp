// What one extract_text call shares across the nested files it reads (internal to engine/extract).
#include "extract/extract_session.h"

#include <algorithm>
#include <utility>

#include "core/large_buffer.h"
#include "extract/mail_encoding.h"
#include "text/utf8.h"

namespace sg::extract {

Session::Session(const ExtractLimits& limits, const PdfExtractor& pdf, Extracted& out)
    : limits_(limits), pdf_(pdf), out_(out), deadline_(std::chrono::steady_clock::now() + limits.time_budget) {}

bool Session::out_of_time(std::string_view location) {
  if (timed_out_) return true;
  if (std::chrono::steady_clock::now() < deadline_) return false;
  if (timed_out_.exchange(true)) return true;  // the other thread saw it first and said so
  problem(ProblemKind::timeout, location, "time budget spent; the text read so far is kept");
  return true;
}

std::chrono::milliseconds Session::time_left() const {
  const auto left = deadline_ - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(left);
}

std::uint64_t Session::inflate_left() const {
  std::lock_guard lock(mu_);
  return limits_.max_uncompressed - inflated_;
}

void Session::charge_inflated(std::uint64_t bytes) {
  std::lock_guard lock(mu_);
  inflated_ = bytes > limits_.max_uncompressed - inflated_ ? limits_.max_uncompressed : inflated_ + bytes;
}

bool Session::reserve_inflated(std::uint64_t bytes) {
  std::lock_guard lock(mu_);
  if (bytes > limits_.max_uncompressed - inflated_) return false;
  inflated_ += bytes;
  return true;
}

void Session::text_truncated(std::string_view location) {
  if (text_full_.exchange(true)) return;
  problem(ProblemKind::truncated, location,
          "text budget of " + std::to_string(limits_.max_text_bytes) + " bytes spent; the text ends here");
}

void Session::problem(ProblemKind kind, std::string_view location, std::string detail) {
  std::lock_guard lock(mu_);
  if (out_.problems.size() >= kMaxProblems) return;
  out_.problems.push_back(Problem{kind, std::string(location), std::move(detail)});
}

void Session::add_part(std::string location, std::string text) {
  if (text.empty()) return;
  std::lock_guard lock(mu_);
  out_.parts.push_back(TextPart{std::move(location), std::move(text)});
}

bool PartText::append(std::string_view utf8) {
  if (session_.stopped()) return false;
  const std::size_t left = session_.text_left();
  if (utf8.size() <= left) {
    text_ += utf8;
    session_.charge_text(utf8.size());
    return true;
  }
  const std::string_view kept = utf8_prefix(utf8, left);
  text_ += kept;
  session_.charge_text(kept.size());
  session_.text_truncated(location_);
  return false;
}

void PartText::expect(std::size_t bytes) {
  const std::size_t room = std::min(bytes, session_.text_left());
  if (room <= text_.capacity()) return;
  text_.reserve(room);
  advise_large_buffer(text_.data(), text_.capacity());
}

void PartText::finish() {
  session_.add_part(std::move(location_), std::move(text_));
  text_.clear();
}

std::string display_name(std::string_view raw) {
  const std::string utf8 = mail::header_bytes_to_utf8(raw);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = text::decode_utf8(utf8, i);
    const bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
    text::append_utf8(out, control || cp == text::kInvalidCodePoint ? U'\uFFFD' : cp);
  }
  if (out.size() <= kMaxLocationBytes) return out;
  std::string cut(utf8_prefix(out, kMaxLocationBytes));
  cut += "\u2026";
  return cut;
}

std::string join_location(std::string_view outer, std::string_view inner) {
  if (outer.empty()) return std::string(inner);
  if (inner.empty()) return std::string(outer);
  std::string out;
  out.reserve(outer.size() + 1 + inner.size());
  out += outer;
  out += '/';
  out += inner;
  return out;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace sg::extract
