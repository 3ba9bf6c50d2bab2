// JSON at the transport edge: bounded parsing, and the error document of api.md.
#include "wire/json_io.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "host_limits.h"
#include "policy/parameters.h"

namespace sg::wire {

namespace json = boost::json;

Result<json::value> parse_json(std::string_view body) {
  if (body.size() > limits::kMaxRequestBodyBytes) {
    return make_error(ErrorCode::too_large,
                      Text{fmt::format("要求の本文が {} バイトを超えています", limits::kMaxRequestBodyBytes),
                           fmt::format("the request body is larger than {} bytes", limits::kMaxRequestBodyBytes)});
  }
  json::parse_options opts;
  opts.max_depth = limits::kMaxJsonDepth;
  json::stream_parser parser({}, opts);
  boost::system::error_code ec;
  const std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    if (ec == json::error::too_deep) {
      return make_error(ErrorCode::too_large,
                        Text{fmt::format("JSON の入れ子が {} 段を超えています", limits::kMaxJsonDepth),
                             fmt::format("the JSON is nested deeper than {} levels", limits::kMaxJsonDepth)});
    }
    return make_error(ErrorCode::invalid_json,
                      Text{fmt::format("JSON として読めません（{} バイト目）: {}", consumed, ec.message()),
                           fmt::format("not valid JSON (at byte {}): {}", consumed, ec.message())});
  }
  return parser.release();
}

json::object error_document(const Error& error, Locale locale) {
  json::object e;
  e["code"] = error_code_name(error.code);
  e["message"] = error.message.in(locale);
  if (!error.path.empty()) e["path"] = error.path;
  json::object doc;
  doc["error"] = std::move(e);
  return doc;
}

json::object problems_document(const std::vector<Problem>& problems, Locale locale) {
  Error summary = make_error(
      ErrorCode::invalid_request,
      Text{fmt::format("プロファイルに問題が {} 件あります。以前のプロファイルが引き続き有効です", problems.size()),
           fmt::format("the profile has {} problem{}; the previous profile stays in force", problems.size(),
                       problems.size() == 1 ? "" : "s")});
  json::object doc = error_document(summary, locale);
  json::array list;
  for (const Problem& p : problems) {
    list.push_back(json::object{{"path", p.path}, {"message", p.message.in(locale)}});
  }
  doc["problems"] = std::move(list);
  return doc;
}

std::string child(std::string_view pointer, std::string_view key) {
  return std::string(pointer) + "/" + pointer_escape(key);
}

std::string child(std::string_view pointer, std::size_t index) {
  return std::string(pointer) + "/" + std::to_string(index);
}

}  // namespace sg::wire
