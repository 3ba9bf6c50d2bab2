// Windows: the owner of the client end of a loopback TCP connection is not looked up yet
// (GetExtendedTcpTable names the owning process, whose token would then be opened and compared),
// so the answer is unknown and the token route allows the request. A known gap on multi-user
// machines (Remote Desktop Session Hosts), written down in docs/api.md; the Origin check still applies.
#include "platform/peer_user.h"

namespace sg::platform {

PeerUser tcp_peer_user(const TcpConnection& /*connection*/) {
  return PeerUser::unknown;
}

}  // namespace sg::platform
