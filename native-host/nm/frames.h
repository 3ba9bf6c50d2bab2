// Native-messaging framing (api.md "Transports"): a 4-byte length in the host's byte order, then
// that many bytes of UTF-8 JSON. The reader works on any byte source, so it is tested without pipes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sg::nm {

inline constexpr std::size_t kFrameHeaderBytes = 4;

[[nodiscard]] std::array<char, kFrameHeaderBytes> encode_frame_header(std::uint32_t length);
[[nodiscard]] std::uint32_t decode_frame_header(std::span<const char, kFrameHeaderBytes> header);

// Header and body in one string (written with one call, so a frame is never split by us).
// The body must be shorter than 4 GiB; callers enforce the far smaller limits of host_limits.h.
[[nodiscard]] std::string encode_frame(std::string_view body);

// Fills a prefix of the span and says how many bytes it wrote; 0 means end of input.
using ByteSource = std::function<Result<std::size_t>(std::span<char>)>;

struct FrameRead {
  enum class Outcome {
    frame,      // `body` holds one whole frame
    end,        // end of input between frames: how a session normally ends
    truncated,  // end of input inside a header or a body
    too_large,  // the header announced `announced` bytes, over the limit; the body was not read
    failed,     // the source failed with `error`
  };
  Outcome outcome = Outcome::end;
  std::string body;
  std::uint64_t announced = 0;
  std::optional<Error> error;
};

// Reads one frame. The announced length is checked against `max_body_bytes` before anything is
// allocated for the body: a stream with an oversized frame cannot be resynchronised, so the
// caller answers and stops.
[[nodiscard]] FrameRead read_frame(const ByteSource& source, std::size_t max_body_bytes);

}  // namespace sg::nm
