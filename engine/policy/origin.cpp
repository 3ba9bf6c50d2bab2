// Web origins (scheme://host[:port]) as the profile stores them and the HTTP host compares them.
#include "policy/origin.h"

#include <charconv>

#include "core/address.h"
#include "text/utf8.h"

namespace sg {

namespace {

bool is_ipv4(std::string_view host) {
  int octets = 0;
  while (!host.empty()) {
    const std::size_t dot = host.find('.');
    const std::string_view part = host.substr(0, dot);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 3 || ec != std::errc() || end != part.data() + part.size() || value > 255) {
      return false;
    }
    ++octets;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
    if (host.empty()) return false;  // a trailing dot
  }
  return octets == 4;
}

bool is_ipv6_literal(std::string_view inside_brackets) {
  if (inside_brackets.size() < 2) return false;
  for (char c : inside_brackets) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.') return false;
  }
  return inside_brackets.find(':') != std::string_view::npos;
}

}  // namespace

std::optional<std::string> normalise_origin(std::string_view text) {
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  const std::string scheme = text::ascii_lower(text.substr(0, sep));
  if (scheme != "https" && scheme != "http") return std::nullopt;
  std::string_view rest = text.substr(sep + 3);
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.empty() || rest.find_first_of("/?#@\\ \t\r\n") != std::string_view::npos) return std::nullopt;

  std::string_view host = rest;
  std::string_view port;
  if (rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = rest.substr(0, close + 1);
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
      if (port.empty()) return std::nullopt;
    }
  } else if (const std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) return std::nullopt;
  }

  std::string out_host;
  if (host.front() == '[') {
    if (!is_ipv6_literal(host.substr(1, host.size() - 2))) return std::nullopt;
    out_host = text::ascii_lower(host);
  } else if (host.find_first_not_of("0123456789.") == std::string_view::npos) {
    if (!is_ipv4(host)) return std::nullopt;
    out_host = std::string(host);
  } else {
    auto ascii = domain_to_ascii(host);
    if (!ascii) return std::nullopt;
    out_host = std::move(*ascii);
  }

  std::string out = scheme + "://" + out_host;
  if (!port.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) return std::nullopt;
    const bool default_port = (scheme == "https" && value == 443) || (scheme == "http" && value == 80);
    if (!default_port) out += ":" + std::to_string(value);
  }
  return out;
}

}  // namespace sg
