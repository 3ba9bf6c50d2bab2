// The draft of api.md from JSON: strict types, JSON Pointer paths on every error, named limits
// checked before anything is built. Unknown keys are ignored so newer clients keep working.
#pragma once

#include <boost/json/value.hpp>

#include "core/draft.h"
#include "core/result.h"

namespace sg::wire {

[[nodiscard]] Result<Draft> draft_from_json(const boost::json::value& doc);

// One address in either form of api.md ("Name <a@b>" or {"name", "address"}), at `path`.
[[nodiscard]] Result<Address> address_from_json(const boost::json::value& v, const std::string& path);

// A list of addresses at `path` (missing or null is empty); `max` bounds its length.
[[nodiscard]] Result<std::vector<Address>> addresses_from_json(const boost::json::object& parent, std::string_view key,
                                                               const std::string& path, std::size_t max);

}  // namespace sg::wire
