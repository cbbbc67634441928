#pragma once

// One shell script for a batch of actions on one host (one round trip). An action is a list of
// steps: shell commands, or lines for an iproute2 tool's `-batch` mode. The executor hands over
// only actions that do not depend on one another, so the script runs them in stages: stage k
// holds the k-th part of every action (a part: consecutive shell commands, chained with &&, or
// consecutive lines of one tool up to a checked one), and within a stage the lines of one tool
// share one process whichever action they belong to. An action's parts keep their order, and a
// part runs only if every earlier part of its action succeeded (the script keeps a flag per
// action). Markers around every part tell which action failed, at which step, and what it
// printed.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "apply/action_runner.h"

namespace dcod::plugins {

/// One step of an action: a shell command, or one line for `tool -batch -`.
struct Step {
  std::string tool;      // "" for a shell command; else the tool, e.g. "ip -n NS" or "bridge"
  std::string text;      // the command, or the line for the tool
  bool checked = false;  // the action's later steps run only if this one succeeded
};

/// A step that is a shell command.
Step shell_step(std::string command);
/// A step that is one line for `tool -batch -` (no shell quoting applies inside it). Lines of
/// one part all run (-force): a failed one does not stop the next.
Step tool_step(std::string tool, std::string line);
/// The step, checked: what follows it in its action waits for the next stage and runs only if
/// it succeeded (a `link add` before the lines that claim what it made).
Step checked(Step step);

/// True when `word` may stand in a `-batch` line as it is: iproute2 splits a line at blanks,
/// takes a word in quotes without escapes and cuts a comment at '#'.
bool batch_safe(std::string_view word);

/// Builds the batch script and reads its output back.
class BatchScript {
 public:
  /// Adds an action made of these steps, run in order.
  void add(std::vector<Step> steps);
  /// The script. Its body is one shell function called on the last line, so a script cut short
  /// in transit (the director killed mid-write) is a syntax error and runs nothing at all.
  std::string text() const;
  /// One result per action, in the order added. An action fails when any of its steps failed;
  /// a part that never reported (the script died, timed out or the host went away) fails its
  /// action with `fallback_error`.
  std::vector<core::ActionResult> results(const std::string& output,
                                          const std::string& fallback_error) const;

 private:
  std::vector<std::vector<Step>> m_actions;
};

}  // namespace dcod::plugins
