// The verdict of api.md as JSON.
#pragma once

#include <boost/json/object.hpp>

#include "core/verdict.h"

namespace sg::wire {

[[nodiscard]] boost::json::object verdict_to_json(const Verdict& v);

}  // namespace sg::wire
