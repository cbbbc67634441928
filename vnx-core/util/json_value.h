#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dcod {

/// A parsed JSON value (iproute2's -j output, dcod's own formats); strict RFC 8259 parsing.
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
  bool has(const std::string& key) const { return is_object() && object().count(key) > 0; }
  bool is_object() const { return v.index() == 5; }
  bool is_array() const { return v.index() == 4; }
  bool is_string() const { return v.index() == 3; }
  bool is_number() const { return v.index() == 2; }
  bool is_bool() const { return v.index() == 1; }
  bool boolean() const { return std::get<bool>(v); }
  /// Member `key` as a string, or `fallback` when absent or not a string.
  std::string string_or(const std::string& key, const std::string& fallback = {}) const;
  /// Member `key` as a number, or `fallback` when absent or not a number.
  double number_or(const std::string& key, double fallback = 0) const;
};

/// Parses a whole JSON text; nullopt (with `error` set) when it is not valid JSON.
std::optional<JsonValue> parse_json(const std::string& text, std::string* error = nullptr);

}  // namespace dcod
