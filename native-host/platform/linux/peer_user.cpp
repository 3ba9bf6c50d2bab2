// Linux: the client's socket is a row of /proc/net/tcp (or tcp6, for a dual-stack socket that
// reached 127.0.0.1 as ::ffff:127.0.0.1) whose local end is our peer's address and whose remote
// end is ours; the row names the socket owner's uid. Rows show only this network namespace,
// which is the one the host listens in.
#include <arpa/inet.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "platform/peer_user.h"

namespace sg::platform {

namespace {

using Ip = std::array<unsigned char, 16>;  // IPv6, IPv4 as ::ffff:a.b.c.d

struct Endpoint {
  Ip ip{};
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

constexpr std::string_view kEstablished = "01";  // TCP_ESTABLISHED in the "st" column

std::optional<Ip> parse_ip(const std::string& text) {
  Ip ip{};
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    ip[10] = 0xff;
    ip[11] = 0xff;
    std::memcpy(ip.data() + 12, &v4, 4);
    return ip;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(ip.data(), &v6, 16);
    return ip;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> parse_hex32(std::string_view hex) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), v, 16);
  if (ec != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
  return v;
}

// "0100007F:1F90" (tcp) or 32 hex digits and a port (tcp6). The kernel prints each 32-bit word
// of the address as a native-endian number, so the word's bytes in memory are the address's.
std::optional<Endpoint> parse_proc_endpoint(std::string_view field) {
  const std::size_t colon = field.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view addr = field.substr(0, colon);
  const auto port = parse_hex32(field.substr(colon + 1));
  if (!port || *port > 0xffff) return std::nullopt;
  Endpoint e;
  e.port = static_cast<std::uint16_t>(*port);
  if (addr.size() == 8) {
    const auto word = parse_hex32(addr);
    if (!word) return std::nullopt;
    e.ip[10] = 0xff;
    e.ip[11] = 0xff;
    std::memcpy(e.ip.data() + 12, &*word, 4);
    return e;
  }
  if (addr.size() == 32) {
    for (std::size_t i = 0; i < 4; ++i) {
      const auto word = parse_hex32(addr.substr(i * 8, 8));
      if (!word) return std::nullopt;
      std::memcpy(e.ip.data() + i * 4, &*word, 4);
    }
    return e;
  }
  return std::nullopt;
}

// The uid owning the established socket local -> remote in one /proc/net table.
std::optional<unsigned long> owner_in(const char* table, const Endpoint& local, const Endpoint& remote) {
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // the column titles
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string slot, local_field, remote_field, state, queues, timer, retransmits, uid;
    if (!(row >> slot >> local_field >> remote_field >> state >> queues >> timer >> retransmits >> uid)) continue;
    if (state != kEstablished) continue;
    const auto l = parse_proc_endpoint(local_field);
    const auto r = parse_proc_endpoint(remote_field);
    if (!l || !r || *l != local || *r != remote) continue;
    unsigned long value = 0;
    const auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), value);
    if (ec != std::errc() || end != uid.data() + uid.size()) continue;
    return value;
  }
  return std::nullopt;
}

}  // namespace

PeerUser tcp_peer_user(const TcpConnection& connection) {
  const auto host_ip = parse_ip(connection.local_address);
  const auto peer_ip = parse_ip(connection.peer_address);
  if (!host_ip || !peer_ip) return PeerUser::other;
  // The client's socket: its local end is our peer, its remote end is us.
  const Endpoint client_local{*peer_ip, connection.peer_port};
  const Endpoint client_remote{*host_ip, connection.local_port};
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    if (const auto uid = owner_in(table, client_local, client_remote)) {
      return *uid == static_cast<unsigned long>(::geteuid()) ? PeerUser::same : PeerUser::other;
    }
  }
  // Not found: a client that is already gone, or /proc is not there. Refuse rather than guess.
  return PeerUser::other;
}

}  // namespace sg::platform
