#pragma once

// The names the Linux proxy configurator gives what it makes (DESIGN §6), and the ownership
// marker every such link carries: one place, so that steps, observation and tests agree.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dcod::plugins {

/// Per-VNI bridge of a VTEP: dcb<vni>.
std::string bridge_name(std::uint32_t vni);
/// Per-VNI VXLAN device of a VTEP: dcx<vni>.
std::string vxlan_name(std::uint32_t vni);
/// The VNI in a VTEP device's name (dcb100, dcx100 -> 100); nullopt for any other name.
std::optional<std::uint32_t> vni_of_device(std::string_view name);

/// Interface alias marking ownership: dcod:<scenario>:<what> (DESIGN §6), <what> a net's name.
std::string ownership_alias(std::string_view scenario, std::string_view what);
/// The alias prefix every owned interface of a scenario starts with: dcod:<scenario>:.
std::string ownership_alias_prefix(std::string_view scenario);
/// What an alias of `scenario` marks (the net's name), or nullopt when it is not the scenario's.
std::optional<std::string> marked_as(std::string_view alias, std::string_view scenario);
/// The MAC a link dcod makes is created with, 06:... from the scenario and the link's name: the
/// kernel takes no alias when it creates a link, so a run killed between `link add` and the
/// `link set ... alias` after it leaves a link that only this tells apart from someone else's.
/// (06 is locally administered and unicast, and never a VM's derived MAC, which starts 02.)
std::string signature_mac(std::string_view scenario, std::string_view link);

/// "scenario 'X'" for an alias of another scenario, else "something dcod does not own".
std::string owner_of(std::string_view alias);

}  // namespace dcod::plugins
