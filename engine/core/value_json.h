// Conversion of evidence values to and from Boost.JSON, for the transport edge and the profile.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/value.h"

namespace sg {

[[nodiscard]] boost::json::value to_json(const Value& v);
[[nodiscard]] Value from_json(const boost::json::value& v);

// Compact JSON text with numbers written the way people read them: 7.0, 1.5, 0.25, 1e+21
// (Boost.JSON 1.81 writes doubles as 7E0 and 1.5E0, valid but odd in a helpdesk's profile).
[[nodiscard]] std::string json_text(const boost::json::value& v);

}  // namespace sg
