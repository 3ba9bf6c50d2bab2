// The native-messaging envelopes of api.md, dispatched to the Api one handler per method.
#include "nm/envelope.h"
#include "core/value_json.h"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>
#include <exception>

#include "host_limits.h"
#include "wire/json_io.h"

namespace sg::nm {

namespace json = boost::json;

namespace {

// `params` is null when the request has none.
using Handler = Reply (*)(Api& api, const json::value* params);

struct Method {
  std::string_view name;
  Handler handler;  // null: a method of api.md that this version does not offer yet
};

Error invalid(std::string path, std::string ja, std::string en) {
  return make_error(ErrorCode::invalid_request, Text{std::move(ja), std::move(en)}, std::move(path));
}

Reply health(Api& api, const json::value* /*params*/) {
  return api.health();
}

// The Api's error paths point into the params; on the wire they sit at /params of the request.
Reply under_params(Reply r) {
  if (r.status != 200) {
    if (json::object* e = r.body.as_object().at("error").if_object()) {
      if (json::value* path = e->if_contains("path"); path != nullptr && path->is_string()) {
        *path = "/params" + std::string(path->get_string());
      }
    }
  }
  return r;
}

Reply check(Api& api, const json::value* params) {
  if (params == nullptr) {
    return api.error(invalid("/params", "\"params\" に下書きを指定してください", "\"params\" must hold the draft"));
  }
  return under_params(api.check(*params));
}

Reply decision(Api& api, const json::value* params) {
  if (params == nullptr) {
    return api.error(
        invalid("/params", "\"params\" に判断内容を指定してください", "\"params\" must hold the decision"));
  }
  return under_params(api.decision(*params));
}

Reply history_import(Api& api, const json::value* params) {
  if (params == nullptr) {
    return api.error(invalid("/params", "\"params\" に messages を指定してください", "\"params\" must hold messages"));
  }
  return under_params(api.history_import(*params));
}

Reply encrypt(Api& api, const json::value* params) {
  if (params == nullptr) {
    return api.error(invalid("/params", "\"params\" に暗号化する添付ファイルを指定してください",
                             "\"params\" must name the attachments to encrypt"));
  }
  // A reply frame holds at most 1 MiB: a bigger archive comes in archive_chunk answers.
  return under_params(api.encrypt(*params, limits::kArchiveChunkBytes));
}

Reply archive_chunk(Api& api, const json::value* params) {
  if (params == nullptr) {
    return api.error(invalid("/params", "\"params\" に archive_id と index を指定してください",
                             "\"params\" must hold archive_id and index"));
  }
  return under_params(api.archive_chunk(*params));
}

constexpr std::array kMethods{
    Method{"health", &health},     Method{"check", &check},
    Method{"encrypt", &encrypt},   Method{"archive_chunk", &archive_chunk},
    Method{"decision", &decision}, Method{"history_import", &history_import},
};

json::object error_of(const Api& api, const Error& e) {
  return std::move(api.error(e).body.as_object().at("error").as_object());
}

std::string envelope_error(const Api& api, const json::value& id, const Error& e) {
  return sg::json_text(json::object{{"id", id}, {"error", error_of(api, e)}});
}

// The id to echo, or an error when the request has none usable (answered with id null).
Result<json::value> request_id(const json::object& request) {
  const json::value* id = request.if_contains("id");
  if (id == nullptr) return invalid("/id", "\"id\" がありません", "\"id\" is required");
  if (!id->is_string()) return invalid("/id", "\"id\" は文字列でなければなりません", "\"id\" must be a string");
  if (id->get_string().size() > limits::kMaxNativeIdBytes) {
    return invalid("/id", fmt::format("\"id\" は {} バイトまでです", limits::kMaxNativeIdBytes),
                   fmt::format("\"id\" must be at most {} bytes", limits::kMaxNativeIdBytes));
  }
  return *id;
}

Result<const Method*> find_method(const json::object& request) {
  const json::value* m = request.if_contains("method");
  if (m == nullptr) return invalid("/method", "\"method\" がありません", "\"method\" is required");
  if (!m->is_string()) {
    return invalid("/method", "\"method\" は文字列でなければなりません", "\"method\" must be a string");
  }
  const std::string_view name = m->get_string();
  for (const Method& method : kMethods) {
    if (method.name != name) continue;
    if (method.handler == nullptr) {
      return make_error(ErrorCode::not_found,
                        Text{fmt::format("メソッド \"{}\" はこのバージョン（{}）では使えません", name, SG_VERSION),
                             fmt::format("the method \"{}\" is not available in this version ({})", name, SG_VERSION)},
                        "/method");
    }
    return &method;
  }
  // The name is not echoed: it is request content and could be long.
  return make_error(ErrorCode::not_found,
                    Text{"不明なメソッドです（health, check, encrypt, archive_chunk, decision が使えます）",
                         "unknown method (available: health, check, encrypt, archive_chunk, decision)"},
                    "/method");
}

Error internal_error() {
  return make_error(ErrorCode::internal, Text{"内部エラーが発生しました", "internal error"});
}

std::string answer_parsed(Api& api, const json::value& doc) {
  if (!doc.is_object()) {
    return envelope_error(
        api, nullptr,
        invalid("", "要求は {\"id\", \"method\", \"params\"} の JSON オブジェクトでなければなりません",
                "a request must be a JSON object {\"id\", \"method\", \"params\"}"));
  }
  const json::object& request = doc.get_object();
  auto id = request_id(request);
  if (!id) return envelope_error(api, nullptr, id.error());
  auto method = find_method(request);
  if (!method) return envelope_error(api, *id, method.error());
  const json::value* params = request.if_contains("params");
  if (params != nullptr && params->is_null()) params = nullptr;
  if (params != nullptr && !params->is_object()) {
    return envelope_error(
        api, *id, invalid("/params", "\"params\" はオブジェクトでなければなりません", "\"params\" must be an object"));
  }

  Reply reply;
  try {
    reply = (*method)->handler(api, params);
  } catch (const std::exception& e) {
    // One failed request does not end the session; the cause is logged, never the request.
    fmt::print(stderr, "sendguard: internal error in \"{}\": {}\n", (*method)->name, e.what());
    return envelope_error(api, *id, internal_error());
  }
  json::object out;
  out["id"] = *id;
  if (reply.status == 200) {
    out["result"] = reply.body;
  } else {
    out["error"] = reply.body.as_object().at("error");
  }
  std::string text = sg::json_text(out);
  if (text.size() <= limits::kMaxNativeOutFrameBytes) return text;
  // The extension's browser would drop a larger frame and the session with it.
  fmt::print(stderr, "sendguard: the answer to \"{}\" ({} bytes) exceeds the {}-byte frame limit\n", (*method)->name,
             text.size(), limits::kMaxNativeOutFrameBytes);
  return envelope_error(
      api, *id,
      make_error(ErrorCode::too_large,
                 Text{fmt::format("応答が {} バイトになり、ネイティブメッセージングの上限 {} バイトを超えます",
                                  text.size(), limits::kMaxNativeOutFrameBytes),
                      fmt::format("the answer would be {} bytes, more than the {} bytes a native-messaging "
                                  "frame may carry",
                                  text.size(), limits::kMaxNativeOutFrameBytes)}));
}

}  // namespace

std::string answer(Api& api, std::string_view request) {
  try {
    auto doc = wire::parse_json(request);
    if (!doc) return envelope_error(api, nullptr, doc.error());
    return answer_parsed(api, *doc);
  } catch (const std::exception& e) {
    // Before the id is known (for example memory exhausted while parsing): answered with id null.
    fmt::print(stderr, "sendguard: internal error while reading a request: {}\n", e.what());
    return envelope_error(api, nullptr, internal_error());
  }
}

std::string too_large_frame_answer(const Api& api, std::uint64_t announced) {
  return envelope_error(
      api, nullptr,
      make_error(ErrorCode::too_large,
                 Text{fmt::format("メッセージが {} バイトあり、上限 {} バイトを超えています。接続を終了します",
                                  announced, limits::kMaxNativeInFrameBytes),
                      fmt::format("the message is {} bytes, more than the limit of {} bytes; closing the connection",
                                  announced, limits::kMaxNativeInFrameBytes)}));
}

}  // namespace sg::nm
