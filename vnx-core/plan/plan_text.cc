#include "plan/plan_text.h"

#include <map>
#include <set>

#include "util/words.h"

namespace dcod::core {

std::string plan_line(const Action& a) {
  std::string line = std::string(1, op_symbol(a.op)) + " " + a.summary;
  return a.change.empty() ? line : line + ": " + a.change;
}

std::string vm_of(const Action& a) {
  switch (a.kind) {
    case ObjectKind::vm:
    case ObjectKind::vm_interface:
    case ObjectKind::vm_addresses:
    case ObjectKind::vm_routes:
    case ObjectKind::vm_forwarding:
    case ObjectKind::vm_boot:
      return a.target.name;
    case ObjectKind::leftover:
      return a.target.vm.name;
    default:
      return {};
  }
}

SourceLocation where_of(const Action& a) {
  if (a.op == ActionOp::remove) return {};
  switch (a.kind) {
    case ObjectKind::vm_interface:
    case ObjectKind::vm_addresses:
      return a.target.iface.where;
    case ObjectKind::vm:
    case ObjectKind::vm_routes:
    case ObjectKind::vm_forwarding:
    case ObjectKind::vm_boot:
      return a.target.vm.where;
    case ObjectKind::bridge:
    case ObjectKind::tunnel:
    case ObjectKind::flood_entry:
    case ObjectKind::fdb_entry:
    case ObjectKind::neigh_entry:
      return a.target.vtep.where;
    default:
      return {};
  }
}

std::string place_prefix(const Plan& plan, const Action& a) {
  SourceLocation where = where_of(a);
  if (plan.file.empty() || where.line == 0) return {};
  return plan.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": ";
}

namespace {

bool removes_vm(const Action& a) {
  return a.op == ActionOp::remove && (a.kind == ObjectKind::vm || a.kind == ObjectKind::leftover) &&
         !vm_of(a).empty();
}

bool makes_vm(const Action& a) {
  return a.op == ActionOp::create && a.kind == ObjectKind::vm;
}

/// The actions of a move other than its two halves: the parts made with the VM on its new host.
bool part_of(const Plan& plan, std::size_t index, const Move& m) {
  const Action& a = plan.actions[index];
  return index != m.creation && index != m.removal && plan.place_of(a) == m.to && vm_of(a) == m.vm;
}

}  // namespace

std::vector<Move> moves(const Plan& plan) {
  std::map<std::string, std::size_t> removed;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (removes_vm(plan.actions[i])) removed.emplace(vm_of(plan.actions[i]), i);
  }
  std::vector<Move> out;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    if (!makes_vm(a)) continue;
    auto r = removed.find(vm_of(a));
    if (r == removed.end()) continue;
    const std::string& from = plan.place_of(plan.actions[r->second]);
    if (from != plan.place_of(a)) out.push_back({vm_of(a), from, plan.place_of(a), r->second, i});
  }
  return out;
}

std::vector<std::string> host_lines(const Plan& plan, const std::string& host,
                                    const std::vector<Move>& moved) {
  std::vector<std::string> lines;
  for (const Refusal& r : plan.refusals) {
    if (plan.host_names[r.host] == host) lines.push_back("! refused: " + describe_with_hint(r.why));
  }
  std::set<std::size_t> grouped;
  std::map<std::size_t, const Move*> made_by_move;
  for (const Move& m : moved) {
    grouped.insert(m.removal);
    made_by_move[m.creation] = &m;
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
      if (part_of(plan, i, m)) grouped.insert(i);
    }
  }
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    if (plan.place_of(a) != host || grouped.count(i)) continue;
    auto move = made_by_move.find(i);
    if (move == made_by_move.end()) {
      lines.push_back(plan_line(a));
      continue;
    }
    const Move& m = *move->second;
    lines.push_back("> vm " + m.vm + ": " + m.from + " → " + m.to);
    for (std::size_t p = 0; p < plan.actions.size(); ++p) {
      if (part_of(plan, p, m)) lines.push_back("    " + plan_line(plan.actions[p]));
    }
  }
  return lines;
}

std::string format_plan(const Plan& plan) {
  if (plan.empty()) return "No changes: every host matches the scenario.\n";
  std::vector<Move> moved = moves(plan);
  std::string out;
  for (const std::string& place : plan.places()) {
    std::vector<std::string> lines = host_lines(plan, place, moved);
    if (lines.empty()) continue;
    out += place + ":\n";
    for (const std::string& line : lines) out += "  " + line + "\n";
  }
  std::size_t counts[3] = {0, 0, 0};
  for (const Action& a : plan.actions) ++counts[static_cast<int>(a.op)];
  out += "\nPlan: ";
  if (!moved.empty()) out += counted(moved.size(), "VM", "VMs") + " to move, ";
  out += std::to_string(counts[0]) + " to create, " + std::to_string(counts[1]) + " to change, " +
         std::to_string(counts[2]) + " to delete";
  if (!plan.refusals.empty())
    out += "; " + counted(plan.refusals.size(), "host", "hosts") + " refused";
  return out + ".\n";
}

}  // namespace dcod::core
