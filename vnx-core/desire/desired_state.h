#pragma once

// The desired state: what must exist on every host for a scenario under a placement, in the
// names of DESIGN §6. Plain data computed by desire(); the diff compares it with what the
// backends observe. No host is contacted to build it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/address.h"
#include "model/scenario.h"
#include "placement/placement.h"
#include "util/expected.h"

namespace dcod::core {

/// A static forwarding entry: frames for `mac` go through the tunnel to `dst`.
struct FdbEntry {
  MacAddress mac;
  std::string dst;
  auto operator<=>(const FdbEntry&) const = default;
};

/// A permanent neighbour entry on the VXLAN device, answering ARP/ND locally (suppression).
struct NeighEntry {
  IpAddress ip;
  MacAddress mac;
  auto operator<=>(const NeighEntry&) const = default;
};

/// One VNI on one host's proxy: bridge + VXLAN device, flood list and static entries.
struct DesiredVni {
  std::uint32_t vni = 0;
  std::string net;
  std::string alias;   // ownership marker
  std::string bridge;  // dcb<vni>
  std::string vxlan;   // dcx<vni>
  std::string local;   // this host's underlay address
  std::uint16_t port = 4789;
  std::uint32_t mtu = 1450;
  std::vector<std::string> flood;  // underlay addresses of the other hosts carrying the VNI
  std::vector<FdbEntry> fdb;       // remote VM MACs
  std::vector<NeighEntry> neigh;   // remote VM addresses
};

/// One interface of a VM: a veth whose guest end is eth<id> in the VM's namespace.
struct DesiredInterface {
  std::uint32_t id = 0;
  std::string guest_name;  // eth<id>
  std::string host_name;   // host-side veth, attached to the VNI's bridge
  std::string alias;
  MacAddress mac;
  std::uint32_t mtu = 1450;
  std::uint32_t vni = 0;
  std::string bridge;
  std::vector<IpPrefix> addresses;  // IPv4 then IPv6, in file order
};

/// A route inside a VM.
struct DesiredRoute {
  std::optional<IpPrefix> destination;  // nullopt: default route of the gateway's family
  IpAddress gateway;
  auto operator<=>(const DesiredRoute&) const = default;
};

/// A VM as a network namespace on a netns host.
struct DesiredVm {
  std::string name;
  std::string netns;
  std::vector<DesiredInterface> interfaces;
  std::vector<DesiredRoute> routes;
  Forwarding forwarding = Forwarding::none;
  std::vector<std::string> on_boot;  // commands of <exec seq="on_boot">, in order
};

/// Everything one host must hold.
struct DesiredHost {
  std::string name;
  bool present = true;           // false: the host is to be emptied (--destroy, or gone from the XML)
  bool simulated = false;
  std::string netns;             // simulated: its namespace; remote: "" (the root namespace)
  std::string underlay_address;  // simulated: from <underlay subnet>; remote: its address
  std::string underlay_port;     // simulated: its port on the underlay bridge
  std::vector<DesiredVni> vnis;  // ascending VNI
  std::vector<DesiredVm> vms;    // file order
};

/// The underlay that joins simulated hosts: a bridge in its own namespace.
struct DesiredUnderlay {
  std::string netns;
  std::string alias;
  IpPrefix subnet;
  std::uint32_t mtu = 1500;
};

/// The desired state of a whole scenario.
struct DesiredState {
  std::string scenario;
  std::optional<DesiredUnderlay> underlay;  // only when some host is simulated
  std::vector<DesiredHost> hosts;           // same order as Scenario::hosts
};

/// Computes the desired state of every host. Fails only on a name collision of derived names.
Expected<DesiredState> desire(const Scenario& scenario, const Placement& placement);

/// The desired state of --destroy: every host of `state` present but empty, no underlay.
DesiredState emptied(const DesiredState& state);

/// The IPv4 address of the n-th address of a subnet (n = 1 is the first host address).
std::string nth_address(const IpPrefix& subnet, std::uint64_t n);

}  // namespace dcod::core
