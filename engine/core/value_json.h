// Conversion of evidence values to and from Boost.JSON, for the transport edge and the profile.
#pragma once

#include <boost/json/value.hpp>

#include "core/value.h"

namespace sg {

[[nodiscard]] boost::json::value to_json(const Value& v);
[[nodiscard]] Value from_json(const boost::json::value& v);

}  // namespace sg
