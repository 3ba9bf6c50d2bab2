// NFKC folding with an offset map: width and case variants match, offsets point at the original.
#include <doctest/doctest.h>

#include "text/normalize.h"
#include "text/utf8.h"

using sg::text::fold;
using sg::text::fold_with_map;

TEST_CASE("full-width and half-width forms fold to the same text") {
  CHECK(fold("ＣＯＮＦＩＤＥＮＴＩＡＬ") == "confidential");
  CHECK(fold("Confidential") == "confidential");
  CHECK(fold("ｺﾝﾌｨﾃﾞﾝｼｬﾙ") == fold("コンフィデンシャル"));
  CHECK(fold("０３－１２３４") == "03-1234");
}

TEST_CASE("folded offsets map back to original code points") {
  const std::string original = "件名：ＣＯＮＦＩＤＥＮＴＩＡＬ資料";
  const auto f = fold_with_map(original);
  const auto at = f.folded.find("confidential");
  REQUIRE(at != std::string::npos);
  const auto [start, end] = f.original_range(at, at + std::string("confidential").size());
  CHECK(start == 3);
  CHECK(end == 15);
}

TEST_CASE("a half-width katakana with a voiced mark maps to both original characters") {
  const std::string original = "ﾃﾞｰﾀ";  // テ + ゛ compose into デ
  const auto f = fold_with_map(original);
  CHECK(f.folded == "データ");
  const auto at = f.folded.find("デ");
  const auto [start, end] = f.original_range(at, at + std::string("デ").size());
  CHECK(start == 0);
  CHECK(end == 2);
}

TEST_CASE("code points are counted, not bytes") {
  CHECK(sg::text::count_code_points("山田様") == 3);
  CHECK(sg::text::is_valid_utf8("山田"));
  CHECK_FALSE(sg::text::is_valid_utf8("\xe5\xb1"));
  CHECK_FALSE(sg::text::is_valid_utf8("\xc0\xaf"));  // overlong '/'
}

TEST_CASE("long ASCII runs fold like the same text one character at a time, combining marks included") {
  // Runs of eight and more plain ASCII bytes take a faster path; capitals, a combining mark right
  // after a run, and invalid bytes must come out exactly as ICU's NFKC_Casefold of the whole gives.
  CHECK(fold("abcdefgh") == "abcdefgh");
  CHECK(fold("abcdefgHijklmnop") == "abcdefghijklmnop");
  CHECK(fold("0123456789,user@mail.example,〒100-0001") == "0123456789,user@mail.example,〒100-0001");
  CHECK(fold("cafecafe\u0301") == "cafecaf\u00e9");     // the eighth byte takes the mark
  CHECK(fold("cafecafex\u0301") == "cafecafex\u0301");  // no precomposed x-acute: the mark stays
  CHECK(fold("abcdefghijklmnoe\u0301") == "abcdefghijklmno\u00e9");
  CHECK(fold("abcdefgh\xff"
             "abcdefgh") ==
        "abcdefgh\ufffd"
        "abcdefgh");
  // Offsets stay per character through the fast path.
  const std::string original = "0123456789ABCDEFGHIJ社外秘";
  const auto f = fold_with_map(original);
  CHECK(f.folded == "0123456789abcdefghij社外秘");
  const auto at = f.folded.find("社外秘");
  const auto [start, end] = f.original_range(at, at + std::string("社外秘").size());
  CHECK(start == 20);
  CHECK(end == 23);
  const auto [d_start, d_end] = f.original_range(3, 4);
  CHECK(d_start == 3);
  CHECK(d_end == 4);
}
