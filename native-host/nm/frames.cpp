// Native-messaging framing: length header in the host's byte order, bounded frame reads.
#include "nm/frames.h"

#include <bit>
#include <stdexcept>

namespace sg::nm {

// Chromium and Firefox write the length with the host's own byte order ("native byte order");
// a bit_cast of the integer is exactly that, on either endianness.
static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big,
              "mixed-endian hosts are not supported");

std::array<char, kFrameHeaderBytes> encode_frame_header(std::uint32_t length) {
  return std::bit_cast<std::array<char, kFrameHeaderBytes>>(length);
}

std::uint32_t decode_frame_header(std::span<const char, kFrameHeaderBytes> header) {
  std::array<char, kFrameHeaderBytes> bytes{};
  for (std::size_t i = 0; i < kFrameHeaderBytes; ++i) bytes[i] = header[i];
  return std::bit_cast<std::uint32_t>(bytes);
}

std::string encode_frame(std::string_view body) {
  if (body.size() > UINT32_MAX) throw std::length_error("a native-messaging frame must be shorter than 4 GiB");
  const auto header = encode_frame_header(static_cast<std::uint32_t>(body.size()));
  std::string frame;
  frame.reserve(kFrameHeaderBytes + body.size());
  frame.append(header.data(), header.size());
  frame.append(body);
  return frame;
}

namespace {

enum class Fill { full, empty, partial, failed };

// Reads exactly buf.size() bytes unless the input ends or fails first.
Fill fill(const ByteSource& source, std::span<char> buf, std::optional<Error>& error) {
  std::size_t got = 0;
  while (got < buf.size()) {
    auto n = source(buf.subspan(got));
    if (!n) {
      error = std::move(n).error();
      return Fill::failed;
    }
    if (*n == 0) return got == 0 ? Fill::empty : Fill::partial;
    got += *n;
  }
  return Fill::full;
}

}  // namespace

FrameRead read_frame(const ByteSource& source, std::size_t max_body_bytes) {
  FrameRead r;
  std::array<char, kFrameHeaderBytes> header{};
  switch (fill(source, header, r.error)) {
    case Fill::full: break;
    case Fill::empty: r.outcome = FrameRead::Outcome::end; return r;
    case Fill::partial: r.outcome = FrameRead::Outcome::truncated; return r;
    case Fill::failed: r.outcome = FrameRead::Outcome::failed; return r;
  }
  const std::uint32_t length = decode_frame_header(header);
  r.announced = length;
  if (length > max_body_bytes) {
    r.outcome = FrameRead::Outcome::too_large;
    return r;
  }
  r.body.resize(length);
  switch (fill(source, r.body, r.error)) {
    case Fill::full: r.outcome = FrameRead::Outcome::frame; return r;
    case Fill::empty:
    case Fill::partial: r.outcome = FrameRead::Outcome::truncated; break;
    case Fill::failed: r.outcome = FrameRead::Outcome::failed; break;
  }
  r.body.clear();
  return r;
}

}  // namespace sg::nm
