#pragma once

// The observed state: what the backends found on the hosts, in the same backend-neutral terms as
// the desired state and restricted to what this scenario owns (DESIGN §6 markers). Each backend
// reads its own objects (links and namespaces, VirtualBox VMs, a proxy VM's devices) and reports
// them here; the diff reads nothing else.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "desire/desired_state.h"
#include "util/expected.h"

namespace dcod::core {

/// The bridge of a VTEP, as found.
struct ObservedBridge {
  std::string net;  // the net its ownership marker names
  std::uint32_t mtu = 0;
  bool up = false;
  /// What the backend joins to the bridge besides its VMs' interfaces is in place (a proxy VM's
  /// NIC slot on the net's internal network, attached and a port of the bridge); true where
  /// there is no such part.
  bool joined = true;
};

/// The VXLAN tunnel device of a VTEP, as found.
struct ObservedTunnel {
  std::string net;  // the net its ownership marker names
  std::uint32_t vni = 0;
  std::string local;
  std::uint16_t port = 0;
  bool learning = true;
  bool proxy = false;
  bool attached = false;  // a port of its VTEP's bridge
  std::uint32_t mtu = 0;
  bool up = false;
};

/// The VTEP of one VNI on a host; either part may be missing.
struct ObservedVtep {
  std::optional<ObservedBridge> bridge;
  std::optional<ObservedTunnel> tunnel;
  std::vector<std::string> flood;  // end point addresses of the all-zero entries
  std::vector<FdbEntry> fdb;       // static entries for remote MACs
  std::vector<NeighEntry> neigh;   // permanent neighbour entries
};

// An optional field is one a backend may not manage: nullopt means "not this backend's
// business", and the diff leaves it alone (a VirtualBox VM's addresses are the guest's own).

/// One interface of a VM, as found.
struct ObservedInterface {
  bool whole = true;  // false: only part of it is left (a guest end without its host end)
  std::string net;    // the net its ownership marker names
  std::optional<std::uint32_t> vni;  // the VTEP it is attached to; nullopt: none
  std::optional<MacAddress> mac;
  std::optional<std::uint32_t> mtu;  // 0: its parts disagree
  bool up = false;
  std::optional<std::vector<IpPrefix>> addresses;  // global-scope addresses
};

/// One VM of the scenario on a host, as found.
struct ObservedVm {
  bool complete = true;  // its own set-up finished (a run killed while making it leaves it not)
  bool booted = true;    // its on_boot commands ran to their end (where the backend runs them)
  std::optional<std::uint32_t> cpus;
  std::optional<std::uint64_t> memory_mb;
  std::map<std::uint32_t, ObservedInterface> interfaces;  // by interface id
  std::optional<std::vector<DesiredRoute>> routes;        // static gateway routes
  std::optional<bool> forwarding_v4;
  std::optional<bool> forwarding_v6;
};

/// A simulated host's own existence: its namespace and its link on the simulated underlay.
struct ObservedBase {
  bool exists = false;
  std::vector<IpPrefix> addresses;  // on its underlay link
  std::uint32_t mtu = 0;
  bool up = false;
  bool attached = false;  // its link is a port of the underlay bridge
};

/// Something on a host that is in the way of the scenario: a VNI another scenario, or something
/// dcod does not own, already uses there.
struct ForeignUse {
  std::string owner;   // "scenario 'accs1'", or "something dcod does not own"
  std::string object;  // what holds it, e.g. "dcb701"
};

/// One host as found.
struct ObservedHost {
  bool reachable = true;
  Error error;
  /// The backend sets addresses, routes and forwarding inside its VMs and runs their on_boot
  /// commands; false: those are the guests' own business (VirtualBox), and left alone.
  bool configures_guests = true;  // why it could not be observed
  ObservedBase base;
  std::map<std::uint32_t, ObservedVtep> vteps;       // by VNI
  std::map<std::string, ObservedVm> vms;             // by VM name
  std::map<std::uint32_t, ForeignUse> foreign_vnis;  // desired VNIs held by someone else

  /// A host that could not be observed, and why.
  static ObservedHost unreachable(Error why) {
    ObservedHost h;
    h.reachable = false;
    h.error = std::move(why);
    return h;
  }
};

/// Something of the scenario on this machine that no host claims any more, to be removed.
struct Leftover {
  std::string name;   // the backend's handle for it: what to remove
  std::string label;  // what a person calls it: "vm d2", "host hv3"
  std::string host;   // the host it lived on; empty when not known
  std::string vm;     // the VM it is, if it is one
};

/// The director's share: the simulated underlay and what is left of the scenario on this
/// machine that no host claims (a simulated host gone from the scenario, a VM of no host).
struct ObservedSite {
  bool reachable = true;  // false: nothing of the site is known, so nothing of it is touched
  Error error;
  bool underlay_exists = false;
  bool underlay_up = false;  // its bridge
  std::uint32_t underlay_mtu = 0;
  std::vector<Leftover> leftovers;
};

/// Everything observed for one scenario.
struct ObservedState {
  std::vector<ObservedHost> hosts;  // same order as DesiredState::hosts
  ObservedSite site;
};

}  // namespace dcod::core
