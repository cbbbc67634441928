#include "shell/frames.h"

#include <cctype>
#include <cstdint>
#include <optional>

namespace dcod::plugins {

namespace {

/// The exit status in "<digits>" (a minus allowed: cmd.exe's error levels can be negative),
/// or nullopt when it is no number of at most 11 characters.
std::optional<int> status_in(const std::string& digits) {
  if (digits.empty() || digits.size() > 11) return std::nullopt;
  std::size_t first = digits[0] == '-' ? 1 : 0;
  if (first == digits.size()) return std::nullopt;
  for (std::size_t i = first; i < digits.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(digits[i]))) return std::nullopt;
  }
  long long value = std::stoll(digits);
  if (value < INT32_MIN || value > INT32_MAX) return std::nullopt;
  return static_cast<int>(value);
}

/// What one command printed on stdout between its markers, and its status; nullopt when its
/// frame is not whole. Nothing a command prints can hold its tag, so the first "<tag> " after
/// the start marker is the end marker.
std::optional<core::CommandOutcome> outcome_of(const std::string& out, const std::string& tag) {
  const std::string start = tag + " start\n";
  std::size_t begin = out.find(start);
  if (begin == std::string::npos) return std::nullopt;
  begin += start.size();
  std::size_t end = out.find(tag + " ", begin);
  if (end == std::string::npos) return std::nullopt;
  std::size_t digits = end + tag.size() + 1, line_end = out.find('\n', digits);
  if (line_end == std::string::npos) return std::nullopt;
  std::string number = out.substr(digits, line_end - digits);
  while (!number.empty() && number.back() == ' ') number.pop_back();  // cmd's echo keeps them
  auto status = status_in(number);
  if (!status) return std::nullopt;
  core::CommandOutcome o;
  o.ran = true;
  o.exit_status = *status;
  o.out = out.substr(begin, end - begin);
  return o;
}

}  // namespace

std::string command_tag(const std::string& nonce, std::size_t k) {
  return nonce + "." + std::to_string(k);
}

std::vector<core::CommandOutcome> framed_outcomes(const std::string& out, const std::string& err,
                                                  std::size_t count, const std::string& nonce) {
  std::vector<core::CommandOutcome> outcomes(count);
  std::size_t err_at = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const std::string tag = command_tag(nonce, k);
    auto found = outcome_of(out, tag);
    if (!found) continue;  // it did not run: its chain broke, or the text ended early
    std::size_t err_end = err.find(tag + "\n", err_at);
    if (err_end != std::string::npos) {
      found->err = err.substr(err_at, err_end - err_at);
      err_at = err_end + tag.size() + 1;
    }
    outcomes[k] = std::move(*found);
  }
  return outcomes;
}

}  // namespace dcod::plugins
