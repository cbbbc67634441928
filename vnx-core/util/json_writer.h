#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcod {

/// Builds compact, valid JSON text; the caller opens and closes containers in order.
class JsonWriter {
 public:
  /// Opens an object, as a value or (with key) as a member of the enclosing object.
  void begin_object(std::string_view key = {});
  /// Closes the innermost object.
  void end_object();
  /// Opens an array, as a value or (with key) as a member of the enclosing object.
  void begin_array(std::string_view key = {});
  /// Closes the innermost array.
  void end_array();
  /// Members (key given) or array elements (empty key), escaped as JSON requires.
  void string(std::string_view key, std::string_view value);
  void number(std::string_view key, double value);
  void integer(std::string_view key, long long value);
  void boolean(std::string_view key, bool value);
  void null(std::string_view key);
  /// An integer member that is null when absent.
  void optional_integer(std::string_view key, std::optional<long long> value);
  /// Array elements (no key).
  void string_element(std::string_view value) { string({}, value); }
  /// The text so far; complete once every container is closed.
  const std::string& text() const { return m_out; }

 private:
  void separator_and_key(std::string_view key);
  void append_quoted(std::string_view s);

  std::string m_out;
  std::vector<bool> m_first_in_container;
};

}  // namespace dcod
