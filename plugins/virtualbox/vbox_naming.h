#pragma once

// What the VirtualBox backend calls the things it makes, and how it marks them as its own
// (DESIGN §6): VMs named <scenario>-<vm> with extradata dcod/scenario and dcod/vm, internal
// networks dcod-<scenario>-<vni>, and a proxy VM's NIC slots recorded in its extradata as
// dcod/nic<N>=<scenario>:<vni>.

#include <cstdint>
#include <optional>
#include <string>

namespace dcod::plugins {

/// Extradata keys of dcod's VMs.
inline constexpr const char* k_scenario_key = "dcod/scenario";
inline constexpr const char* k_vm_key = "dcod/vm";

/// "<scenario>-<vm>".
std::string vbox_vm_name(const std::string& scenario, const std::string& vm);
/// "dcod-<scenario>-<vni>".
std::string intnet_name(const std::string& scenario, std::uint32_t vni);
/// The VNI of one of the scenario's internal networks, or nullopt for any other network.
std::optional<std::uint32_t> vni_of_intnet(const std::string& scenario, const std::string& network);
/// "dcod/nic<N>", the extradata key recording proxy slot N.
std::string slot_key(std::uint32_t slot);
/// "<scenario>:<vni>", what a slot record says.
std::string slot_value(const std::string& scenario, std::uint32_t vni);
/// The slot a key records, or nullopt when it is no slot key.
std::optional<std::uint32_t> slot_of_key(const std::string& key);
/// The adapter slot (from 1) of interface `id` (eth<id> is NIC id+1).
inline std::uint32_t slot_of_interface(std::uint32_t id) {
  return id + 1;
}

}  // namespace dcod::plugins
