// Times on the wire: RFC 3339 / ISO 8601 date-times to and from Unix seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg {

// "2026-10-01T09:00:00+09:00", "2026-10-01T00:00:00Z", "2026-10-01 09:00:00.123+0900", or a bare
// date "2026-10-01" (midnight UTC). A time without an offset is taken as UTC. nullopt when it is
// not such a time or out of range (years 1970-9999).
[[nodiscard]] std::optional<std::int64_t> parse_iso8601(std::string_view text);

// "2026-10-01T00:00:00Z".
[[nodiscard]] std::string format_iso8601_utc(std::int64_t unix_seconds);

}  // namespace sg
