// Web origins (scheme://host[:port]) as the profile stores them and the HTTP host compares them:
// the add-in origins a helpdesk allows to call the host from a browser (api.md "Transports").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sg {

// The serialised form a browser sends in `Origin`: lower-case scheme, host as a lower-case
// A-label (or IPv4 / [IPv6] literal), the port only when it is not the scheme's default.
// "HTTPS://Addin.Example.com:443" -> "https://addin.example.com". nullopt when `text` is not an
// http or https origin: a path, query, fragment, user info, or a bad host or port. A single
// trailing "/" is tolerated because helpdesks copy origins from the address bar.
[[nodiscard]] std::optional<std::string> normalise_origin(std::string_view text);

}  // namespace sg
