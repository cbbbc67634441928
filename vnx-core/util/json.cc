#include "util/json.h"

#include <algorithm>

namespace dcod {

namespace {

/// The deepest nesting of arrays and objects in `text`, counting only brackets outside strings.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Expected<Json> parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{"JSON text of " + std::to_string(text.size()) + " bytes, more than the " +
                     std::to_string(limits.max_bytes) + " accepted",
                 ""};
  }
  // No NUL byte is JSON (RFC 8259). nlohmann-json's parser would take one after a whole value
  // for the end of the text and leave the rest unread: found by fuzzing the iproute2 readers.
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    return Error{"not valid JSON: a NUL byte at byte " + std::to_string(nul + 1), ""};
  if (nesting_depth(text) > limits.max_depth) {
    return Error{"JSON nested deeper than " + std::to_string(limits.max_depth) + " levels", ""};
  }
  Json value;
  try {
    // Without exceptions for syntax errors; a number too large for a double (1e999) still
    // throws out_of_range from the parser, found by fuzzing the state record.
    value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  } catch (const Json::exception& e) {
    return Error{std::string("not valid JSON: ") + e.what(), ""};
  }
  if (value.is_discarded()) {
    // Parse once more for the message: the position and what was found there.
    try {
      Json ignored = Json::parse(text.begin(), text.end());
      (void)ignored;
    } catch (const Json::exception& e) {
      std::string what = e.what();
      auto colon = what.find(": ");
      return Error{
          "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)), ""};
    }
    return Error{"not valid JSON", ""};
  }
  return value;
}

std::string to_text(const OrderedJson& value) {
  return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string to_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string string_or(const Json& object, const char* key, const std::string& fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

double number_or(const Json& object, const char* key, double fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

bool flag_of(const Json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace dcod
