// Standard base64 (RFC 4648 section 4) for attachment contents on the wire.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sg::wire {

// Decoded size upper bound, computable before decoding (for limit checks).
[[nodiscard]] constexpr std::size_t base64_decoded_bound(std::size_t encoded) {
  return encoded / 4 * 3 + 3;
}

// Strict decoding: the standard alphabet, "=" padding optional, CR/LF ignored; nullopt otherwise.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view in);

[[nodiscard]] std::string base64_encode(std::string_view in);

}  // namespace sg::wire
