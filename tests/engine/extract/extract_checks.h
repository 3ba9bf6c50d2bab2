// Test support for sg_extract_tests: finding parts and problems in an extraction result.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "extract/attachment_text.h"

namespace sg::test {

// The part at `location`, or nullptr.
inline const extract::TextPart* part_at(const extract::Extracted& x, std::string_view location) {
  for (const extract::TextPart& p : x.parts) {
    if (p.location == location) return &p;
  }
  return nullptr;
}

// The text of the part at `location` ("" when there is none, which the caller's CHECKs show).
inline std::string text_at(const extract::Extracted& x, std::string_view location) {
  const extract::TextPart* p = part_at(x, location);
  return p != nullptr ? p->text : std::string();
}

inline bool has_problem(const extract::Extracted& x, extract::ProblemKind kind, std::string_view location) {
  for (const extract::Problem& p : x.problems) {
    if (p.kind == kind && p.location == location) return true;
  }
  return false;
}

inline std::size_t count_problems(const extract::Extracted& x, extract::ProblemKind kind) {
  std::size_t n = 0;
  for (const extract::Problem& p : x.problems) n += p.kind == kind ? 1 : 0;
  return n;
}

// Every part's location and every problem, for failure messages.
inline std::string describe(const extract::Extracted& x) {
  std::string s = "format=" + x.format + "\n";
  for (const extract::TextPart& p : x.parts)
    s += "part [" + p.location + "] " + std::to_string(p.text.size()) + " bytes\n";
  for (const extract::Problem& p : x.problems) {
    s += "problem " + std::string(extract::problem_id(p.kind)) + " [" + p.location + "] " + p.detail + "\n";
  }
  return s;
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace sg::test
