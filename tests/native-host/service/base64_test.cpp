// Base64 on the wire (wire/base64): the fast path for whole groups and the strict loop agree.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "wire/base64.h"

using sg::wire::base64_decode;
using sg::wire::base64_encode;

TEST_CASE("every length round-trips, with and without padding and line breaks") {
  std::mt19937 rng(7);
  for (std::size_t n = 0; n < 200; ++n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
    const std::string encoded = base64_encode(bytes);
    REQUIRE(base64_decode(encoded) == bytes);
    // Unpadded.
    std::string bare = encoded;
    while (!bare.empty() && bare.back() == '=') bare.pop_back();
    CHECK(base64_decode(bare) == bytes);
    // MIME-style lines of 76 characters with CRLF: the fast path hands over at the first break.
    std::string wrapped;
    for (std::size_t i = 0; i < encoded.size(); i += 76) wrapped += encoded.substr(i, 76) + "\r\n";
    CHECK(base64_decode(wrapped) == bytes);
  }
}

TEST_CASE("known vectors (RFC 4648) decode, bad input is refused wherever it is") {
  CHECK(base64_decode("Zm9vYmFy") == std::string("foobar"));
  CHECK(base64_decode("Zm9vYg==") == std::string("foob"));
  CHECK(base64_decode("Zm8=") == std::string("fo"));
  CHECK_FALSE(base64_decode("Zm9v!mFy").has_value());          // a bad character inside a group of four
  CHECK_FALSE(base64_decode("Zm9vYmFyZm9vYm$=").has_value());  // in the tail
  CHECK_FALSE(base64_decode("Zm8=Zm8=").has_value());          // data after padding
  CHECK_FALSE(base64_decode("Zm9vY").has_value());             // one symbol left over
  CHECK_FALSE(base64_decode("Zg===").has_value());             // too much padding
}
