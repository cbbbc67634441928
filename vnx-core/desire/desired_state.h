#pragma once

// The desired state: what must exist on every host for a scenario under a placement, in
// backend-neutral terms: VTEPs (one per VNI a host carries, with its flood list and static
// entries) and VMs with interfaces on nets. How a backend realises them (namespaces and veths,
// VirtualBox VMs and NIC slots, the VTEP in a host's namespace or in a proxy VM) is its own
// business. Plain data computed by desire(); no host is contacted to build it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "endpoints/endpoint.h"
#include "model/address.h"
#include "model/scenario.h"
#include "placement/placement.h"
#include "util/expected.h"

namespace dcod::core {

/// A static forwarding entry as a host holds it: frames for `mac` go through the tunnel to `dst`.
struct FdbEntry {
  MacAddress mac;
  std::string dst;
  auto operator<=>(const FdbEntry&) const = default;
};

/// A permanent neighbour entry on a VTEP, answering ARP/ND locally (suppression).
struct NeighEntry {
  IpAddress ip;
  MacAddress mac;
  auto operator<=>(const NeighEntry&) const = default;
};

/// A remote VM's MAC and the end point of the host it lives on.
struct RemoteMac {
  MacAddress mac;
  Endpoint dst;
  auto operator<=>(const RemoteMac&) const = default;
};

/// The VTEP of one VNI on one host: a bridge for the net and a VXLAN tunnel device on it.
struct DesiredVtep {
  std::uint32_t vni = 0;
  std::string net;
  Endpoint local;  // this host's end point
  std::uint16_t port = 4789;
  std::uint32_t mtu = 1450;
  std::vector<Endpoint> flood;    // the other hosts carrying the VNI, by host name
  std::vector<RemoteMac> fdb;     // remote VM MACs, by MAC
  std::vector<NeighEntry> neigh;  // remote VM addresses
  SourceLocation where;           // the net's element in the scenario file
};

/// One interface of a VM, attached to the VTEP of its net.
struct DesiredInterface {
  std::uint32_t id = 0;
  std::string net;
  std::uint32_t vni = 0;
  MacAddress mac;
  std::uint32_t mtu = 1450;
  std::vector<IpPrefix> addresses;  // IPv4 then IPv6, in file order
  SourceLocation where;             // its <if> in the scenario file

  /// "eth<id>", as VNX names a VM's interfaces and messages name them.
  std::string label() const { return "eth" + std::to_string(id); }
};

/// A route inside a VM.
struct DesiredRoute {
  std::optional<IpPrefix> destination;  // nullopt: default route of the gateway's family
  IpAddress gateway;
  auto operator<=>(const DesiredRoute&) const = default;
};

/// A VM: what it is made of and attached to. A backend realises the parts it manages.
struct DesiredVm {
  std::string name;
  std::uint32_t cpus = 1;
  std::uint64_t memory_mb = 256;
  Chipset chipset = Chipset::unspecified;  // VirtualBox: set when given
  std::optional<Image> image;
  std::vector<DesiredInterface> interfaces;  // by interface id as in the file
  std::vector<DesiredRoute> routes;
  Forwarding forwarding = Forwarding::none;
  std::vector<std::string> on_boot;  // commands of <exec seq="on_boot">, in order
  bool on_director = false;          // the director itself, joined through its simulated host
  SourceLocation where;              // its <vm> in the scenario file
};

/// Everything one host must hold.
struct DesiredHost {
  std::string name;
  std::string backend;
  bool present = true;     // false: to be emptied (--destroy, or gone from the scenario)
  bool simulated = false;  // dcod brings the host itself into being, on the simulated underlay
  Endpoint endpoint;
  std::vector<DesiredVtep> vteps;  // ascending VNI
  std::vector<DesiredVm> vms;      // file order
};

/// The simulated underlay that joins simulated hosts, when there are any.
struct DesiredUnderlay {
  IpPrefix subnet;
  std::uint32_t mtu = 1500;
};

/// The desired state of a whole scenario.
struct DesiredState {
  std::string scenario;
  std::string file;  // the scenario file, for the places of its elements in messages
  std::optional<DesiredUnderlay> underlay;  // only when some host is simulated
  std::vector<DesiredHost> hosts;  // scenario order, then hosts that have left the scenario
};

/// Computes the desired state of every host; `endpoints` holds each scenario host's end point.
DesiredState desire(const Scenario& scenario, const Placement& placement,
                    const std::vector<Endpoint>& endpoints);

/// The desired state of --destroy: every host of `state` present but empty, no underlay.
DesiredState emptied(const DesiredState& state);

/// The IPv4 address of the n-th address of a subnet (n = 1 is the first host address).
std::string nth_address(const IpPrefix& subnet, std::uint64_t n);

/// A stable, unicast, locally administered MAC for an interface without a declared one.
/// `salt` > 0 picks another candidate when the first collides.
MacAddress derived_mac(std::string_view scenario, std::string_view vm, std::uint32_t interface_id,
                       std::uint32_t salt = 0);

/// 64-bit FNV-1a of a string: stable across runs and machines.
std::uint64_t stable_hash(std::string_view text);

}  // namespace dcod::core
