#pragma once

// Names of everything dcod creates (DESIGN §6). One place, so that desire, observation and
// tests agree, and so that ownership can be recognised from a name or an interface alias.

#include <cstdint>
#include <string>
#include <string_view>

#include "model/address.h"

namespace dcod::core {

/// Network namespace of a simulated host: dcod.<scenario>.host.<host>.
std::string host_netns_name(std::string_view scenario, std::string_view host);
/// Network namespace holding the underlay bridge of simulated hosts: dcod.<scenario>.underlay.
std::string underlay_netns_name(std::string_view scenario);
/// Network namespace of a VM on a netns host: dcod.<scenario>.vm.<vm>.
std::string vm_netns_name(std::string_view scenario, std::string_view vm);
/// Prefix shared by every namespace of a scenario: dcod.<scenario>.
std::string scenario_netns_prefix(std::string_view scenario);

/// Per-VNI bridge of a proxy: dcb<vni>.
std::string bridge_name(std::uint32_t vni);
/// Per-VNI VXLAN device of a proxy: dcx<vni>.
std::string vxlan_name(std::uint32_t vni);
/// Host-side veth of a VM interface: dv<8 hex of the VM name>e<id> (at most 15 characters).
std::string host_veth_name(std::string_view vm, std::uint32_t interface_id);
/// Guest-side interface name inside the VM: eth<id>.
std::string guest_interface_name(std::uint32_t interface_id);

/// Interface alias marking ownership: dcod:<scenario>:<net> (DESIGN §6).
std::string ownership_alias(std::string_view scenario, std::string_view net);
/// The alias prefix every owned interface of a scenario starts with: dcod:<scenario>:.
std::string ownership_alias_prefix(std::string_view scenario);
/// The "net" part of an underlay object's alias (dcod:<scenario>:underlay).
inline constexpr std::string_view k_underlay_alias_net = "underlay";

/// Underlay bridge inside the underlay namespace, and a host's underlay NIC in its namespace.
inline constexpr std::string_view k_underlay_bridge = "underlay";
inline constexpr std::string_view k_host_underlay_nic = "ul0";
/// The underlay-namespace end of a simulated host's underlay link: uh<8 hex of the host name>.
std::string underlay_port_name(std::string_view host);

/// A stable, unicast, locally administered MAC for an interface without a declared one.
/// `salt` > 0 picks another candidate when the first collides.
MacAddress derived_mac(std::string_view scenario, std::string_view vm, std::uint32_t interface_id,
                       std::uint32_t salt = 0);

/// 64-bit FNV-1a of a string: stable across runs and machines.
std::uint64_t stable_hash(std::string_view text);

}  // namespace dcod::core
