// JSON at the transport edge: bounded parsing, and the error document of api.md.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "policy/profile.h"

namespace sg::wire {

// Parses a request body (strict JSON, UTF-8, depth-limited). Errors: invalid_json, too_large.
[[nodiscard]] Result<boost::json::value> parse_json(std::string_view body);

// {"error": {"code", "message", "path"?}} in the given locale.
[[nodiscard]] boost::json::object error_document(const Error& error, Locale locale);

// The same, with "problems": [{"path", "message"}] for an invalid profile.
[[nodiscard]] boost::json::object problems_document(const std::vector<Problem>& problems, Locale locale);

// JSON Pointer helpers for error paths.
[[nodiscard]] std::string child(std::string_view pointer, std::string_view key);
[[nodiscard]] std::string child(std::string_view pointer, std::size_t index);

}  // namespace sg::wire
