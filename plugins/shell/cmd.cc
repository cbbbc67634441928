// How an argument is rendered (REFERENCE.md, "Windows command lines over SSH"):
// - made only of letters, digits and _-./:=@+,\ it goes as it is;
// - otherwise it is written in quoted runs, "...", which both parsers see as quoted, so cmd.exe
//   takes & | < > ( ) ^ in them literally; backslashes before a run's closing quote are doubled
//   for the C runtime;
// - a % goes between runs, and the next run opens right after it, so the variable name cmd.exe
//   would expand begins with a quote — and no variable is named so (cmd.exe run by /c leaves
//   undefined variables as they are);
// - a double quote is refused (no Windows path or VirtualBox name holds one): the rendering
//   Windows' parser allows, \^" between runs, reaches the program as \^ under Wine's cmd.exe,
//   which takes a caret after a closing quote of the same word literally;
// - so are control characters (a line feed ends a command for cmd.exe) and invalid UTF-8
//   (Windows would hand the program other characters).
// No caret is ever needed. Delayed expansion (!name!) must be off on the host; the host's
// check on first contact makes sure it is.

#include "shell/cmd.h"

namespace dcod::plugins {

namespace {

bool is_plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_-./:=@+,\\").find(c) != std::string_view::npos;
}

/// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not a valid one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2)) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) >> 6) != 0x2) return 0;
  }
  return n;
}

/// Why `arg` cannot reach a Windows program intact, or empty.
std::string unsafe(std::string_view arg) {
  for (std::size_t i = 0; i < arg.size();) {
    unsigned char c = static_cast<unsigned char>(arg[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F)
      return c == '\n' || c == '\r' ? "it holds a line break" : "it holds a control character";
    if (c == '"') return "it holds a double quote, which no Windows path or name can";
    std::size_t n = utf8_length(arg, i);
    if (n == 0) return "it is not valid UTF-8";
    i += n;
  }
  return "";
}

/// Builds the rendering of one argument run by run.
class Renderer {
 public:
  std::string render(std::string_view arg) {
    if (arg.empty()) return "\"\"";
    for (char c : arg) {
      if (c == '%') {
        close();
        m_out += '%';
        open();  // the next run starts right after the %
      } else {
        open();
        m_out += c;
        m_backslashes = c == '\\' ? m_backslashes + 1 : 0;
      }
    }
    close();
    return m_out;
  }

 private:
  void open() {
    if (m_open) return;
    m_out += '"';
    m_open = true;
    m_backslashes = 0;
  }
  void close() {
    if (!m_open) return;
    m_out.append(m_backslashes, '\\');  // doubled: they stay backslashes before the quote
    m_out += '"';
    m_open = false;
    m_backslashes = 0;
  }

  std::string m_out;
  bool m_open = false;
  std::size_t m_backslashes = 0;
};

/// `arg` fit for an error message: line breaks, control characters and bytes that are no
/// UTF-8 written as \n, \r, \t or \xNN.
std::string shown(std::string_view arg) {
  std::string out;
  for (std::size_t i = 0; i < arg.size();) {
    unsigned char c = static_cast<unsigned char>(arg[i]);
    std::size_t n = utf8_length(arg, i);
    if (n == 0 || c < 0x20 || c == 0x7F) {
      const char* hex = "0123456789abcdef";
      out += c == '\n'   ? "\\n"
             : c == '\r' ? "\\r"
             : c == '\t' ? "\\t"
                         : std::string("\\x") + hex[c >> 4] + hex[c & 0xF];
      ++i;
      continue;
    }
    out.append(arg.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

Expected<std::string> cmd_quote(std::string_view arg) {
  std::string why = unsafe(arg);
  if (!why.empty())
    return Error{"cannot hand '" + shown(arg) + "' to a Windows program: " + why,
                 "dcod refuses what cmd.exe would change rather than send it", ErrorCode::invalid};
  bool plain = !arg.empty();
  for (char c : arg) plain = plain && is_plain(c);
  if (plain) return std::string(arg);
  return Renderer().render(arg);
}

Expected<std::string> cmd_join(const std::vector<std::string>& argv) {
  if (argv.empty()) return Error{"an empty command", "", ErrorCode::invalid};
  if (argv[0].find_first_of("%\"") != std::string::npos)
    return Error{
        "cannot start '" + argv[0] + "' through cmd.exe: a program's path may hold no % or \"",
        "name the program by a path without them", ErrorCode::invalid};
  std::string line;
  for (const std::string& word : argv) {
    auto quoted = cmd_quote(word);
    if (!quoted) return quoted.error();
    line += (line.empty() ? "" : " ") + *quoted;
  }
  return line;
}

}  // namespace dcod::plugins
