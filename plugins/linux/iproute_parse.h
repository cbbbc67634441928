#pragma once

// Reads iproute2's JSON output (ip -d -j addr, bridge -j fdb, ip -j neigh, ip -j route) into
// what a namespace holds (linux_link.h). Tolerant of keys older iproute2 versions leave out (a
// missing boolean is false); anything that is not JSON gives an error naming the command.

#include <map>
#include <string>
#include <vector>

#include "linux/linux_link.h"
#include "util/expected.h"

namespace dcod::plugins {

/// `ip -j link show` (and `-d`, `addr show`): every link with kind, alias, master, MAC, MTU, state,
/// VXLAN data and global addresses.
Expected<std::vector<LinuxLink>> parse_links(const std::string& json);

/// `ip -j link show` and `ip -j addr show scope global` (which lists only the links that have
/// a global address): every link with its global addresses.
Expected<std::vector<LinuxLink>> parse_addressed_links(const std::string& links_json,
                                                       const std::string& addresses_json);

/// `bridge -j fdb show`: all-zero entries (flood list) and permanent remote entries, by device,
/// into `entries`. Only devices whose names start with `device_prefix` are kept.
Expected<bool> parse_fdb(const std::string& json, const std::string& device_prefix,
                         BridgeEntries& entries);

/// `ip -j neigh show`: permanent entries by device, for devices starting with `device_prefix`,
/// into `entries`.
Expected<bool> parse_neigh(const std::string& json, const std::string& device_prefix,
                           BridgeEntries& entries);

/// `ip -j route show` (either family): routes through a gateway.
Expected<std::vector<core::DesiredRoute>> parse_routes(const std::string& json);

}  // namespace dcod::plugins
