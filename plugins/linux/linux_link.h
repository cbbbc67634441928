#pragma once

// What a Linux network namespace holds, as iproute2 or rtnetlink report it: the raw material the
// netns backend and the proxy configurator turn into the neutral observed state.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "desire/desired_state.h"
#include "model/address.h"

namespace dcod::plugins {

/// VXLAN parameters of a link, as the kernel reports them.
struct LinuxVxlan {
  std::uint32_t id = 0;
  std::string local;
  std::uint16_t port = 0;
  bool learning = true;
  bool proxy = false;
};

/// A network interface in some namespace.
struct LinuxLink {
  std::string name;
  std::string kind;  // "bridge", "vxlan", "veth", ...
  std::string alias;
  std::string master;
  std::optional<core::MacAddress> mac;
  std::uint32_t mtu = 0;
  bool up = false;
  std::optional<LinuxVxlan> vxlan;
  std::vector<core::IpPrefix> addresses;  // global-scope addresses only
};

/// The entries on the VXLAN devices of a namespace, by device: all-zero FDB entries (the flood
/// list, by destination), static FDB entries for remote MACs, permanent neighbour entries.
struct BridgeEntries {
  std::map<std::string, std::vector<std::string>> flood;
  std::map<std::string, std::vector<core::FdbEntry>> fdb;
  std::map<std::string, std::vector<core::NeighEntry>> neigh;
};

/// A namespace's links, static gateway routes and IP forwarding switches, and (when read) the
/// entries on its VXLAN devices.
struct NamespaceView {
  std::vector<LinuxLink> links;
  BridgeEntries entries;
  std::vector<core::DesiredRoute> routes;
  /// The same routes by the link they leave through (read through rtnetlink only).
  std::map<std::string, std::vector<core::DesiredRoute>> routes_by_link;
  bool forwarding_v4 = false;
  bool forwarding_v6 = false;

  /// The link called `name`, or nullptr.
  const LinuxLink* link(const std::string& name) const {
    for (const LinuxLink& l : links) {
      if (l.name == name) return &l;
    }
    return nullptr;
  }
};

}  // namespace dcod::plugins
