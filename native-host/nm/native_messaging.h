// `sendguard native-messaging`: the Thunderbird transport. Length-prefixed frames on stdin and
// stdout carrying the envelopes of api.md, calling the same operations as the HTTP routes.
#pragma once

#include "service/api.h"

namespace sg::nm {

// Reads frames from fd `in`, answers on fd `out`, until EOF. Returns the exit code: 0 when the
// input ends between frames, 1 after a truncated or oversized frame or an I/O failure.
[[nodiscard]] int run(Api& api, int in, int out);

}  // namespace sg::nm
