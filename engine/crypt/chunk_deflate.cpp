// Chunked deflate: libdeflate compresses, zlib's inflate (Z_BLOCK) finds the block boundaries.
#include "crypt/chunk_deflate.h"

#include <libdeflate.h>
#include <zlib.h>

#include <array>
#include <memory>

namespace sg::crypt {

namespace {

Error internal(std::string ja, std::string en) {
  return make_error(ErrorCode::internal, Text{std::move(ja), std::move(en)});
}

struct CompressorFree {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

unsigned char* as_uchar(char* p) {
  return reinterpret_cast<unsigned char*>(p);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

}  // namespace

Status make_non_final(std::string& stream) {
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) return internal("zlib を初期化できません", "zlib initialisation failed");
  unsigned char* const start = as_uchar(stream.data());
  zs.next_in = start;
  zs.avail_in = static_cast<uInt>(stream.size());
  std::array<unsigned char, 64 * 1024> scratch{};
  // Bit positions (LSB first, as deflate packs them) of the last block header seen, and of the
  // stream's end. The first header is at bit 0.
  std::uint64_t last_header = 0;
  std::uint64_t end_bit = 0;
  bool seen_end = false;
  const auto consumed_bits = [&] {
    return static_cast<std::uint64_t>(zs.next_in - start) * 8 - static_cast<std::uint64_t>(zs.data_type & 7);
  };
  for (;;) {
    zs.next_out = scratch.data();
    zs.avail_out = static_cast<uInt>(scratch.size());
    const int ret = inflate(&zs, Z_BLOCK);
    if (ret == Z_STREAM_END) break;
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      inflateEnd(&zs);
      return internal("圧縮データが壊れています", "the deflate stream is invalid");
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      return internal("圧縮データが途中で終わっています", "the deflate stream is truncated");
    }
    // Bit 128: stopped at a block boundary, before the next header is read. Bit 64: the block
    // just finished was the last one, so this is the exact end of the stream (the final call
    // skips the padding bits and would round it up to a byte).
    if ((zs.data_type & 128) != 0) {
      if ((zs.data_type & 64) != 0) {
        end_bit = consumed_bits();
        seen_end = true;
      } else {
        last_header = consumed_bits();
      }
    }
  }
  inflateEnd(&zs);
  if (!seen_end || (end_bit + 7) / 8 != stream.size()) {
    return internal("圧縮データの後ろに余分なバイトがあります", "bytes follow the deflate stream");
  }
  // BFINAL of the last block becomes 0.
  stream[last_header / 8] =
      static_cast<char>(static_cast<unsigned char>(stream[last_header / 8]) & ~(1u << (last_header % 8)));
  // An empty stored block: three zero header bits (BFINAL 0, BTYPE 00), padding to the byte
  // boundary (the bits after end_bit in the last byte are already zero), LEN 0, NLEN 0xFFFF.
  const std::uint64_t used = end_bit % 8;
  if (used == 0 || used + 3 > 8) stream.push_back('\0');
  stream.append("\x00\x00\xff\xff", 4);
  return Ok{};
}

Result<std::string> deflate_piece(std::string_view data, int level, bool final) {
  std::unique_ptr<libdeflate_compressor, CompressorFree> c(libdeflate_alloc_compressor(level));
  if (!c) return internal("libdeflate を初期化できません", "libdeflate initialisation failed");
  std::string out(libdeflate_deflate_compress_bound(c.get(), data.size()), '\0');
  const std::size_t n = libdeflate_deflate_compress(c.get(), data.data(), data.size(), out.data(), out.size());
  if (n == 0) return internal("圧縮に失敗しました (libdeflate)", "deflate failed (libdeflate)");
  out.resize(n);
  if (!final) {
    if (auto st = make_non_final(out); !st) return std::move(st).error();
  }
  return out;
}

}  // namespace sg::crypt
