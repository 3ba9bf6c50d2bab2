// Chunked deflate: pieces compressed on their own and joined must inflate, as one raw deflate
// stream, to the original bytes, whatever bit a piece ends on.
#include <doctest/doctest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "crypt/chunk_deflate.h"
#include "zip_reader.h"

namespace {

using sg::crypt::deflate_piece;
using sg::crypt::make_non_final;
using sg::crypt::testing::random_bytes;
using sg::crypt::testing::text_bytes;

// zlib's raw inflate of a whole stream, which must end exactly at the end of `stream`.
std::string inflate_all(const std::string& stream, std::size_t expected) {
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, -15) == Z_OK);
  std::string out(expected + 1, '\0');
  zs.next_in = reinterpret_cast<unsigned char*>(const_cast<char*>(stream.data()));  // NOLINT
  zs.avail_in = static_cast<uInt>(stream.size());
  zs.next_out = reinterpret_cast<unsigned char*>(out.data());  // NOLINT
  zs.avail_out = static_cast<uInt>(out.size());
  const int ret = inflate(&zs, Z_FINISH);
  CHECK(ret == Z_STREAM_END);
  CHECK(zs.avail_in == 0);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

std::string joined(const std::vector<std::string>& parts, int level) {
  std::string stream;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto piece = deflate_piece(parts[i], level, i + 1 == parts.size());
    REQUIRE(piece);
    stream += *piece;
  }
  return stream;
}

}  // namespace

TEST_CASE("joined pieces inflate to the original at every level and bit alignment") {
  // Many sizes of text and random pieces end on every bit position of their last byte.
  for (const int level : {1, 6, 7, 12}) {
    CAPTURE(level);
    std::vector<std::string> parts;
    std::string original;
    for (std::size_t i = 0; i < 24; ++i) {
      std::string part = (i % 3 == 2) ? random_bytes(1000 + 37 * i) : text_bytes(500 + 1009 * i);
      original += part;
      parts.push_back(std::move(part));
    }
    CHECK(inflate_all(joined(parts, level), original.size()) == original);
  }
}

TEST_CASE("an empty last piece ends the stream; a single piece stays as it was") {
  const std::string a = text_bytes(70000);
  CHECK(inflate_all(joined({a, ""}, 7), a.size()) == a);
  auto single = deflate_piece(a, 7, true);
  REQUIRE(single);
  CHECK(inflate_all(*single, a.size()) == a);
}

TEST_CASE("make_non_final refuses what is not one complete raw deflate stream") {
  auto piece = deflate_piece(text_bytes(5000), 7, true);
  REQUIRE(piece);
  std::string truncated = piece->substr(0, piece->size() / 2);
  CHECK(!make_non_final(truncated));
  std::string trailing = *piece + "x";
  CHECK(!make_non_final(trailing));
  std::string garbage(64, '\xff');
  CHECK(!make_non_final(garbage));
}
