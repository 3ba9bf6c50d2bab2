// `sendguard serve`: HTTP(S) on loopback with Boost.Beast (design.md, api.md "Transports").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "service/api.h"

namespace sg::http {

struct ServeOptions {
  std::string listen = "127.0.0.1:47120";  // loopback only; port 0 picks a free port
  bool insecure_http = false;              // plain HTTP, for tests and development
  bool verbose = false;                    // one line per request on stderr: method, path, status, duration
  std::string web_ui_dir;  // development: the add-in files from DIR/outlook and DIR/dialog, not the compiled-in copy
  Locale locale = Locale::ja;  // language of the messages printed when serve cannot start
};

// The port of a --listen value: "127.0.0.1:PORT" or "localhost:PORT" (which means 127.0.0.1).
// Anything else is refused: the host never listens beyond loopback (design.md "Trust and safety").
[[nodiscard]] Result<std::uint16_t> parse_listen(std::string_view listen);

// Serves until SIGINT or SIGTERM, then finishes requests in flight (at most
// limits::kShutdownGrace) and returns 0. Prints "listening on <scheme>://127.0.0.1:<port>" on
// stdout once it accepts connections. When it cannot start it prints why on stderr and returns
// 2 for an unusable --listen, 1 otherwise.
[[nodiscard]] int serve(Api& api, const ServeOptions& options);

}  // namespace sg::http
