#pragma once

// The scenario model: what one XML file says, after loading. Plain data, built once by the
// loader and read-only afterwards; every later stage takes `const Scenario&`. Each element keeps
// the place it came from so that any later message can name file:line:column.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/address.h"

namespace dcod::core {

/// Where an element starts in the scenario file (1-based; 0 when unknown).
struct SourceLocation {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

enum class HostOs { unspecified, linux, windows };

/// A VirtualBox VM's chipset, which bounds its network adapters; unspecified: VirtualBox's
/// default (PIIX3) or whatever the base VM has.
enum class Chipset { unspecified, piix3, ich9 };

/// The network adapters a VM with this chipset has: PIIX3 8, ICH9 36.
inline std::uint32_t nic_limit(Chipset chipset) {
  return chipset == Chipset::ich9 ? 36 : 8;
}

/// How the VTEP VM on a VirtualBox host is found and reached.
struct ProxySpec {
  std::string vm;
  std::string bridge_adapter;
  std::string underlay_address;  // when the proxy VM's address is static; else read once it runs
  std::string user;
  std::string identity;
  std::string password_env;
  std::string password_file;
  Chipset chipset = Chipset::unspecified;  // what the proxy VM has: bounds its NIC slots
  SourceLocation where;
};

/// A hypervisor. No address: simulated on the director (a network namespace).
struct Host {
  std::string name;
  std::string backend = "netns";  // the name of the backend plugin that serves it
  HostOs os = HostOs::unspecified;
  std::string address;  // empty for a simulated host
  /// Where other hosts send VXLAN to, when it is not `address` (a data network apart from the
  /// one SSH reaches); empty: `address`.
  std::string underlay_address;
  std::uint16_t port = 22;
  std::string user;
  std::string identity;
  std::string password_env;
  std::string password_file;
  std::string vboxmanage;  // VirtualBox only; empty means the platform default
  std::optional<std::uint64_t> cpus;
  std::optional<std::uint64_t> memory_mb;
  std::optional<std::uint64_t> max_vms;
  std::optional<ProxySpec> proxy;
  SourceLocation where;

  bool is_simulated() const { return address.empty(); }
  /// True when the host declares at least one capacity limit.
  bool declares_capacity() const { return cpus || memory_mb || max_vms; }
};

/// A virtual L2 network, carried between hosts as one VXLAN VNI.
struct Net {
  std::string name;
  std::uint32_t vni = 0;
  SourceLocation where;
};

/// One NIC of a VM, attached to one net.
struct Interface {
  /// The id of an interface whose id attribute was refused (already reported): no other rule
  /// looks at it, so that one bad id is one error.
  static constexpr std::uint32_t k_refused_id = 0xffffffffu;
  std::uint32_t id = 0;
  std::string net;                // the net's name, as written
  std::uint32_t net_index = 0;    // index into Scenario::nets (valid once validated)
  std::optional<MacAddress> mac;  // declared; otherwise derived later
  std::vector<IpPrefix> ipv4;
  std::vector<IpPrefix> ipv6;
  SourceLocation where;
};

/// A static route inside a VM: destination "default" or a prefix, via a gateway.
struct Route {
  std::optional<IpPrefix> destination;  // nullopt means "default"
  IpAddress gateway;
  SourceLocation where;
};

enum class Forwarding { none, ip, ipv4, ipv6 };

/// One command of a named exec sequence (VNX's <exec seq=...>).
struct Exec {
  std::string seq;
  std::string command;
  SourceLocation where;
};

/// How a VirtualBox VM is made: a linked clone of a registered VM, or an OVA import.
struct Image {
  std::string clone_of;
  std::string snapshot;
  std::string ova;
  SourceLocation where;
};

/// A guest: a network namespace on netns hosts, a VirtualBox VM on VirtualBox hosts.
struct Vm {
  std::string name;
  std::string pinned_host;  // empty: segmentation chooses
  std::uint32_t cpus = 1;
  std::uint64_t memory_mb = 256;
  Chipset chipset = Chipset::unspecified;  // VirtualBox VMs: set when given, bounds interfaces
  std::optional<Image> image;
  std::vector<Interface> interfaces;
  std::vector<Route> routes;
  Forwarding forwarding = Forwarding::none;
  std::vector<Exec> execs;
  /// Not a VM: the director itself joins the VM's nets, through the simulated host it is pinned
  /// to (VNX's <host>, dcod's director="yes").
  bool on_director = false;
  SourceLocation where;
};

/// A set of VMs that must share a host (affinity) or be pairwise apart (anti-affinity).
struct VmGroup {
  std::vector<std::string> vms;
  SourceLocation where;
};

/// Scenario-wide settings from <global>, with the defaults of the contract.
struct Global {
  std::string algorithm = "min-tunnels";
  bool algorithm_given = false;
  std::uint64_t seed = 1;
  double imbalance = 1.10;
  std::uint16_t udp_port = 4789;
  std::uint32_t underlay_mtu = 1500;
  IpPrefix underlay_subnet{IpAddress{IpFamily::v4, {198, 18, 0, 0}}, 24};
  SourceLocation segmentation_where;
  SourceLocation overlay_where;
  SourceLocation underlay_where;

  /// MTU of every VM-facing interface: the underlay minus the IPv4 VXLAN overhead.
  std::uint32_t vm_mtu() const { return underlay_mtu - 50; }
};

/// One loaded scenario file.
struct Scenario {
  std::string file;  // as given on the command line; used in every message
  std::string name;
  bool from_vnx = false;    // read from a VNX 2.0 file (its hosts from a hosts file or the desk)
  bool hosts_file = false;  // a hosts file (--hosts): hosts, <global> and nets pinning VNIs
  Global global;
  std::vector<Host> hosts;
  std::vector<Net> nets;
  std::vector<Vm> vms;
  std::vector<VmGroup> affinity;
  std::vector<VmGroup> anti_affinity;
  SourceLocation where;

  /// Name -> index maps, filled by the loader (first occurrence wins for duplicates).
  std::unordered_map<std::string, std::uint32_t> host_index;
  std::unordered_map<std::string, std::uint32_t> net_index;
  std::unordered_map<std::string, std::uint32_t> vm_index;
};

}  // namespace dcod::core
