#include "plan/action.h"

namespace dcod::core {

char op_symbol(ActionOp op) {
  switch (op) {
    case ActionOp::create:
      return '+';
    case ActionOp::change:
      return '~';
    case ActionOp::remove:
      return '-';
  }
  return '?';
}

const char* op_verb(ActionOp op) {
  switch (op) {
    case ActionOp::create:
      return "create";
    case ActionOp::change:
      return "change";
    case ActionOp::remove:
      return "delete";
  }
  return "?";
}

std::string format_plan(const Plan& plan) {
  if (plan.empty()) return "No changes: every host matches the scenario.\n";
  std::string out;
  std::size_t counts[3] = {0, 0, 0};
  for (std::uint32_t h = 0; h < plan.host_names.size(); ++h) {
    std::string lines;
    for (const Refusal& r : plan.refusals) {
      if (r.host == h) lines += "  ! refused: " + describe_with_hint(r.why) + "\n";
    }
    for (const Action& a : plan.actions) {
      if (a.host != h) continue;
      lines += std::string("  ") + op_symbol(a.op) + " " + a.summary + "\n";
      ++counts[static_cast<int>(a.op)];
    }
    if (!lines.empty()) out += plan.host_names[h] + ":\n" + lines;
  }
  out += "\nPlan: " + std::to_string(counts[0]) + " to create, " + std::to_string(counts[1]) +
         " to change, " + std::to_string(counts[2]) + " to delete";
  if (!plan.refusals.empty())
    out += "; " + std::to_string(plan.refusals.size()) + " host(s) refused";
  return out + ".\n";
}

}  // namespace dcod::core
