#include "util/json_writer.h"

#include <cmath>
#include <cstdio>

namespace dcod {

void JsonWriter::separator_and_key(std::string_view key) {
  if (!m_first_in_container.empty()) {
    if (!m_first_in_container.back()) m_out += ',';
    m_first_in_container.back() = false;
  }
  if (!key.empty()) {
    append_quoted(key);
    m_out += ':';
  }
}

void JsonWriter::append_quoted(std::string_view s) {
  m_out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        m_out += "\\\"";
        break;
      case '\\':
        m_out += "\\\\";
        break;
      case '\n':
        m_out += "\\n";
        break;
      case '\r':
        m_out += "\\r";
        break;
      case '\t':
        m_out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          m_out += buf;
        } else {
          m_out += static_cast<char>(c);
        }
    }
  }
  m_out += '"';
}

void JsonWriter::begin_object(std::string_view key) {
  separator_and_key(key);
  m_out += '{';
  m_first_in_container.push_back(true);
}

void JsonWriter::end_object() {
  m_out += '}';
  m_first_in_container.pop_back();
}

void JsonWriter::begin_array(std::string_view key) {
  separator_and_key(key);
  m_out += '[';
  m_first_in_container.push_back(true);
}

void JsonWriter::end_array() {
  m_out += ']';
  m_first_in_container.pop_back();
}

void JsonWriter::string(std::string_view key, std::string_view value) {
  separator_and_key(key);
  append_quoted(value);
}

void JsonWriter::number(std::string_view key, double value) {
  separator_and_key(key);
  if (!std::isfinite(value)) {
    m_out += "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", value);
  m_out += buf;
}

void JsonWriter::integer(std::string_view key, long long value) {
  separator_and_key(key);
  m_out += std::to_string(value);
}

void JsonWriter::boolean(std::string_view key, bool value) {
  separator_and_key(key);
  m_out += value ? "true" : "false";
}

void JsonWriter::null(std::string_view key) {
  separator_and_key(key);
  m_out += "null";
}

void JsonWriter::optional_integer(std::string_view key, std::optional<long long> value) {
  if (value) {
    integer(key, *value);
  } else {
    null(key);
  }
}

}  // namespace dcod
