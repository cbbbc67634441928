// parse_records: the string members of the objects of a JSON array, read in one pass without
// building a document (iproute2's `-j` output, thousands of entries per host of a wide lab).
// It accepts and refuses exactly what parse_json does (RFC 8259, UTF-8 checked, a number too
// large for a double refused), so that a host's output means the same to both.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "util/json.h"

namespace dcod {

namespace {

/// Why a text is refused before its end: a syntax error (the message is then parse_json's) or
/// a bound of the reader's own (`refusal`).
struct Stop {
  std::string refusal;
};

class RecordScanner {
 public:
  RecordScanner(std::string_view text, const std::vector<std::string>& keys, std::size_t max_depth)
      : m_text(text), m_keys(keys), m_max_depth(max_depth) {}

  /// The records of the whole text; throws Stop when it is not a JSON array of the bounds.
  std::vector<JsonRecord> scan() {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_at = 3;  // a byte order mark, as parse_json
    skip_space();
    if (peek() == '{') refuse("not a JSON array");
    if (peek() != '[') {
      skip_value(0);
      finish();
      refuse("not a JSON array");
    }
    elements(1, [&] {
      skip_space();
      if (peek() == '{')
        record();
      else
        skip_value(1);
    });
    finish();
    return std::move(m_records);
  }

 private:
  [[noreturn]] static void syntax() { throw Stop{}; }
  [[noreturn]] static void refuse(std::string why) { throw Stop{std::move(why)}; }

  char peek() const { return m_at < m_text.size() ? m_text[m_at] : '\0'; }
  bool at_end() const { return m_at >= m_text.size(); }
  void expect(char c) {
    if (at_end() || m_text[m_at] != c) syntax();
    ++m_at;
  }
  void skip_space() {
    while (!at_end()) {
      char c = m_text[m_at];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++m_at;
    }
  }
  void finish() {
    skip_space();
    if (!at_end()) syntax();
  }
  void deeper(std::size_t depth) {
    if (depth > m_max_depth)
      refuse("JSON nested deeper than " + std::to_string(m_max_depth) + " levels");
  }

  /// The items of an array or object (`open` and `close` its brackets) opening at the current
  /// byte, at nesting `depth`; `item` reads each one.
  template <typename Item>
  void sequence(std::size_t depth, char open, char close, Item item) {
    deeper(depth);
    expect(open);
    skip_space();
    if (peek() == close) {
      ++m_at;
      return;
    }
    for (;;) {
      item();
      skip_space();
      if (peek() == ',') {
        ++m_at;
        continue;
      }
      expect(close);
      return;
    }
  }

  /// The elements of an array at nesting `depth`; `element` reads each one.
  template <typename Element>
  void elements(std::size_t depth, Element element) {
    sequence(depth, '[', ']', element);
  }

  /// The members of an object at nesting `depth`; `value(key)` reads each one's value.
  template <typename Value>
  void members(std::size_t depth, Value value) {
    std::string key;
    sequence(depth, '{', '}', [&] {
      skip_space();
      string(&key);
      skip_space();
      expect(':');
      skip_space();
      value(key);
    });
  }

  /// An object of the top array: its named string members, into a new record.
  void record() {
    m_records.push_back(JsonRecord{std::vector<std::vector<std::string>>(m_keys.size())});
    members(2, [&](const std::string& key) { member(key); });
  }

  void member(const std::string& key) {
    auto it = std::find(m_keys.begin(), m_keys.end(), key);
    if (it == m_keys.end()) return skip_value(2);
    std::vector<std::string>& kept = m_records.back().members[it - m_keys.begin()];
    kept.clear();  // a repeated key: the last counts
    if (peek() == '"') {
      kept.emplace_back();
      return string(&kept.back());
    }
    if (peek() != '[') return skip_value(2);
    elements(3, [&] {  // flags: the strings of the array, nothing nested deeper
      skip_space();
      if (peek() != '"') return skip_value(3);
      kept.emplace_back();
      string(&kept.back());
    });
  }

