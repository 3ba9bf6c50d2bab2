// The HTTP routes of api.md: admission (Host, Origin, CORS, tokens, media type, limits) and dispatch.
#include "http/router.h"
#include "core/value_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <exception>
#include <limits>
#include <string>
#include <vector>

#include "check/check.h"
#include "host_limits.h"
#include "outlook/addin_files.h"
#include "policy/origin.h"
#include "policy/profile.h"
#include "text/utf8.h"
#include "wire/json_io.h"

namespace sg::http {

namespace bhttp = boost::beast::http;
namespace json = boost::json;

namespace {

// Ordered: the admin token can do what the user token can (Role in service/tokens.h).
enum class Credential { none, user, admin };

// Where Outlook's JavaScript-only runtime (classic Outlook on Windows) looks for the scripts it may
// let make CORS requests ("Use SSO or CORS in event-based add-ins", Microsoft Learn).
constexpr std::string_view kAllowedScriptsPath = "/.well-known/microsoft-officeaddins-allowed.json";

// HTML pages may run scripts of their own origin and Office.js from Microsoft's CDN, and nothing
// inline. No frame-ancestors and no X-Frame-Options: Outlook on the web and new Outlook show the
// task pane and the event page in frames of their own pages (outlook.office.com and others).
constexpr std::string_view kPageSecurityPolicy =
    "object-src 'none'; base-uri 'none'; script-src 'self' https://appsforoffice.microsoft.com";

// What a handler gets: the request and everything it may need to answer it.
struct Call {
  Api& api;
  const Request& req;
  const RouteContext& ctx;
  const platform::TcpConnection* connection;  // null without a socket (in-process callers)
  const std::string* cors;                    // the request's Origin when it is allowed
};

// Most routes answer JSON (a Reply); the add-in's files are answered as they are (a Response).
using JsonHandler = Reply (*)(const Call&);
using PageHandler = Response (*)(const Call&);

struct Endpoint {
  bhttp::verb method;
  Credential needs;
  std::uint64_t body_limit;  // 0: the endpoint takes no body
  JsonHandler json = nullptr;
  PageHandler page = nullptr;
};

struct Resource {
  std::string_view path;
  std::vector<Endpoint> endpoints;
  bool prefix = false;           // `path` names a folder: every path below it (the add-in's files)
  bool own_origin_only = false;  // only the host's own pages may call it (Origin must be one of its own)
};

Reply check_draft(const Call& c) {
  auto doc = wire::parse_json(c.req.body());
  if (!doc) return c.api.error(doc.error());
  return c.api.check(*doc);
}

Reply encrypt_attachments(const Call& c) {
  auto doc = wire::parse_json(c.req.body());
  if (!doc) return c.api.error(doc.error());
  return c.api.encrypt(*doc, std::numeric_limits<std::size_t>::max());
}

Reply record_decision(const Call& c) {
  auto doc = wire::parse_json(c.req.body());
  if (!doc) return c.api.error(doc.error());
  return c.api.decision(*doc);
}

Reply import_history(const Call& c) {
  auto doc = wire::parse_json(c.req.body());
  if (!doc) return c.api.error(doc.error());
  return c.api.history_import(*doc);
}

// GET /v1/audit: the filters come in the query string.
Reply read_audit(const Call& c) {
  auto params = query_parameters(c.req.target());
  if (!params) return c.api.error(params.error());
  auto query = audit_query_from_params(*params);
  if (!query) return c.api.error(query.error());
  return c.api.audit(*query);
}

Reply hand_out_token(const Call& c);
Reply allowed_scripts(const Call& c);
Response serve_addin_file(const Call& c);

// The Outlook add-in's files (outlook/addin_files.h): GET and HEAD, no token (api.md: static files).
const std::vector<Endpoint> kFileEndpoints = {{bhttp::verb::get, Credential::none, 0, nullptr, serve_addin_file},
                                              {bhttp::verb::head, Credential::none, 0, nullptr, serve_addin_file}};

const std::vector<Resource>& resources() {
  static const std::vector<Resource> table = {
      {"/v1/health", {{bhttp::verb::get, Credential::none, 0, [](const Call& c) { return c.api.health(); }}}},
      {"/v1/check", {{bhttp::verb::post, Credential::user, limits::kMaxRequestBodyBytes, check_draft}}},
      {"/v1/encrypt", {{bhttp::verb::post, Credential::user, limits::kMaxRequestBodyBytes, encrypt_attachments}}},
      {"/v1/decision", {{bhttp::verb::post, Credential::user, limits::kMaxDecisionBytes, record_decision}}},
      {"/v1/history/import", {{bhttp::verb::post, Credential::user, limits::kMaxImportBodyBytes, import_history}}},
      // The profile document is bounded by its own, smaller limit.
      {"/v1/policy",
       {{bhttp::verb::get, Credential::admin, 0, [](const Call& c) { return c.api.get_policy(); }},
        {bhttp::verb::put, Credential::admin, kMaxProfileBytes,
         [](const Call& c) { return c.api.put_policy(c.req.body()); }}}},
      {"/v1/audit", {{bhttp::verb::get, Credential::admin, 0, read_audit}}},
      // The add-in's pages fetch the user token here instead of being given it some other way.
      {"/v1/addin/token", {{bhttp::verb::post, Credential::none, 0, hand_out_token}}, false, true},
      {kAllowedScriptsPath,
       {{bhttp::verb::get, Credential::none, 0, allowed_scripts},
        {bhttp::verb::head, Credential::none, 0, allowed_scripts}}},
      {"/addin/outlook/", kFileEndpoints, true},
      {"/addin/dialog/", kFileEndpoints, true},
  };
  return table;
}

// What admission found out about the request, kept for building the answer.
struct Decision {
  std::optional<Response> answer;
  const Endpoint* endpoint = nullptr;
};

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

std::string_view header(const Request& req, bhttp::field f) {
  auto it = req.find(f);
  return it == req.end() ? std::string_view{} : std::string_view(it->value());
}

std::string origin_of(std::string_view host, const RouteContext& ctx) {
  return normalise_origin(fmt::format("{}://{}:{}", ctx.tls ? "https" : "http", host, ctx.port)).value_or("");
}

// DNS rebinding: a page from evil.example whose name now resolves to 127.0.0.1 still sends
// "Host: evil.example", so only the loopback names with our own port are served.
bool host_allowed(std::string_view host, const RouteContext& ctx) {
  const std::string h = text::ascii_lower(host);
  const std::string port = std::to_string(ctx.port);
  if (h == "127.0.0.1:" + port || h == "localhost:" + port) return true;
  // Clients leave the scheme's default port out of Host.
  const bool default_port = ctx.port == (ctx.tls ? 443 : 80);
  return default_port && (h == "127.0.0.1" || h == "localhost");
}

bool origin_allowed(std::string_view origin, const Api& api, const RouteContext& ctx) {
  const auto normalised = normalise_origin(origin);
  if (!normalised) return false;  // includes "null" (sandboxed frames, file: pages)
  if (*normalised == origin_of("localhost", ctx) || *normalised == origin_of("127.0.0.1", ctx)) return true;
  const auto& configured = api.profile()->list("/host/allowed_origins");
  return std::find(configured.begin(), configured.end(), *normalised) != configured.end();
}

// One of the host's own origins (not the configured add-in origins): its own pages.
bool is_own_origin(std::string_view origin, const RouteContext& ctx) {
  const auto normalised = normalise_origin(origin);
  return normalised && (*normalised == origin_of("localhost", ctx) || *normalised == origin_of("127.0.0.1", ctx));
}

// The host's own origin as the request named it (Host was checked: localhost or 127.0.0.1).
std::string request_origin(const Request& req, const RouteContext& ctx) {
  const std::string host = text::ascii_lower(header(req, bhttp::field::host));
  return origin_of(host.substr(0, host.find(':')), ctx);
}

// Headers every answer carries. `cors_origin` is the request's Origin when it is allowed.
void decorate(Response& res, const Request* req, const std::string* cors_origin) {
  res.set(bhttp::field::server, "sendguard");
  res.set(bhttp::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  // Answers differ by Origin (CORS headers or a refusal), so caches must key on it.
  res.set(bhttp::field::vary, "Origin");
  if (cors_origin != nullptr) res.set(bhttp::field::access_control_allow_origin, *cors_origin);
  res.keep_alive(req != nullptr && req->keep_alive());
  res.prepare_payload();
  // HEAD is answered like the same request's GET would be, without the body (RFC 9110 9.3.2).
  if (req != nullptr && req->method() == bhttp::verb::head) res.body().clear();
}

Response json_response(const Request* req, const Reply& reply, const std::string* cors_origin) {
  Response res;
  res.version(req != nullptr ? req->version() : 11);
  res.result(static_cast<unsigned>(reply.status));
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.body() = sg::json_text(reply.body);
  decorate(res, req, cors_origin);
  return res;
}

Response error_reply(const Request& req, const Api& api, const std::string* cors_origin, ErrorCode code, Text message) {
  return json_response(&req, api.error(make_error(code, std::move(message))), cors_origin);
}

std::string allowed_methods(const Resource& r, bool with_options) {
  std::string out;
  for (const Endpoint& e : r.endpoints) out += (out.empty() ? "" : ", ") + std::string(bhttp::to_string(e.method));
  if (with_options) out += ", OPTIONS";
  return out;
}

Response preflight(const Request& req, const Resource& r, const std::string* cors_origin) {
  Response res;
  res.version(req.version());
  res.result(bhttp::status::no_content);
  if (cors_origin == nullptr) {
    // A plain OPTIONS (no Origin): say what the resource supports.
    res.set(bhttp::field::allow, allowed_methods(r, true));
  } else {
    res.set(bhttp::field::access_control_allow_methods, allowed_methods(r, false));
    res.set(bhttp::field::access_control_allow_headers, "Authorization, Content-Type");
    res.set(bhttp::field::access_control_max_age, "600");
    // Chromium's Private Network Access asks before a public page may call a loopback host.
    if (text::ascii_lower(req["Access-Control-Request-Private-Network"]) == "true") {
      res.set("Access-Control-Allow-Private-Network", "true");
    }
  }
  decorate(res, &req, cors_origin);
  return res;
}

std::optional<std::string_view> bearer_token(const Request& req) {
  if (req.count(bhttp::field::authorization) != 1) return std::nullopt;
  const std::string_view value = text::trim(header(req, bhttp::field::authorization));
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos || text::ascii_lower(value.substr(0, space)) != "bearer") return std::nullopt;
  const std::string_view token = text::trim(value.substr(space + 1));
  if (token.empty()) return std::nullopt;
  return token;
}

Credential credential_of(const Request& req, const Api& api) {
  const auto token = bearer_token(req);
  if (!token) return Credential::none;
  switch (api.tokens().role_of(*token)) {
    case Role::admin: return Credential::admin;
    case Role::user: return Credential::user;
    case Role::none: return Credential::none;
  }
  return Credential::none;
}

// application/json, optionally with parameters; a charset other than UTF-8 is refused because
// the body would not be the UTF-8 the JSON parser reads.
bool is_json_media_type(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (text::ascii_lower(text::trim(content_type.substr(0, semi))) != "application/json") return false;
  std::string_view params = semi == std::string_view::npos ? std::string_view{} : content_type.substr(semi + 1);
  while (!params.empty()) {
    const std::size_t next = params.find(';');
    const std::string_view param = text::trim(params.substr(0, next));
    params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos || text::ascii_lower(text::trim(param.substr(0, eq))) != "charset") continue;
    std::string_view value = text::trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    const std::string charset = text::ascii_lower(value);
    if (charset != "utf-8" && charset != "utf8") return false;
  }
  return true;
}

// The Content-Length the client announced (0 without one), or nullopt when it is not a number.
std::optional<std::uint64_t> announced_length(const Request& req) {
  const std::string_view v = header(req, bhttp::field::content_length);
  if (v.empty()) return 0;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

// POST /v1/addin/token: the user token, for the host's own pages (admission checked the Origin)
// opened by the host's own user. On Linux the client's socket is looked up (platform/peer_user.h);
// where the OS cannot say, the Origin check alone decides. Nothing logs the answer.
Reply hand_out_token(const Call& c) {
  const platform::PeerUser who =
      c.connection != nullptr ? platform::tcp_peer_user(*c.connection) : platform::PeerUser::other;
  if (who == platform::PeerUser::other) {
    return c.api.error(
        make_error(ErrorCode::forbidden, Text{"トークンはホストを実行しているユーザー本人にしか渡しません",
                                              "the token is given only to the user the host runs as"}));
  }
  return Reply{200, json::object{{"token", c.api.tokens().user()}}};
}

// GET /.well-known/microsoft-officeaddins-allowed.json: the one script of this origin that the
// JavaScript-only runtime may let call the host, named under the origin the request used.
Reply allowed_scripts(const Call& c) {
  json::array allowed;
  allowed.emplace_back(request_origin(c.req, c.ctx) + "/addin/outlook/" + std::string(outlook::kLaunchEventScript));
  return Reply{200, json::object{{"allowed", std::move(allowed)}}};
}

// GET|HEAD /addin/<folder>/<name>: the add-in's files with a validator, so Outlook (which caches
// hard) asks again each time and an upgraded host is seen at once.
Response serve_addin_file(const Call& c) {
  const std::string_view path = path_of(c.req.target()).substr(std::string_view("/addin/").size());
  const std::size_t slash = path.find('/');
  const std::string_view folder = path.substr(0, slash);
  const std::string_view name = path.substr(slash + 1);
  const auto profile = c.api.profile();
  const ClientSettings client = client_settings(*profile);
  const outlook::ScriptSettings settings{request_origin(c.req, c.ctx), profile->choice("/outlook/send_mode"),
                                         client.fail_mode, client.host_timeout_seconds};
  auto found = outlook::find_addin_file(folder, name, c.ctx.web_ui_dir, settings);
  if (!found) return json_response(&c.req, c.api.error(found.error()), c.cors);
  if (!*found) {
    const std::string shown(path_of(c.req.target()));
    return error_reply(c.req, c.api, c.cors, ErrorCode::not_found,
                       Text{fmt::format("{} はありません", shown), fmt::format("there is no {}", shown)});
  }
  const outlook::AddinFile& file = **found;
  Response res;
  res.version(c.req.version());
  const bool unchanged = outlook::etag_matches(header(c.req, bhttp::field::if_none_match), file.etag);
  if (unchanged) {
    res.result(bhttp::status::not_modified);
  } else {
    res.result(bhttp::status::ok);
    res.set(bhttp::field::content_type, file.content_type);
    res.body() = file.bytes;
  }
  decorate(res, &c.req, c.cors);
  // no-cache, not no-store: keep a copy, but revalidate it (ETag) on every use.
  res.set(bhttp::field::cache_control, "no-cache");
  res.set(bhttp::field::etag, file.etag);
  if (file.content_type.starts_with("text/html")) res.set("Content-Security-Policy", kPageSecurityPolicy);
  return res;
}

Decision decide(const Request& req, const Api& api, const RouteContext& ctx) {
  Decision d;
  if (req.count(bhttp::field::host) != 1 || !host_allowed(header(req, bhttp::field::host), ctx)) {
    d.answer =
        error_reply(req, api, nullptr, ErrorCode::forbidden,
                    Text{fmt::format("Host ヘッダーは 127.0.0.1:{0} か localhost:{0} でなければなりません", ctx.port),
                         fmt::format("the Host header must be 127.0.0.1:{0} or localhost:{0}", ctx.port)});
    return d;
  }

  const std::size_t origins = req.count(bhttp::field::origin);
  const std::string origin(header(req, bhttp::field::origin));
  if (origins > 1 || (origins == 1 && !origin_allowed(origin, api, ctx))) {
    d.answer =
        error_reply(req, api, nullptr, ErrorCode::forbidden,
                    Text{fmt::format("オリジン {} からの要求は許可されていません（/host/allowed_origins）", origin),
                         fmt::format("requests from the origin {} are not allowed (/host/allowed_origins)", origin)});
    return d;
  }
  const std::string* cors = origins == 1 ? &origin : nullptr;

  const std::string_view path = path_of(req.target());
  const auto& table = resources();
  const auto resource = std::find_if(table.begin(), table.end(), [&](const Resource& r) {
    return r.prefix ? path.starts_with(r.path) : r.path == path;
  });
  if (resource == table.end()) {
    d.answer = error_reply(req, api, cors, ErrorCode::not_found,
                           Text{fmt::format("{} はありません", path), fmt::format("there is no {}", path)});
    return d;
  }
  // The configured add-in origins may call the API, but only the host's own pages get the token:
  // a page elsewhere must be given a token by its user, not fetch one.
  if (resource->own_origin_only && (origins != 1 || !is_own_origin(origin, ctx))) {
    d.answer = error_reply(req, api, nullptr, ErrorCode::forbidden,
                           Text{fmt::format("{} はホスト自身のページ（{}、{}）からしか呼び出せません", path,
                                            origin_of("localhost", ctx), origin_of("127.0.0.1", ctx)),
                                fmt::format("{} answers only the host's own pages ({}, {})", path,
                                            origin_of("localhost", ctx), origin_of("127.0.0.1", ctx))});
    return d;
  }

  if (req.method() == bhttp::verb::options) {
    d.answer = preflight(req, *resource, cors);
    return d;
  }

  const auto endpoint = std::find_if(resource->endpoints.begin(), resource->endpoints.end(),
                                     [&](const Endpoint& e) { return e.method == req.method(); });
  if (endpoint == resource->endpoints.end()) {
    const std::string allow = allowed_methods(*resource, true);
    Response res = error_reply(
        req, api, cors, ErrorCode::method_not_allowed,
        Text{fmt::format("{} には {} を使えません（使えるのは {}）", path, std::string(req.method_string()), allow),
             fmt::format("{} does not support {} (it supports {})", path, std::string(req.method_string()), allow)});
    res.set(bhttp::field::allow, allow);
    d.answer = std::move(res);
    return d;
  }

  const Credential has = credential_of(req, api);
  if (endpoint->needs != Credential::none && has == Credential::none) {
    Response res = error_reply(
        req, api, cors, ErrorCode::unauthorized,
        Text{"トークンがないか正しくありません。Authorization: Bearer <token> を付けてください"
             "（sendguard token で表示できます）",
             "the token is missing or wrong; send Authorization: Bearer <token> (sendguard token prints it)"});
    res.set(bhttp::field::www_authenticate, "Bearer realm=\"sendguard\"");
    d.answer = std::move(res);
    return d;
  }
  // A valid user token on an admin route is 403, not 401: the caller is known but lacks the
  // right, so asking again with the same credential cannot help (RFC 6750 insufficient_scope).
  if (endpoint->needs == Credential::admin && has != Credential::admin) {
    Response res = error_reply(req, api, cors, ErrorCode::forbidden,
                               Text{"この操作には管理者トークンが必要です（sendguard token --admin で表示できます）",
                                    "this needs the admin token (sendguard token --admin prints it)"});
    res.set(bhttp::field::www_authenticate, "Bearer realm=\"sendguard\", error=\"insufficient_scope\"");
    d.answer = std::move(res);
    return d;
  }

  const auto length = announced_length(req);
  if (!length) {
    d.answer = error_reply(req, api, cors, ErrorCode::invalid_request,
                           Text{"Content-Length が数値ではありません", "Content-Length is not a number"});
    return d;
  }
  const bool has_body = req.chunked() || *length > 0;
  if (has_body && endpoint->body_limit == 0) {
    d.answer = error_reply(req, api, cors, ErrorCode::invalid_request,
                           Text{fmt::format("{} {} は本文を受け付けません", std::string(req.method_string()), path),
                                fmt::format("{} {} takes no body", std::string(req.method_string()), path)});
    return d;
  }
  if (has_body && !is_json_media_type(header(req, bhttp::field::content_type))) {
    d.answer = error_reply(req, api, cors, ErrorCode::unsupported_media_type,
                           Text{"本文は Content-Type: application/json（UTF-8）で送ってください",
                                "send the body as Content-Type: application/json (UTF-8)"});
    return d;
  }
  if (*length > endpoint->body_limit) {
    d.answer = error_reply(req, api, cors, ErrorCode::too_large,
                           Text{fmt::format("要求の本文が {} バイトを超えています", endpoint->body_limit),
                                fmt::format("the request body is larger than {} bytes", endpoint->body_limit)});
    return d;
  }
  d.endpoint = &*endpoint;
  return d;
}

}  // namespace

Admission admit(const Request& req, const Api& api, const RouteContext& ctx) {
  Decision d = decide(req, api, ctx);
  Admission a;
  if (d.answer) {
    a.answer = std::move(d.answer);
  } else {
    a.body_limit = d.endpoint->body_limit;
  }
  return a;
}

Response route(const Request& req, Api& api, const RouteContext& ctx, const platform::TcpConnection* connection) {
  try {
    Decision d = decide(req, api, ctx);
    if (d.answer) return std::move(*d.answer);
    const std::string origin(header(req, bhttp::field::origin));
    const std::string* cors = origin.empty() ? nullptr : &origin;
    // The session's parser enforces the limit while reading; this covers callers without one.
    if (req.body().size() > d.endpoint->body_limit) {
      return error_reply(req, api, cors, ErrorCode::too_large,
                         Text{fmt::format("要求の本文が {} バイトを超えています", d.endpoint->body_limit),
                              fmt::format("the request body is larger than {} bytes", d.endpoint->body_limit)});
    }
    const Call call{api, req, ctx, connection, cors};
    if (d.endpoint->page != nullptr) return d.endpoint->page(call);
    return json_response(&req, d.endpoint->json(call), cors);
  } catch (const std::exception&) {
    // What went wrong may name request data, so the client gets only the code.
    return error_response(make_error(ErrorCode::internal, Text{"内部エラーが発生しました", "internal error"}), &req,
                          api, ctx);
  }
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 percent-decoding; nullopt for a bad escape or bytes that are not UTF-8.
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = hex_value(s[i + 1]);
    const int lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (!text::is_valid_utf8(out)) return std::nullopt;
  return out;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> query_parameters(std::string_view target) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::size_t mark = target.find('?');
  if (mark == std::string_view::npos) return out;
  std::string_view query = target.substr(mark + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    if (!name) {
      return make_error(ErrorCode::invalid_request,
                        Text{"クエリー文字列のパラメーター名が正しくパーセントエンコードされた UTF-8 ではありません",
                             "a parameter name in the query string is not correctly percent-encoded UTF-8"});
    }
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!value) {
      return make_error(ErrorCode::invalid_request,
                        Text{"値が正しくパーセントエンコードされた UTF-8 ではありません",
                             "the value is not correctly percent-encoded UTF-8"},
                        wire::child("", *name));
    }
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

Response error_response(const Error& error, const Request* req, const Api& api, const RouteContext& ctx) {
  std::string origin;
  if (req != nullptr && req->count(bhttp::field::origin) == 1 && host_allowed(header(*req, bhttp::field::host), ctx) &&
      origin_allowed(header(*req, bhttp::field::origin), api, ctx)) {
    origin = std::string(header(*req, bhttp::field::origin));
  }
  Response res = json_response(req, api.error(error), origin.empty() ? nullptr : &origin);
  // The transport only reports failures after which the connection's framing cannot be trusted.
  res.keep_alive(false);
  return res;
}

}  // namespace sg::http
