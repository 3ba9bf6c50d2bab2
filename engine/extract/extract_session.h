// What one extract_text call shares across the nested files it reads: limits, the clock, the
// bytes inflated and the text kept so far, and the problems found (internal to engine/extract).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "extract/attachment_text.h"

namespace sg::extract {

// At most this many problems are kept per attachment (a hostile archive could name thousands).
inline constexpr std::size_t kMaxProblems = 1000;
// Locations (entry names are attacker-chosen) are cut to this many bytes.
inline constexpr std::size_t kMaxLocationBytes = 512;

// One Session may be shared by the thread that reads a workbook's worksheets and the one that
// reads its shared strings at the same time: the clock, the inflate budget and the problems are
// guarded. Text parts are only ever added by one thread.
class Session {
 public:
  Session(const ExtractLimits& limits, const PdfExtractor& pdf, Extracted& out);

  [[nodiscard]] const ExtractLimits& limits() const { return limits_; }
  [[nodiscard]] const PdfExtractor& pdf() const { return pdf_; }

  // True once the time budget is spent (checks the clock); records one `timeout` at `location`.
  bool out_of_time(std::string_view location);
  // True when nothing more will be kept: out of time or out of text budget.
  [[nodiscard]] bool stopped() const { return timed_out_ || text_full_; }
  [[nodiscard]] std::chrono::milliseconds time_left() const;

  [[nodiscard]] std::uint64_t inflate_left() const;
  void charge_inflated(std::uint64_t bytes);
  // Takes `bytes` of the inflate budget when that much is left (true), else takes nothing.
  [[nodiscard]] bool reserve_inflated(std::uint64_t bytes);

  [[nodiscard]] std::size_t text_left() const { return limits_.max_text_bytes - text_kept_; }
  // Counts `bytes` of kept text; callers never pass more than text_left().
  void charge_text(std::size_t bytes) { text_kept_ += bytes; }
  // The text budget ran out inside `location`: records `truncated` once and stops the session.
  void text_truncated(std::string_view location);

  void problem(ProblemKind kind, std::string_view location, std::string detail);
  void add_part(std::string location, std::string text);

 private:
  const ExtractLimits& limits_;
  const PdfExtractor& pdf_;
  Extracted& out_;
  std::chrono::steady_clock::time_point deadline_;
  mutable std::mutex mu_;  // inflated_ and out_.problems
  std::uint64_t inflated_ = 0;
  std::size_t text_kept_ = 0;  // the text-adding thread's own
  std::atomic<bool> timed_out_ = false;
  std::atomic<bool> text_full_ = false;
};

// The text of one part, built within the session's text budget.
class PartText {
 public:
  PartText(Session& session, std::string location) : session_(session), location_(std::move(location)) {}

  // Appends UTF-8 text; false once the budget is full (the text is cut at a character boundary).
  bool append(std::string_view utf8);
  bool append(char c) { return append(std::string_view(&c, 1)); }
  [[nodiscard]] const std::string& location() const { return location_; }
  [[nodiscard]] bool empty() const { return text_.empty(); }
  [[nodiscard]] bool ends_with_newline() const { return !text_.empty() && text_.back() == '\n'; }
  // Room for about `bytes` of text (at most what the budget has left), so a large part is not
  // copied as it grows; only what is written is ever touched.
  void expect(std::size_t bytes);
  // Hands the text to the session as a part (nothing when empty).
  void finish();

 private:
  Session& session_;
  std::string location_;
  std::string text_;
};

// An attacker-chosen name made fit for a location: UTF-8 (legacy Japanese bytes converted),
// control characters replaced, cut to kMaxLocationBytes.
[[nodiscard]] std::string display_name(std::string_view raw);

// "a.zip" + "b.csv" -> "a.zip/b.csv"; either side may be empty.
[[nodiscard]] std::string join_location(std::string_view outer, std::string_view inner);

// The longest prefix of `s` of at most `max` bytes that does not split a UTF-8 sequence.
[[nodiscard]] std::string_view utf8_prefix(std::string_view s, std::size_t max);

}  // namespace sg::extract
