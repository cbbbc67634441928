#pragma once

// How a BatchScript's actions are laid out into the units the script runs, stage by stage, and
// how the script's output is read back per action. Internal to BatchScript.

#include <cstddef>
#include <string>
#include <vector>

#include "apply/action_runner.h"
#include "linux/batch_script.h"

namespace dcod::plugins {

/// The steps of every action, in the order added.
using BatchActions = std::vector<std::vector<Step>>;

/// A step of an action, by index.
struct StepRef {
  std::size_t action;
  std::size_t step;
};

/// One shell part of one action, or one call of a tool with the lines of several actions.
struct BatchUnit {
  std::string tool;   // "" for a shell part
  std::size_t stage;  // the part's index within each of its actions
  std::vector<StepRef> steps;
};

/// The units in the order they run, and how many parts each action has.
struct BatchLayout {
  std::vector<BatchUnit> units;
  std::vector<std::size_t> parts;  // per action
};

/// The actions with steps in `unit`, each once, in order (an action's steps there are one run).
std::vector<std::size_t> actions_in(const BatchUnit& unit);
/// True when `action` has parts after the one it has in `unit`.
bool has_later_parts(const BatchLayout& layout, const BatchUnit& unit, std::size_t action);

/// Lays the actions out: stage by stage, one call per tool and stage, one unit per shell part.
BatchLayout layout_of(const BatchActions& actions);

/// One result per action from the script's output (markers and iproute2's "Command failed -:N").
std::vector<core::ActionResult> read_batch_output(const BatchActions& actions,
                                                  const BatchLayout& layout,
                                                  const std::string& output,
                                                  const std::string& fallback_error);

}  // namespace dcod::plugins
