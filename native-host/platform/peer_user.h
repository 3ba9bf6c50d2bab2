// Who is at the other end of a loopback TCP connection: the same OS user as the host, another
// one, or unknown. The add-in token is handed only to the host's own user (api.md "POST
// /v1/addin/token"): on a machine shared by several users, another user's browser must not get it.
// One implementation per OS in platform/{linux,windows,macos}/peer_user.cpp.
#pragma once

#include <cstdint>
#include <string>

namespace sg::platform {

// Both ends of an accepted connection as the host sees them (textual IP addresses).
struct TcpConnection {
  std::string local_address;  // the host's end, e.g. "127.0.0.1"
  std::uint16_t local_port = 0;
  std::string peer_address;  // the client's end
  std::uint16_t peer_port = 0;
};

enum class PeerUser {
  same,     // the client's socket belongs to the host's own (effective) user
  other,    // another user's, or the client's socket cannot be found (refused: fail closed)
  unknown,  // this OS gives no answer (Windows, macOS): allowed, see docs/api.md
};

[[nodiscard]] PeerUser tcp_peer_user(const TcpConnection& connection);

}  // namespace sg::platform
