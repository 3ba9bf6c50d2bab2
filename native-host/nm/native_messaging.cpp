// The native-messaging loop: read a frame, answer it, repeat until the extension hangs up.
// Small on purpose (KeePassXC's proxy): framing in frames.cpp, envelopes in envelope.cpp.
#include "nm/native_messaging.h"

#include <fmt/format.h>

#include <exception>

#include "host_limits.h"
#include "nm/envelope.h"
#include "nm/frames.h"
#include "platform/fd_io.h"

namespace sg::nm {

namespace {

// Diagnostics go to stderr (the browser's console); stdout carries frames only.
void diagnose(std::string_view what) {
  fmt::print(stderr, "sendguard native-messaging: {}\n", what);
}

bool send(int out, std::string_view body) {
  if (auto st = platform::write_all(out, encode_frame(body)); !st) {
    diagnose(st.error().message.en);
    return false;
  }
  return true;
}

int serve_frames(Api& api, int in, int out) {
  const ByteSource source = [in](std::span<char> buf) { return platform::read_some(in, buf); };
  for (;;) {
    const FrameRead r = read_frame(source, limits::kMaxNativeInFrameBytes);
    switch (r.outcome) {
      case FrameRead::Outcome::frame:
        if (!send(out, answer(api, r.body))) return 1;
        break;
      case FrameRead::Outcome::end: return 0;
      case FrameRead::Outcome::truncated: diagnose("the input ended inside a frame; stopping"); return 1;
      case FrameRead::Outcome::too_large:
        // The body is never read, so the stream cannot be resynchronised: answer, then stop.
        diagnose(fmt::format("a frame announced {} bytes, over the {}-byte limit; stopping", r.announced,
                             limits::kMaxNativeInFrameBytes));
        (void)send(out, too_large_frame_answer(api, r.announced));
        return 1;
      case FrameRead::Outcome::failed: diagnose(r.error ? r.error->message.en : "read failed"); return 1;
    }
  }
}

}  // namespace

int run(Api& api, int in, int out) {
  platform::prepare_byte_stream(in, out);
  try {
    return serve_frames(api, in, out);
  } catch (const std::exception& e) {
    diagnose(fmt::format("internal error: {}", e.what()));
    return 1;
  }
}

}  // namespace sg::nm
