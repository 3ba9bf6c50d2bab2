// Errors as values: every fallible engine call returns Result<T> with a stable ErrorCode.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/text.h"

namespace sg {

// Stable codes; the wire names are in api.md ("Errors") and never change.
enum class ErrorCode {
  invalid_json,
  invalid_request,
  unauthorized,
  forbidden,
  not_found,
  method_not_allowed,
  too_large,
  unsupported_media_type,
  internal,
};

[[nodiscard]] std::string_view error_code_name(ErrorCode code);
[[nodiscard]] int http_status(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  Text message;
  std::string path;  // JSON Pointer into the request when one field is at fault, else empty
};

[[nodiscard]] inline Error make_error(ErrorCode code, Text message, std::string path = {}) {
  return Error{code, std::move(message), std::move(path)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace sg
