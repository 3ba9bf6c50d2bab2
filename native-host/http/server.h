// `sendguard serve`: HTTP(S) on loopback with Boost.Beast (design.md, api.md "Transports").
#pragma once

#include <string>

#include "service/api.h"

namespace sg::http {

struct ServeOptions {
  std::string listen = "127.0.0.1:47120";  // loopback only; port 0 picks a free port
  bool insecure_http = false;              // plain HTTP, for tests and development
};

// Serves until SIGINT or SIGTERM, then finishes requests in flight and returns 0. Prints
// "listening on <scheme>://127.0.0.1:<port>" on stdout once it accepts connections.
// Returns non-zero (after printing why on stderr) when it cannot start.
[[nodiscard]] int serve(Api& api, const ServeOptions& options);

}  // namespace sg::http
