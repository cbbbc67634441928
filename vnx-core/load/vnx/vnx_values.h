#pragma once

// Values as VNX writes them, turned into dcod's: memory with its unit, an IPv4 address with a
// mask in either form, a scenario name within dcod's rules, a VNI from a net's name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/address.h"

namespace dcod::core {

/// "256M" or "2G" (VNX requires the unit) in MiB; nullopt when it is neither.
std::optional<std::uint64_t> vnx_memory_mb(std::string_view text);

/// The prefix length of a VNX mask= attribute: dotted ("255.255.255.0") or a length ("24");
/// nullopt when it is neither, or when a dotted mask has holes.
std::optional<std::uint32_t> vnx_mask_length(std::string_view mask, IpFamily family);

/// A scenario name as dcod takes it ([A-Za-z][A-Za-z0-9_-]*, at most 24): other characters
/// become '-', a name that does not start with a letter gets "vnx-" before it.
std::string sanitized_scenario_name(std::string_view name);

/// The VNI a net gets from its name: stable for the same scenario and net, 1..16777215;
/// `salt` > 0 picks another when the first is taken.
std::uint32_t vni_from_name(std::string_view scenario, std::string_view net, std::uint32_t salt);

/// The names of a comma-separated list (VNX's seq="a,b" and <cmd-seq>a,b</cmd-seq>), trimmed,
/// empty items dropped.
std::vector<std::string> comma_list(std::string_view text);

}  // namespace dcod::core
