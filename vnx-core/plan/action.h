#pragma once

// Actions and the plan: what the diff decided, as data. Each action is tied to one host (or to
// the director for the site: the simulated underlay and leftovers) and names the actions it must
// wait for. Actions say what to make in backend-neutral terms; a backend turns them into
// commands and never chooses them.

#include <cstdint>
#include <string>
#include <vector>

#include "desire/desired_state.h"
#include "util/expected.h"

namespace dcod::core {

enum class ActionOp { create, change, remove };

/// What an action works on; every backend has one way to carry out each.
enum class ObjectKind {
  underlay,       // the simulated underlay (director)
  leftover,       // something of the scenario no host claims (director), to be removed
  host,           // a simulated host's own existence: its namespace and underlay link
  bridge,         // a VTEP's bridge for the net
  tunnel,         // a VTEP's VXLAN device
  flood_entry,    // all-zero FDB entry towards one peer
  fdb_entry,      // static entry for a remote VM's MAC
  neigh_entry,    // permanent neighbour entry (ARP/ND suppression)
  vm,             // a VM itself
  vm_interface,   // a VM's interface, attached to its net's VTEP
  vm_addresses,   // the addresses of one interface
  vm_routes,      // a VM's gateway routes
  vm_forwarding,  // a VM's IP forwarding switches
  vm_boot,        // the on_boot exec sequence
};

/// What an action works on; which fields count depends on the kind.
struct ActionTarget {
  std::string name;          // vm, leftover: its name
  DesiredVtep vtep;          // bridge, tunnel, entries: the VTEP without its entry lists
                             // (for a removal: vni and net)
  Endpoint peer;             // flood entry
  FdbEntry fdb;              // fdb entry
  NeighEntry neigh;          // neigh entry
  DesiredVm vm;              // vm_* kinds (a removal: the name only)
  DesiredInterface iface;    // vm_interface, vm_addresses (a removal: the id only)
  Endpoint endpoint;         // host: its underlay address
  DesiredUnderlay underlay;  // underlay, host
  bool recreate = false;     // change by removing and making it again
};

/// One step of a plan.
struct Action {
  std::uint32_t host = 0;  // index into the plan's host names; the last one is the director
  ActionOp op = ActionOp::create;
  ObjectKind kind = ObjectKind::bridge;
  std::string summary;            // "vm a1", "flood blue -> hv2 (198.18.0.2)"
  std::string change;             // what a change changes: "address 10.1.0.2/24 → 10.1.0.12/24"
  std::vector<std::size_t> deps;  // indices of actions that must succeed first
  ActionTarget target;
  /// Non-empty: it needs the end point of this host, not known yet (known once its proxy runs);
  /// it cannot be carried out before.
  std::string waits_for;
  /// The host the object lives on when that is not `host`: a leftover of a simulated host is
  /// removed by the director but lives on that host, and the plan lists it there.
  std::string lives_on;
};

/// A host the diff gives no actions because what it found there forbids touching it.
struct Refusal {
  std::uint32_t host = 0;
  Error why;
};

/// The plan: actions in an order that respects every dependency.
struct Plan {
  std::string file;                     // the scenario file the desired state came from
  std::vector<std::string> host_names;  // hosts in scenario order, then "director"
  std::vector<Action> actions;
  std::vector<Refusal> refusals;

  std::uint32_t director() const { return static_cast<std::uint32_t>(host_names.size() - 1); }
  /// True when there is nothing to do (and nothing refused).
  bool empty() const { return actions.empty() && refusals.empty(); }
  /// The host an action's object lives on, by name.
  const std::string& place_of(const Action& a) const {
    return a.lives_on.empty() ? host_names[a.host] : a.lives_on;
  }
  /// Every place an action lives on: the hosts in order, hosts no longer in the scenario, and
  /// the director last.
  std::vector<std::string> places() const;
};

/// "+", "~" or "-".
char op_symbol(ActionOp op);
/// "create", "change" or "delete".
const char* op_verb(ActionOp op);

}  // namespace dcod::core
