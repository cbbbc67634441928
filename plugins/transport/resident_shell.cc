#include "transport/resident_shell.h"

#include <cctype>
#include <cstdio>
#include <random>

namespace dcod::plugins {

namespace {

std::string start_marker(const std::string& nonce) {
  return nonce + " start\n";
}

/// The digits of "<nonce> <status>\n" at the end of `out`; where the marker begins in `at`.
std::optional<int> end_status(const std::string& out, const std::string& nonce, std::size_t& at) {
  if (out.empty() || out.back() != '\n') return std::nullopt;
  at = out.rfind(nonce + " ");
  if (at == std::string::npos) return std::nullopt;
  std::string digits = out.substr(at + nonce.size() + 1);
  digits.pop_back();
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return std::stoi(digits);
}

}  // namespace

std::string new_marker_nonce() {
  std::random_device random;
  char text[40];
  std::snprintf(text, sizeof text, "dcod-%08x%08x%08x%08x", random(), random(), random(), random());
  return text;
}

std::string framed_script(const std::string& script, const std::string& nonce) {
  const std::string quoted = "'" + nonce + "'";  // letters, digits and a dash
  // `:` first: a subshell must hold a command, and a script may be empty or only comments.
  std::string text = "printf '%s start\\n' " + quoted + "\n(\n:\n" + script;
  if (!script.empty() && script.back() != '\n') text += '\n';
  return text + ") </dev/null\nprintf '%s %d\\n' " + quoted + " \"$?\"\nprintf '%s\\n' " + quoted +
         " >&2\n";
}

void drop_stray_output(std::string& out, const std::string& nonce) {
  std::size_t start = out.find(start_marker(nonce));
  if (start != std::string::npos) out.erase(0, start + start_marker(nonce).size());
}

bool script_started(const std::string& out, const std::string& nonce) {
  return out.find(start_marker(nonce)) != std::string::npos;
}

std::optional<int> take_framed_output(std::string& out, std::string& err,
                                      const std::string& nonce) {
  const std::string err_marker = nonce + "\n";  // checked first: it is cheap, and written last
  if (err.size() < err_marker.size() ||
      err.compare(err.size() - err_marker.size(), err_marker.size(), err_marker) != 0)
    return std::nullopt;
  std::size_t end = 0;
  auto status = end_status(out, nonce, end);
  if (!status) return std::nullopt;
  err.resize(err.size() - err_marker.size());
  out.resize(end);
  drop_stray_output(out, nonce);
  return status;
}

}  // namespace dcod::plugins
