#pragma once

// Actions and the plan: what the diff decided, as data. Each action is tied to one host (or to
// the director for machine-level objects) and names the actions it must wait for. Backends turn
// actions into commands; they never choose them.

#include <cstdint>
#include <string>
#include <vector>

#include "desire/desired_state.h"

namespace dcod::core {

enum class ActionOp { create, change, remove };

/// What an action works on; a backend has one way to carry out each.
enum class ObjectKind {
  underlay,       // underlay namespace, bridge and the director's leg
  host_netns,     // a simulated host's namespace with its underlay link
  bridge,         // dcb<vni>
  vxlan,          // dcx<vni>
  flood_entry,    // all-zero FDB entry towards one peer
  fdb_entry,      // static entry for a remote VM's MAC
  neigh_entry,    // permanent neighbour entry (ARP/ND suppression)
  vm_netns,       // a VM's namespace
  vm_interface,   // a veth pair: host side on the bridge, guest side eth<id>
  vm_addresses,   // the addresses of one guest interface
  vm_routes,      // a VM's gateway routes
  vm_forwarding,  // a VM's IP forwarding switches
  vm_boot,        // the on_boot exec sequence
};

/// Everything a backend needs to carry out an action; which fields count depends on the kind.
struct ActionTarget {
  std::string netns;  // where: a host's or VM's namespace ("" = root namespace)
  std::string name;   // the object's name (link, namespace, VM)
  DesiredVni vni;     // bridge, vxlan, flood/fdb/neigh entries
  std::string peer;   // flood entry
  FdbEntry fdb;       // fdb entry
  NeighEntry neigh;   // neigh entry
  DesiredVm vm;       // vm_* kinds
  DesiredInterface iface;
  DesiredHost host;          // host_netns
  DesiredUnderlay underlay;  // underlay, host_netns
  bool recreate = false;     // change by deleting and creating again (VXLAN id/local/port)
};

/// One step of a plan.
struct Action {
  std::uint32_t host = 0;  // index into the plan's host names; the last one is the director
  ActionOp op = ActionOp::create;
  ObjectKind kind = ObjectKind::bridge;
  std::string summary;            // "vxlan dcx100", "vm a1", "flood dcx100 -> 198.18.0.2"
  std::vector<std::size_t> deps;  // indices of actions that must succeed first
  ActionTarget target;
};

/// The plan: actions in an order that respects every dependency.
struct Plan {
  std::vector<std::string> host_names;  // hosts in scenario order, then "director"
  std::vector<Action> actions;

  std::uint32_t director() const { return static_cast<std::uint32_t>(host_names.size() - 1); }
  bool empty() const { return actions.empty(); }
};

/// "+", "~" or "-".
char op_symbol(ActionOp op);
/// "create", "change" or "delete".
const char* op_verb(ActionOp op);

/// The plan as Terraform prints one: grouped by host, one line per action, and a count line.
std::string format_plan(const Plan& plan);

}  // namespace dcod::core
