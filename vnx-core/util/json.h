#pragma once

// JSON through nlohmann-json: `Json` for what dcod reads (iproute2's -j output, its own state
// record), `OrderedJson` for what it writes (members in the order the formats document). Text
// from outside is parsed only within bounds, so that a broken or hostile host costs an error
// message, never dcod's memory or stack.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "util/expected.h"

namespace dcod {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

/// How much JSON dcod accepts from outside.
struct JsonLimits {
  std::size_t max_bytes = std::size_t{64} << 20;
  std::size_t max_depth = 64;  // iproute2 nests 4 levels, the state record 3
};

/// Parses one whole JSON text (RFC 8259: nothing before or after it); an error says why it is
/// not JSON or which bound it broke.
Expected<Json> parse_json(std::string_view text, const JsonLimits& limits = {});

/// The string members named by a `parse_records` call of one object of a JSON array: for each
/// name in the call's order, the string it held, or the strings of the array it held (flags).
struct JsonRecord {
  std::vector<std::vector<std::string>> members;
  /// The first string of member `k`; empty when it held none.
  const std::string& first(std::size_t k) const;
  /// True when member `k` held the string `s`.
  bool holds(std::size_t k, const std::string& s) const;
};

/// Reads a JSON array of objects without building a document: only the string members named in
/// `keys` are kept (iproute2's `-j` output, thousands of entries per host). Empty text is an
/// empty array; the bounds and the errors are those of `parse_json`; elements that are not
/// objects are left out.
Expected<std::vector<JsonRecord>> parse_records(std::string_view text,
                                                const std::vector<std::string>& keys,
                                                const JsonLimits& limits = {});

/// Compact JSON text; bytes that are not UTF-8 (output a host printed) become U+FFFD, never an
/// exception.
std::string to_text(const OrderedJson& value);
std::string to_text(const Json& value);

/// Member `key` of an object as a string; `fallback` when absent or not a string.
std::string string_or(const Json& object, const char* key, const std::string& fallback = {});
/// Member `key` of an object as a number; `fallback` when absent or not a number.
double number_or(const Json& object, const char* key, double fallback = 0);
/// Member `key` of an object as a boolean; false when absent or not a boolean.
bool flag_of(const Json& object, const char* key);

}  // namespace dcod
