// Replaced by the Beast server implementation.
#include "http/server.h"

#include <iostream>

namespace sg::http {
int serve(Api&, const ServeOptions&) {
  std::cerr << "sendguard: serve is being built\n";
  return 1;
}
}  // namespace sg::http
