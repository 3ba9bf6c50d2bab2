// Generated passwords: length, alphabet, no look-alikes, uniform characters, refused arguments.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "crypt/password.h"

using sg::crypt::generate_password;
using sg::crypt::kPasswordAlphabet;

TEST_CASE("the default alphabet has no look-alikes, quotes, backslash or space, and no repeats") {
  for (const char c : std::string_view("0Oo1lIi'\"`\\ |!")) {
    CAPTURE(c);
    CHECK(kPasswordAlphabet.find(c) == std::string_view::npos);
  }
  const std::set<char> distinct(kPasswordAlphabet.begin(), kPasswordAlphabet.end());
  CHECK(distinct.size() == kPasswordAlphabet.size());
  CHECK(kPasswordAlphabet.size() == 64);
}

TEST_CASE("passwords have the requested length and use only the alphabet") {
  for (const std::size_t length : {sg::crypt::kMinPasswordLength, std::size_t{16}, sg::crypt::kMaxPasswordLength}) {
    auto pw = generate_password(length);
    REQUIRE(pw.ok());
    CHECK(pw->size() == length);
    CHECK(std::all_of(pw->begin(), pw->end(),
                      [](char c) { return kPasswordAlphabet.find(c) != std::string_view::npos; }));
  }
  auto custom = generate_password(20, "ab");
  REQUIRE(custom.ok());
  CHECK(custom->find_first_not_of("ab") == std::string::npos);
}

TEST_CASE("10,000 passwords are distinct and their characters roughly uniform") {
  std::map<char, std::size_t> counts;
  std::set<std::string> seen;
  constexpr std::size_t kSamples = 10000;
  constexpr std::size_t kLength = 12;
  for (std::size_t i = 0; i < kSamples; ++i) {
    auto pw = generate_password(kLength);
    REQUIRE(pw.ok());
    seen.insert(*pw);
    for (const char c : *pw) ++counts[c];
  }
  CHECK(seen.size() == kSamples);
  CHECK(counts.size() == kPasswordAlphabet.size());
  // 120,000 draws over 64 characters: 1875 expected each, standard deviation about 43.
  const double expected = static_cast<double>(kSamples * kLength) / static_cast<double>(kPasswordAlphabet.size());
  double chi2 = 0;
  for (const auto& [c, n] : counts) {
    CAPTURE(c);
    CHECK(static_cast<double>(n) > expected * 0.85);
    CHECK(static_cast<double>(n) < expected * 1.15);
    chi2 += (static_cast<double>(n) - expected) * (static_cast<double>(n) - expected) / expected;
  }
  CHECK(chi2 < 150.0);  // 63 degrees of freedom: p < 1e-8 above this
}

TEST_CASE("an alphabet that does not divide 256 shows no modulo bias") {
  // 94 characters: 256 % 94 = 68, so plain modulo would give the first 68 characters 3/256 and
  // the other 26 only 2/256, a 50% difference.
  std::string alphabet;
  for (char c = '!'; c <= '~'; ++c) alphabet += c;
  REQUIRE(alphabet.size() == 94);
  std::map<char, std::size_t> counts;
  for (int i = 0; i < 5000; ++i) {
    auto pw = generate_password(24, alphabet);
    REQUIRE(pw.ok());
    for (const char c : *pw) ++counts[c];
  }
  REQUIRE(counts.size() == 94);
  double low = 0;
  double high = 0;
  for (const auto& [c, n] : counts) (alphabet.find(c) < 68 ? low : high) += static_cast<double>(n);
  // Per-character means of both groups: equal under rejection sampling.
  const double ratio = (low / 68.0) / (high / 26.0);
  CHECK(ratio > 0.95);
  CHECK(ratio < 1.05);
}

TEST_CASE("bad lengths and alphabets are refused with invalid_request") {
  const auto code = [](const sg::Result<std::string>& r) { return r.ok() ? sg::ErrorCode::internal : r.error().code; };
  CHECK(code(generate_password(0)) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(sg::crypt::kMinPasswordLength - 1)) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(sg::crypt::kMaxPasswordLength + 1)) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(16, "")) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(16, "a")) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(16, "abca")) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(16, "ab\n")) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(16, "ab\x7f")) == sg::ErrorCode::invalid_request);
  CHECK(code(generate_password(16, "abあ")) == sg::ErrorCode::invalid_request);
  const auto r = generate_password(3);
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.error().message.ja.empty());
  CHECK_FALSE(r.error().message.en.empty());
}
