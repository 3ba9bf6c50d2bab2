// Conversion of evidence values to and from Boost.JSON.
#include "core/value_json.h"

#include <boost/json.hpp>

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

}  // namespace sg
