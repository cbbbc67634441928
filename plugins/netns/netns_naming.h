#pragma once

// Names of everything the netns backend creates (DESIGN §6), in one place so that its steps,
// its observation and the tests agree, and so that ownership can be recognised from a name or
// an interface alias.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dcod::plugins {

/// Prefix shared by every namespace of a scenario: dcod.<scenario>.
std::string scenario_netns_prefix(std::string_view scenario);
/// Network namespace of a simulated host: dcod.<scenario>.host.<host>.
std::string host_netns_name(std::string_view scenario, std::string_view host);
/// Network namespace holding the underlay bridge of simulated hosts: dcod.<scenario>.underlay.
std::string underlay_netns_name(std::string_view scenario);
/// Network namespace of a VM: dcod.<scenario>.vm.<vm>.
std::string vm_netns_name(std::string_view scenario, std::string_view vm);

/// Host-side veth of a VM interface: dv<8 hex of the VM name>e<id> (at most 15 characters).
std::string host_veth_name(std::string_view vm, std::uint32_t interface_id);
/// Guest-side interface name inside the VM: eth<id>.
std::string guest_interface_name(std::uint32_t interface_id);
/// The interface id in a guest interface's name (eth3 -> 3); nullopt for any other name.
std::optional<std::uint32_t> interface_id_of(std::string_view guest_name);

/// The alias of a VM's loopback, naming the host the VM belongs to: dcod:<scenario>:host:<host>.
/// It tells the simulated hosts, whose VMs all live on this machine, which VM is whose.
std::string vm_marker(std::string_view scenario, std::string_view host);
/// The loopback alias of a VM made but whose on_boot commands have not yet run to their end:
/// dcod:<scenario>:booting:<host>. The boot action turns it into vm_marker() as its last step.
std::string vm_booting_marker(std::string_view scenario, std::string_view host);
/// The host a VM marker of `scenario` names (either kind), or nullopt.
std::optional<std::string> host_of_marker(std::string_view alias, std::string_view scenario);

/// The director's own end of a director VM's interface: dd<8 hex of scenario/vm>e<id>. It lives
/// in the director's namespace, so the scenario is in its name.
std::string director_link_name(std::string_view scenario, std::string_view vm,
                               std::uint32_t interface_id);
/// The alias of that end, naming the host it joins through and the VM it stands for:
/// dcod:<scenario>:director:<host>:<vm>.
std::string director_link_alias(std::string_view scenario, std::string_view host,
                                std::string_view vm);
/// The host and VM a director_link_alias() of `scenario` names, or nullopt.
std::optional<std::pair<std::string, std::string>> director_link_owner(std::string_view alias,
                                                                       std::string_view scenario);
/// The interface id at the end of a director_link_name() (after its last 'e'), or nullopt.
std::optional<std::uint32_t> director_link_id(std::string_view name);

/// The "net" of an underlay object's ownership alias (dcod:<scenario>:underlay).
inline constexpr std::string_view k_underlay_alias_net = "underlay";
/// Underlay bridge inside the underlay namespace, and a host's underlay NIC in its namespace.
inline constexpr std::string_view k_underlay_bridge = "underlay";
inline constexpr std::string_view k_host_underlay_nic = "ul0";
/// The underlay-namespace end of a simulated host's underlay link: uh<8 hex of the host name>.
std::string underlay_port_name(std::string_view host);

}  // namespace dcod::plugins
