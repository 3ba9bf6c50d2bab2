// A small self-describing value for finding evidence: rules stay free of any JSON library.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sg {

class Value;
using ValueList = std::vector<Value>;
using ValueFields = std::vector<std::pair<std::string, Value>>;  // keeps insertion order

class Value {
 public:
  using Storage = std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, ValueList, ValueFields>;

  Value() : v_(nullptr) {}
  Value(bool b) : v_(b) {}                                    // NOLINT
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}          // NOLINT
  Value(std::int64_t i) : v_(i) {}                            // NOLINT
  Value(std::size_t i) : v_(static_cast<std::int64_t>(i)) {}  // NOLINT
  Value(double d) : v_(d) {}                                  // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                  // NOLINT
  Value(ValueList l) : v_(std::move(l)) {}                    // NOLINT
  Value(ValueFields f) : v_(std::move(f)) {}                  // NOLINT

  [[nodiscard]] const Storage& storage() const { return v_; }
  [[nodiscard]] bool is_null() const { return std::holds_alternative<std::nullptr_t>(v_); }

  // For objects: appends (or replaces) a field and returns *this.
  Value& set(std::string key, Value value);
  // For objects: the field, or nullptr.
  [[nodiscard]] const Value* find(std::string_view key) const;

  static Value object() { return Value(ValueFields{}); }

 private:
  Storage v_;
};

}  // namespace sg
