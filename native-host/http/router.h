// The HTTP routes of api.md as pure functions from request to response, testable without a socket
// (Boost.Beast's advanced server: handle_request). They add what HTTP brings on top of the Api:
// Host and Origin checks, CORS, bearer tokens, media types and body limits. Sessions only read
// and write.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "platform/peer_user.h"
#include "service/api.h"

namespace sg::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct RouteContext {
  std::uint16_t port = 0;  // the bound port: Host must name it, and the host's own origins carry it
  bool tls = true;         // whether the host's own origins are https:// (else http://)
  // `serve --web-ui-dir DIR` (development): the add-in files come from DIR/outlook and DIR/dialog
  // on disk instead of the copy compiled in. Empty: the compiled-in copy.
  std::filesystem::path web_ui_dir;
};

// What the request line and header decide before any of the body is read.
struct Admission {
  std::optional<Response> answer;  // when set: send it instead of routing (a refusal, a CORS preflight)
  std::uint64_t body_limit = 0;    // otherwise: the most body bytes the route accepts
};

// Decides from the header alone (`req.body()` is not looked at), in this order: Host (403),
// Origin (403), path (404), an Origin other than the host's own on a route only its own pages may
// call (403), CORS preflight (204), method (405), bearer token (401; a user token on an admin
// route 403), body without a JSON media type (415), Content-Length over the route's limit (413).
[[nodiscard]] Admission admit(const Request& req, const Api& api, const RouteContext& ctx);

// The whole request: admit(), then the operation. Never throws: an unexpected exception becomes
// 500 internal. `connection` is the accepted socket's two ends: POST /v1/addin/token hands the
// token only to a client of the host's own user, and refuses when there is no connection to ask about.
[[nodiscard]] Response route(const Request& req, Api& api, const RouteContext& ctx,
                             const platform::TcpConnection* connection = nullptr);

// A failure the transport finds itself (a malformed request, a header or body over its limit) as
// the JSON error of api.md. `req` is the request's header when it could be parsed (it decides
// the CORS headers), else null.
[[nodiscard]] Response error_response(const Error& error, const Request* req, const Api& api, const RouteContext& ctx);

// The name/value pairs of a request target's query string ("/v1/audit?recipient=a%40b.example"),
// percent-decoded, in order. "+" stays a plus sign (addresses and time offsets contain it; send a
// space as %20). A bad escape or text that is not UTF-8 is invalid_request, with path "/<name>"
// when it is in a value.
[[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> query_parameters(std::string_view target);

}  // namespace sg::http
