#pragma once

// The `ip -batch` lines dcod writes for inside a VM (netns_steps.cc), read into requests the
// netlink writer makes itself: `link set`, `addr add|replace` and `addr flush` with the words
// dcod uses. Any other line is refused by name, never guessed at.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "model/address.h"
#include "util/expected.h"

namespace dcod::plugins {

/// `link set DEV [alias TEXT] [address MAC] [mtu N] [addrgenmode none] [up|down]`.
struct LinkSet {
  std::string device;
  std::optional<std::string> alias;
  std::optional<core::MacAddress> address;
  std::optional<std::uint32_t> mtu;
  std::optional<bool> up;
  bool no_address_generation = false;
};

/// `addr add|replace PREFIX dev DEV [nodad]`.
struct AddressSet {
  bool replace = false;
  core::IpPrefix prefix;
  std::string device;
  bool nodad = false;
};

/// `addr flush dev DEV scope global|link|host`: every address of that scope, both families.
struct AddressFlush {
  std::string device;
  std::uint8_t scope = 0;  // RT_SCOPE_UNIVERSE (global), RT_SCOPE_LINK, RT_SCOPE_HOST
};

/// One request of a line.
using IpRequest = std::variant<LinkSet, AddressSet, AddressFlush>;

/// Reads one line; an error names what is not understood.
Expected<IpRequest> parse_ip_line(std::string_view line);

}  // namespace dcod::plugins
