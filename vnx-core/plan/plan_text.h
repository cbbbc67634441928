#pragma once

// The plan in words, as Terraform prints one: per host the objects that live there, one line
// per action ("~ interface c2/eth0: address 10.10.1.2/24 → 10.10.1.12/24"), a VM that moves
// between hosts as one "> vm d2: hv3 → hv2" line with its parts under it, and a count line.

#include <string>
#include <vector>

#include "plan/action.h"

namespace dcod::core {

/// A VM the plan removes on one host and makes on another.
struct Move {
  std::string vm;
  std::string from;  // where it lives now and where it will
  std::string to;
  std::size_t removal = 0;   // the action that removes it on `from`
  std::size_t creation = 0;  // the action that makes it on `to`
};

/// "+ vm a1", "~ fdb blue 02:00:00:00:01:02: hv2 (198.18.0.2) → hv3 (198.18.0.3)".
std::string plan_line(const Action& a);
/// The name of the VM an action works on or is a part of; empty for a VTEP's parts.
std::string vm_of(const Action& a);
/// The element of the scenario an action carries out (a VM's <vm>, an interface's <if>, a VTEP's
/// <net>); line 0 for one that comes from no element (a removal, the underlay).
SourceLocation where_of(const Action& a);
/// "lab.xml:12:3: " for an action's element, or "" when it has none.
std::string place_prefix(const Plan& plan, const Action& a);
/// The VMs the plan moves between hosts, in plan order.
std::vector<Move> moves(const Plan& plan);
/// The lines of one host, by name: refusals, then its objects' actions, moves grouped.
std::vector<std::string> host_lines(const Plan& plan, const std::string& host,
                                    const std::vector<Move>& moved);
/// The whole plan: a block per host with something to do, then the count line.
std::string format_plan(const Plan& plan);

}  // namespace dcod::core
