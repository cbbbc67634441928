#pragma once

// One shell script for a batch of actions on one host (one round trip). Each action runs as a
// brace group whose commands are chained with && (no subshell, no extra process), between
// markers that tell which action failed, at which command, and what it printed. Many small
// actions of one tool (FDB and neighbour entries) go through one `TOOL -force -batch -` call.

#include <string>
#include <vector>

#include "apply/action_runner.h"

namespace dcod::plugins {

/// One line for `TOOL -batch -`, e.g. tool "bridge -n NS", line "fdb append ...".
struct BatchLine {
  std::string tool;
  std::string line;
};

/// Builds the batch script and reads its output back.
class BatchScript {
 public:
  /// Adds an action made of shell command lines.
  void add(const std::vector<std::string>& commands);
  /// Adds an action that is one line for `tool -batch`; consecutive ones of a tool share a call.
  void add(const BatchLine& line);
  /// The script. Its body is one shell function called on the last line, so a script cut short
  /// in transit (the director killed mid-write) is a syntax error and runs nothing at all.
  std::string text() const;
  /// One result per action, in the order added. Actions without an end marker (the script died,
  /// timed out or the host went away) fail with `fallback_error`.
  std::vector<core::ActionResult> results(const std::string& output,
                                          const std::string& fallback_error) const;

 private:
  void flush_group() const;

  std::vector<std::vector<std::string>> m_actions;  // the commands of each action
  mutable std::string m_text;
  mutable std::vector<std::size_t> m_group;  // actions waiting to share one -batch call
  mutable std::string m_group_tool;
};

}  // namespace dcod::plugins
