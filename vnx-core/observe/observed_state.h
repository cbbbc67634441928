#pragma once

// The observed state: what the backends found on the hosts, restricted to what this scenario
// owns (DESIGN §6 markers). Plain data, filled by observation only; the diff reads it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "desire/desired_state.h"

namespace dcod::core {

/// VXLAN parameters of a link, as the kernel reports them.
struct ObservedVxlan {
  std::uint32_t id = 0;
  std::string local;
  std::uint16_t port = 0;
  bool learning = true;
  bool proxy = false;
};

/// A network interface in some namespace.
struct ObservedLink {
  std::string name;
  std::string kind;  // "bridge", "vxlan", "veth", ...
  std::string alias;
  std::string master;
  std::optional<MacAddress> mac;
  std::uint32_t mtu = 0;
  bool up = false;
  std::optional<ObservedVxlan> vxlan;
  std::vector<IpPrefix> addresses;  // global-scope addresses only
};

/// What one VM namespace holds.
struct ObservedVm {
  std::string netns;
  std::vector<ObservedLink> links;   // eth<id> interfaces
  std::vector<DesiredRoute> routes;  // gateway routes only
  bool forwarding_v4 = false;
  bool forwarding_v6 = false;

  const ObservedLink* link(const std::string& name) const;
};

/// One host (or the director, for machine-level objects) as found.
struct ObservedHost {
  bool reachable = true;
  std::string error;                // why it could not be observed
  bool netns_exists = true;         // simulated hosts: whether its namespace exists
  std::vector<ObservedLink> links;  // owned links in the host's namespace
  std::map<std::string, std::vector<std::string>> flood_by_dev;  // dev -> peers
  std::map<std::string, std::vector<FdbEntry>> fdb_by_dev;       // dev -> static remote MACs
  std::map<std::string, std::vector<NeighEntry>> neigh_by_dev;   // dev -> permanent entries
  std::map<std::string, ObservedVm> vms;  // VM namespaces observed from this host, by VM name

  const ObservedLink* link(const std::string& name) const;
};

/// The director machine: every namespace of the scenario on it and the underlay.
struct ObservedMachine {
  std::vector<std::string> netns;           // names starting with dcod.<scenario>.
  bool underlay_bridge = false;             // the bridge in the underlay namespace, up
  std::vector<std::string> underlay_ports;  // its ports that are attached and up
};

/// Everything observed for one scenario.
struct ObservedState {
  std::vector<ObservedHost> hosts;  // same order as DesiredState::hosts
  ObservedMachine machine;
};

}  // namespace dcod::core
