// Wire names and HTTP statuses of the stable error codes (api.md "Errors").
#include "core/result.h"

namespace sg {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json: return "invalid_json";
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::unsupported_media_type: return "unsupported_media_type";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json:
    case ErrorCode::invalid_request: return 400;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::too_large: return 413;
    case ErrorCode::unsupported_media_type: return 415;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

}  // namespace sg
