// The native-messaging envelopes of api.md: {"id", "method", "params"} in, {"id", "result"} or
// {"id", "error"} out. One handler per method, each calling the transport-neutral Api.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "service/api.h"

namespace sg::nm {

// Answers the body of one request frame with the body of the reply frame. Never throws, and the
// answer always fits limits::kMaxNativeOutFrameBytes (a larger result becomes a too_large error).
[[nodiscard]] std::string answer(Api& api, std::string_view request);

// The answer to a frame whose header announced more than limits::kMaxNativeInFrameBytes; its id
// is unknown because the body is never read.
[[nodiscard]] std::string too_large_frame_answer(const Api& api, std::uint64_t announced);

}  // namespace sg::nm
