#pragma once

#include <compare>
#include <string>

namespace dcod::core {

/// Where a host's VXLAN tunnels end: the address every other host sends that host's traffic to.
/// Resolved by the host's backend, not assumed: a simulated host takes one from <underlay>, a
/// remote Linux host has `underlay-address` (or its `address`), a VirtualBox host's proxy VM is
/// known only once it runs.
struct Endpoint {
  std::string host;     // the host it belongs to
  std::string address;  // empty: not known until the host's proxy runs

  bool known() const { return !address.empty(); }
  /// "hv2 (198.18.0.2)", or "win1 (known once its proxy runs)".
  std::string describe() const {
    return host + " (" + (known() ? address : std::string("known once its proxy runs")) + ")";
  }
  auto operator<=>(const Endpoint&) const = default;
};

}  // namespace dcod::core
