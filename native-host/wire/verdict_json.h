// The verdict of api.md as JSON.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/verdict.h"

namespace sg::wire {

[[nodiscard]] boost::json::object verdict_to_json(const Verdict& v);

// The verdict as every transport answers it: with the checked draft's draft_digest (wire/draft_digest.h).
[[nodiscard]] boost::json::object verdict_to_json(const Verdict& v, std::string_view draft_digest);

// {"fail_mode", "host_timeout_seconds", "countdown_seconds"}: in every verdict and health answer.
[[nodiscard]] boost::json::object client_settings_to_json(const ClientSettings& c);

}  // namespace sg::wire
