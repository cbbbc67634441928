// What all shell dialects share: the marker nonce, the table of dialects by name, and the
// defaults for a shell without a command-line limit or a check on first contact.

#include "shell/shell_dialect.h"

#include <sys/random.h>

#include <cstdint>
#include <cstdio>
#include <random>

namespace dcod::plugins {

std::string new_marker_nonce() {
  // One getrandom(2): a std::random_device set up for each nonce was 2-3 % of a session
  // keeper's CPU in a create.
  std::uint32_t words[4] = {};
  if (::getrandom(words, sizeof words, 0) != static_cast<ssize_t>(sizeof words)) {
    std::random_device random;  // no getrandom (a kernel before 3.17): the library's source
    for (std::uint32_t& w : words) w = random();
  }
  char text[40];
  std::snprintf(text, sizeof text, "dcod-%08x%08x%08x%08x", words[0], words[1], words[2], words[3]);
  return text;
}

const ShellDialect* dialect_named(const std::string& name) {
  if (name == posix_dialect().name()) return &posix_dialect();
  if (name == cmd_dialect().name()) return &cmd_dialect();
  return nullptr;
}

Expected<std::vector<std::string>> ShellDialect::texts(const std::vector<ShellCommand>& commands,
                                                       const std::string& nonce) const {
  auto text = batch(commands, nonce);
  if (!text) return text.error();
  return std::vector<std::string>{std::move(*text)};
}

Expected<std::string> ShellDialect::probed(const ProcessResult&) const {
  return std::string();
}

}  // namespace dcod::plugins
