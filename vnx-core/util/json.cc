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

namespace {

/// A SAX handler that keeps the named string members of the objects of a top-level array.
class RecordReader {
 public:
  RecordReader(const std::vector<std::string>& keys, std::size_t max_depth)
      : m_keys(keys), m_max_depth(max_depth) {}

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const std::string&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool string(std::string& value) {
    if (m_member >= 0 && (m_depth == 2 || (m_depth == 3 && m_in_member_array)))
      m_records.back().members[m_member].push_back(std::move(value));
    return true;
  }
  bool key(std::string& name) {
    if (m_depth != 2) return true;
    auto it = std::find(m_keys.begin(), m_keys.end(), name);
    m_member = it == m_keys.end() ? -1 : static_cast<int>(it - m_keys.begin());
    if (m_member >= 0)
      m_records.back().members[m_member].clear();  // a repeated key: the last counts
    return true;
  }
  bool start_object(std::size_t) {
    if (m_depth == 0) return not_an_array();
    if (m_depth == 1)
      m_records.push_back(JsonRecord{std::vector<std::vector<std::string>>(m_keys.size())});
    m_member = m_depth == 1 ? -1 : m_member;
    return deeper();
  }
  bool start_array(std::size_t) {
    if (m_depth == 0) m_saw_array = true;
    if (m_depth == 2) m_in_member_array = true;
    return deeper();
  }
  bool end_object() { return shallower(); }
  bool end_array() { return shallower(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  std::vector<JsonRecord> records() { return std::move(m_records); }
  /// True once the text's value turned out to be an array.
  bool saw_array() const { return m_saw_array; }
  /// Why reading stopped early, when it was not a syntax error.
  const std::string& refusal() const { return m_refusal; }

 private:
  bool not_an_array() {
    m_refusal = "not a JSON array";
    return false;
  }
  bool deeper() {
    if (++m_depth <= m_max_depth) return true;
    m_refusal = "JSON nested deeper than " + std::to_string(m_max_depth) + " levels";
    return false;
  }
  bool shallower() {
    if (m_depth == 3) m_in_member_array = false;
    if (m_depth == 2) m_member = -1;  // back in the top array: no member is open
    --m_depth;
    return true;
  }

  const std::vector<std::string>& m_keys;
  std::size_t m_max_depth;
  std::size_t m_depth = 0;
  int m_member = -1;
  bool m_in_member_array = false;
  bool m_saw_array = false;
  std::vector<JsonRecord> m_records;
  std::string m_refusal;
};

}  // namespace

const std::string& JsonRecord::first(std::size_t k) const {
  static const std::string none;
  return k < members.size() && !members[k].empty() ? members[k].front() : none;
}

bool JsonRecord::holds(std::size_t k, const std::string& s) const {
  return k < members.size() &&
         std::find(members[k].begin(), members[k].end(), s) != members[k].end();
}

Expected<std::vector<JsonRecord>> parse_records(std::string_view text,
                                                const std::vector<std::string>& keys,
                                                const JsonLimits& limits) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::vector<JsonRecord>{};
  if (text.size() > limits.max_bytes) return parse_json(text, limits).error();
  RecordReader reader(keys, limits.max_depth);
  bool complete = false;
  try {
    complete = Json::sax_parse(text.begin(), text.end(), &reader);
  } catch (const Json::exception& e) {
    return Error{std::string("not valid JSON: ") + e.what(), ""};
  }
  if (complete) {
    if (!reader.saw_array()) return Error{"not a JSON array", ""};
    return reader.records();
  }
  if (!reader.refusal().empty()) return Error{reader.refusal(), ""};
  auto message = parse_json(text, limits);  // the syntax error in words, as parse_json puts it
  return message ? Error{"not valid JSON", ""} : message.error();
}

}  // namespace dcod
