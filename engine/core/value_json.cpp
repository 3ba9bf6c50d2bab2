// Conversion of evidence values to and from Boost.JSON.
#include "core/value_json.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

namespace sg {

boost::json::value to_json(const Value& v) {
  return std::visit(
      [](const auto& x) -> boost::json::value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, ValueList>) {
          boost::json::array a;
          a.reserve(x.size());
          for (const Value& item : x) a.push_back(to_json(item));
          return a;
        } else if constexpr (std::is_same_v<T, ValueFields>) {
          boost::json::object o;
          for (const auto& [k, item] : x) o[k] = to_json(item);
          return o;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return boost::json::string(x);
        } else {
          return x;
        }
      },
      v.storage());
}

Value from_json(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return {};
    case boost::json::kind::bool_: return Value(v.get_bool());
    case boost::json::kind::int64: return Value(v.get_int64());
    case boost::json::kind::uint64: return Value(static_cast<double>(v.get_uint64()));
    case boost::json::kind::double_: return Value(v.get_double());
    case boost::json::kind::string: return Value(std::string(v.get_string()));
    case boost::json::kind::array: {
      ValueList l;
      for (const auto& item : v.get_array()) l.push_back(from_json(item));
      return Value(std::move(l));
    }
    case boost::json::kind::object: {
      ValueFields f;
      for (const auto& kv : v.get_object()) f.emplace_back(std::string(kv.key()), from_json(kv.value()));
      return Value(std::move(f));
    }
  }
  return {};
}

namespace {

void write_double(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";  // JSON has no NaN or infinity
    return;
  }
  std::string n = fmt::format("{}", d);  // shortest text that reads back as the same double
  if (n.find_first_of(".e") == std::string::npos) n += ".0";
  out += n;
}

void write(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::double_: write_double(v.get_double(), out); return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        write(item, out);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        out += boost::json::serialize(boost::json::string_view(kv.key()));
        out.push_back(':');
        write(kv.value(), out);
      }
      out.push_back('}');
      return;
    }
    default: out += boost::json::serialize(v); return;
  }
}

}  // namespace

std::string json_text(const boost::json::value& v) {
  std::string out;
  write(v, out);
  return out;
}

}  // namespace sg