  /// Any value at nesting `depth` (of what holds it), read for its syntax only.
  void skip_value(std::size_t depth) {
    skip_space();
    switch (peek()) {
      case '"':
        return string(nullptr);
      case '[':
        return elements(depth + 1, [&] { skip_value(depth + 1); });
      case '{':
        return members(depth + 1, [&](const std::string&) { skip_value(depth + 1); });
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  void literal(std::string_view word) {
    if (m_text.substr(m_at, word.size()) != word) syntax();
    m_at += word.size();
  }

  void digits() {
    if (at_end() || m_text[m_at] < '0' || m_text[m_at] > '9') syntax();
    while (!at_end() && m_text[m_at] >= '0' && m_text[m_at] <= '9') ++m_at;
  }

  /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, and finite as a double.
  void number() {
    std::size_t start = m_at;
    if (peek() == '-') ++m_at;
    if (peek() == '0')
      ++m_at;
    else
      digits();
    bool plain = true;
    if (peek() == '.') {
      ++m_at;
      digits();
      plain = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++m_at;
      if (peek() == '+' || peek() == '-') ++m_at;
      digits();
      plain = false;
    }
    if (plain && m_at - start <= 18) return;  // an integer of 18 digits is a finite double
    std::string token(m_text.substr(start, m_at - start));
    if (!std::isfinite(std::strtod(token.c_str(), nullptr))) syntax();
  }

  unsigned hex4() {
    if (m_at + 4 > m_text.size()) syntax();
    unsigned value = 0;
    for (int k = 0; k < 4; ++k) {
      char c = m_text[m_at++];
      unsigned digit = c >= '0' && c <= '9'   ? c - '0'
                       : c >= 'a' && c <= 'f' ? c - 'a' + 10
                       : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : 16;
      if (digit == 16) syntax();
      value = value * 16 + digit;
    }
    return value;
  }

  /// \uXXXX, with its low surrogate when it is a high one.
  unsigned code_point() {
    unsigned cp = hex4();
    if (cp >= 0xDC00 && cp <= 0xDFFF) syntax();
    if (cp < 0xD800 || cp > 0xDBFF) return cp;
    if (m_text.substr(m_at, 2) != "\\u") syntax();
    m_at += 2;
    unsigned low = hex4();
    if (low < 0xDC00 || low > 0xDFFF) syntax();
    return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  /// The length of the UTF-8 sequence at the current byte (RFC 3629: no overlong form, no
  /// surrogate, nothing above U+10FFFF); a syntax error when there is none.
  std::size_t utf8_length() const {
    auto byte = [&](std::size_t k) {
      return m_at + k < m_text.size() ? static_cast<unsigned char>(m_text[m_at + k]) : 0u;
    };
    auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
    unsigned b0 = byte(0), b1 = byte(1);
    if (in(b0, 0xC2, 0xDF) && in(b1, 0x80, 0xBF)) return 2;
    bool three = (b0 == 0xE0 && in(b1, 0xA0, 0xBF)) ||
                 ((in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) && in(b1, 0x80, 0xBF)) ||
                 (b0 == 0xED && in(b1, 0x80, 0x9F));
    if (three && in(byte(2), 0x80, 0xBF)) return 3;
    bool four = (b0 == 0xF0 && in(b1, 0x90, 0xBF)) || (in(b0, 0xF1, 0xF3) && in(b1, 0x80, 0xBF)) ||
                (b0 == 0xF4 && in(b1, 0x80, 0x8F));
    if (four && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF)) return 4;
    syntax();
  }

  void escape(std::string* out) {
    if (at_end()) syntax();
    char c = m_text[m_at++];
    const char* from = "\"\\/bfnrt";
    const char* to = "\"\\/\b\f\n\r\t";
    if (c == 'u') {
      unsigned cp = code_point();
      if (out) append_utf8(*out, cp);
      return;
    }
    const char* found = c ? std::strchr(from, c) : nullptr;
    if (!found) syntax();
    if (out) *out += to[found - from];
  }

  /// A string at the current byte, decoded into `out` (nullptr: checked only).
  void string(std::string* out) {
    expect('"');
    if (out) out->clear();
    for (;;) {
      std::size_t run = m_at;  // bytes copied as they are
      while (!at_end()) {
        unsigned char c = static_cast<unsigned char>(m_text[m_at]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++m_at;
      }
      if (out) out->append(m_text.substr(run, m_at - run));
      if (at_end()) syntax();
      unsigned char c = static_cast<unsigned char>(m_text[m_at]);
      if (c == '"') {
        ++m_at;
        return;
      }
      if (c < 0x20) syntax();
      if (c == '\\') {
        ++m_at;
        escape(out);
        continue;
      }
      std::size_t n = utf8_length();
      if (out) out->append(m_text.substr(m_at, n));
      m_at += n;
    }
  }

  std::string_view m_text;
  const std::vector<std::string>& m_keys;
  std::size_t m_max_depth;
  std::size_t m_at = 0;
  std::vector<JsonRecord> m_records;
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
  try {
    return RecordScanner(text, keys, limits.max_depth).scan();
  } catch (const Stop& stop) {
    if (!stop.refusal.empty()) return Error{stop.refusal, ""};
  }
  auto message = parse_json(text, limits);  // the syntax error in words, as parse_json puts it
  return message ? Error{"not valid JSON", ""} : message.error();
}

}  // namespace dcod
