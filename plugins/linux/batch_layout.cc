#include "linux/batch_layout.h"

#include <algorithm>
#include <map>
#include <utility>

namespace dcod::plugins {

namespace {

/// The parts of one action as [first, end) step ranges: runs of steps with the same tool,
/// each ended early by a checked step.
std::vector<std::pair<std::size_t, std::size_t>> parts_of(const std::vector<Step>& steps) {
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    bool fresh = parts.empty() || steps[s].tool != steps[s - 1].tool || steps[s - 1].checked;
    if (fresh) parts.push_back({s, s});
    parts.back().second = s + 1;
  }
  return parts;
}

}  // namespace

std::vector<std::size_t> actions_in(const BatchUnit& unit) {
  std::vector<std::size_t> actions;
  for (const StepRef& ref : unit.steps) {
    if (actions.empty() || actions.back() != ref.action) actions.push_back(ref.action);
  }
  return actions;
}

bool has_later_parts(const BatchLayout& layout, const BatchUnit& unit, std::size_t action) {
  return unit.stage + 1 < layout.parts[action];
}

BatchLayout layout_of(const BatchActions& actions) {
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> parts;
  BatchLayout layout;
  std::size_t stages = 0;
  for (const std::vector<Step>& steps : actions) {
    parts.push_back(parts_of(steps));
    layout.parts.push_back(parts.back().size());
    stages = std::max(stages, parts.back().size());
  }
  for (std::size_t stage = 0; stage < stages; ++stage) {
    std::map<std::string, std::size_t> call_of_tool;
    for (std::size_t a = 0; a < actions.size(); ++a) {
      if (stage >= parts[a].size()) continue;
      auto [first, end] = parts[a][stage];
      const std::string& tool = actions[a][first].tool;
      auto [call, fresh] = call_of_tool.try_emplace(tool, layout.units.size());
      if (tool.empty() || fresh) layout.units.push_back(BatchUnit{tool, stage, {}});
      BatchUnit& unit = tool.empty() ? layout.units.back() : layout.units[call->second];
      for (std::size_t s = first; s < end; ++s) unit.steps.push_back(StepRef{a, s});
    }
  }
  return layout;
}

}  // namespace dcod::plugins
