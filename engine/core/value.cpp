// A small self-describing value for finding evidence.
#include "core/value.h"

namespace sg {

Value& Value::set(std::string key, Value value) {
  if (!std::holds_alternative<ValueFields>(v_)) v_ = ValueFields{};
  auto& fields = std::get<ValueFields>(v_);
  for (auto& [k, v] : fields) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  fields.emplace_back(std::move(key), std::move(value));
  return *this;
}

const Value* Value::find(std::string_view key) const {
  const auto* fields = std::get_if<ValueFields>(&v_);
  if (fields == nullptr) return nullptr;
  for (const auto& [k, v] : *fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

}  // namespace sg
