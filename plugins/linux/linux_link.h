#pragma once

// What a Linux network namespace holds, as iproute2 or rtnetlink report it: the raw material the
// netns backend and the proxy configurator turn into the neutral observed state.

#include <cstdint>
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

/// A namespace's links, static gateway routes and IP forwarding switches.
struct NamespaceView {
  std::vector<LinuxLink> links;
  std::vector<core::DesiredRoute> routes;
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
