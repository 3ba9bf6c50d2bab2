// Native-messaging framing: the length header's byte order and the frame reader's outcomes,
// fed through a scripted byte source (short reads, end of input, failures).
#include <doctest/doctest.h>

#include <bit>
#include <cstring>
#include <deque>

#include "nm/frames.h"

namespace {

using sg::nm::FrameRead;

// Hands out the script's chunks, each split into reads of at most `step` bytes, then end of input.
struct ScriptedSource {
  std::deque<std::string> chunks;
  std::size_t step = 1;
  std::size_t consumed = 0;
  bool fail_at_end = false;

  sg::nm::ByteSource source() {
    return [this](std::span<char> buf) -> sg::Result<std::size_t> {
      while (!chunks.empty() && chunks.front().empty()) chunks.pop_front();
      if (chunks.empty()) {
        if (fail_at_end) return sg::make_error(sg::ErrorCode::internal, sg::Text{"読めない", "read failed"});
        return std::size_t{0};
      }
      std::string& front = chunks.front();
      const std::size_t n = std::min({buf.size(), step, front.size()});
      std::memcpy(buf.data(), front.data(), n);
      front.erase(0, n);
      consumed += n;
      return n;
    };
  }
};

std::string header(std::uint32_t n) {
  const auto h = sg::nm::encode_frame_header(n);
  return std::string(h.data(), h.size());
}

}  // namespace

TEST_CASE("the length header is the host's own byte order") {
  const auto h = sg::nm::encode_frame_header(0x01020304u);
  std::uint32_t back = 0;
  std::memcpy(&back, h.data(), sizeof back);
  CHECK(back == 0x01020304u);
  if constexpr (std::endian::native == std::endian::little) {
    CHECK(h[0] == '\x04');
    CHECK(h[3] == '\x01');
  }
  CHECK(sg::nm::decode_frame_header(h) == 0x01020304u);
}

TEST_CASE("a frame is its length header followed by the body") {
  const std::string f = sg::nm::encode_frame("{\"id\":\"1\"}");
  REQUIRE(f.size() == 4 + 10);
  CHECK(sg::nm::decode_frame_header(std::span<const char, 4>(f.data(), 4)) == 10u);
  CHECK(f.substr(4) == "{\"id\":\"1\"}");
  CHECK(sg::nm::encode_frame("").size() == 4);
}

TEST_CASE("frames arriving one byte at a time are read whole, one after the other") {
  ScriptedSource s;
  s.chunks = {sg::nm::encode_frame("{\"a\":1}"), sg::nm::encode_frame("[]")};
  const auto src = s.source();
  FrameRead first = sg::nm::read_frame(src, 100);
  REQUIRE(first.outcome == FrameRead::Outcome::frame);
  CHECK(first.body == "{\"a\":1}");
  FrameRead second = sg::nm::read_frame(src, 100);
  REQUIRE(second.outcome == FrameRead::Outcome::frame);
  CHECK(second.body == "[]");
  CHECK(sg::nm::read_frame(src, 100).outcome == FrameRead::Outcome::end);
}

TEST_CASE("an empty frame is a frame with an empty body") {
  ScriptedSource s;
  s.chunks = {header(0)};
  const FrameRead r = sg::nm::read_frame(s.source(), 100);
  CHECK(r.outcome == FrameRead::Outcome::frame);
  CHECK(r.body.empty());
}

TEST_CASE("end of input before any byte of a frame ends the session normally") {
  ScriptedSource s;
  CHECK(sg::nm::read_frame(s.source(), 100).outcome == FrameRead::Outcome::end);
}

TEST_CASE("end of input inside the header or the body is a truncated frame") {
  ScriptedSource in_header;
  in_header.chunks = {header(5).substr(0, 3)};
  CHECK(sg::nm::read_frame(in_header.source(), 100).outcome == FrameRead::Outcome::truncated);

  ScriptedSource in_body;
  in_body.step = 64;
  in_body.chunks = {header(5) + "abc"};
  const FrameRead r = sg::nm::read_frame(in_body.source(), 100);
  CHECK(r.outcome == FrameRead::Outcome::truncated);
  CHECK(r.body.empty());
}

TEST_CASE("an oversized frame is refused from its header, before its body is read") {
  ScriptedSource s;
  s.step = 4096;
  s.chunks = {header(101) + std::string(101, 'x')};
  const FrameRead r = sg::nm::read_frame(s.source(), 100);
  CHECK(r.outcome == FrameRead::Outcome::too_large);
  CHECK(r.announced == 101u);
  CHECK(s.consumed == 4);
  CHECK(r.body.capacity() < 101);
}

TEST_CASE("a frame exactly at the limit is accepted") {
  ScriptedSource s;
  s.step = 4096;
  s.chunks = {header(100) + std::string(100, 'x')};
  const FrameRead r = sg::nm::read_frame(s.source(), 100);
  CHECK(r.outcome == FrameRead::Outcome::frame);
  CHECK(r.body.size() == 100);
}

TEST_CASE("a failing source is reported as a failure, not as the end") {
  ScriptedSource s;
  s.fail_at_end = true;
  s.chunks = {header(10)};
  const FrameRead r = sg::nm::read_frame(s.source(), 100);
  CHECK(r.outcome == FrameRead::Outcome::failed);
  REQUIRE(r.error.has_value());
  CHECK(r.error->message.en == "read failed");
}
