#include "util/json_value.h"

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace dcod {

namespace {

class Parser {
 public:
  explicit Parser(const std::string& text) : m_s(text) {}

  JsonValue document() {
    JsonValue v = value();
    skip_space();
    if (m_pos != m_s.size()) fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + " at offset " + std::to_string(m_pos));
  }
  void skip_space() {
    while (m_pos < m_s.size() &&
           std::string_view(" \t\r\n").find(m_s[m_pos]) != std::string_view::npos)
      ++m_pos;
  }
  bool take(char c) {
    skip_space();
    if (m_pos < m_s.size() && m_s[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!take(c)) fail(std::string("expected '") + c + "'");
  }
  bool literal(const char* word) {
    std::string w(word);
    if (m_s.compare(m_pos, w.size(), w) != 0) return false;
    m_pos += w.size();
    return true;
  }

  JsonValue value() {
    skip_space();
    if (m_pos >= m_s.size()) fail("unexpected end");
    char c = m_s[m_pos];
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return JsonValue{string()};
    if (literal("true")) return JsonValue{true};
    if (literal("false")) return JsonValue{false};
    if (literal("null")) return JsonValue{nullptr};
    return number();
  }

  JsonValue object() {
    expect('{');
    JsonValue::Object o;
    if (take('}')) return JsonValue{std::move(o)};
    do {
      skip_space();
      std::string key = string();
      expect(':');
      o.insert_or_assign(std::move(key), value());
    } while (take(','));
    expect('}');
    return JsonValue{std::move(o)};
  }

  JsonValue array() {
    expect('[');
    JsonValue::Array a;
    if (take(']')) return JsonValue{std::move(a)};
    do {
      a.push_back(value());
    } while (take(','));
    expect(']');
    return JsonValue{std::move(a)};
  }

  std::string string() {
    if (m_pos >= m_s.size() || m_s[m_pos] != '"') fail("expected string");
    ++m_pos;
    std::string out;
    while (m_pos < m_s.size() && m_s[m_pos] != '"') {
      char c = m_s[m_pos++];
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_pos >= m_s.size()) fail("bad escape");
      char e = m_s[m_pos++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '/':
        case '\\':
        case '"':
          out += e;
          break;
        case 'u':
          if (m_pos + 4 > m_s.size()) fail("bad \\u escape");
          out += static_cast<char>(std::strtol(m_s.substr(m_pos, 4).c_str(), nullptr, 16));
          m_pos += 4;
          break;
        default:
          fail("bad escape");
      }
    }
    if (m_pos >= m_s.size()) fail("unterminated string");
    ++m_pos;
    return out;
  }

  JsonValue number() {
    std::size_t start = m_pos;
    if (m_s[m_pos] == '-') ++m_pos;
    if (m_pos >= m_s.size() || !std::isdigit(static_cast<unsigned char>(m_s[m_pos])))
      fail("bad value");
    while (m_pos < m_s.size() &&
           (std::isdigit(static_cast<unsigned char>(m_s[m_pos])) ||
            std::string_view(".eE+-").find(m_s[m_pos]) != std::string_view::npos)) {
      ++m_pos;
    }
    return JsonValue{std::strtod(m_s.substr(start, m_pos - start).c_str(), nullptr)};
  }

  const std::string& m_s;
  std::size_t m_pos = 0;
};

}  // namespace

std::string JsonValue::string_or(const std::string& key, const std::string& fallback) const {
  if (!has(key) || !(*this)[key].is_string()) return fallback;
  return (*this)[key].string();
}

double JsonValue::number_or(const std::string& key, double fallback) const {
  if (!has(key) || !(*this)[key].is_number()) return fallback;
  return (*this)[key].number();
}

std::optional<JsonValue> parse_json(const std::string& text, std::string* error) {
  try {
    return Parser(text).document();
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

}  // namespace dcod
