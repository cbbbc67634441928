#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dcod::test {

/// A parsed JSON value, for checking what dcod prints; strict RFC 8259 parsing.
struct JsonValue {
  using Object = std::map<std::string, JsonValue>;
  using Array = std::vector<JsonValue>;
  std::variant<std::nullptr_t, bool, double, std::string, Array, Object> v;

  bool is_null() const { return v.index() == 0; }
  double number() const { return std::get<double>(v); }
  const std::string& string() const { return std::get<std::string>(v); }
  const Array& array() const { return std::get<Array>(v); }
  const Object& object() const { return std::get<Object>(v); }
  /// Member of an object; throws std::out_of_range when missing.
  const JsonValue& operator[](const std::string& key) const { return object().at(key); }
  bool has(const std::string& key) const { return object().count(key) > 0; }
};

/// Parses a whole JSON text; nullopt (with `error` set) when it is not valid JSON.
std::optional<JsonValue> parse_json(const std::string& text, std::string* error = nullptr);

}  // namespace dcod::test
