#pragma once

// One shell script for a batch of actions on one host: each action runs in its own subshell with
// `set -ex` (stops at its first failing command, which is echoed), between markers that let
// the runner tell which action failed and what it printed. One round trip per batch.

#include <string>
#include <vector>

#include "apply/action_runner.h"

namespace dcod::plugins {

/// Builds the batch script.
class BatchScript {
 public:
  /// Adds one action made of shell command lines.
  void add(const std::vector<std::string>& commands);
  /// The script. Its body is one shell function called on the last line, so a script cut short
  /// in transit (the director killed mid-write) is a syntax error and runs nothing at all.
  std::string text() const;
  std::size_t size() const { return m_count; }

 private:
  std::string m_text;
  std::size_t m_count = 0;
};

/// Reads the markers back: one result per action added, in order. An action whose end marker
/// is missing (the script died, timed out or the host went away) fails with `fallback_error`.
std::vector<core::ActionResult> parse_batch_output(const std::string& output, std::size_t count,
                                                   const std::string& fallback_error);

}  // namespace dcod::plugins
