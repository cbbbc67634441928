#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dcod::core {

/// An Ethernet address; parsed from "02:00:00:00:01:01" (colon-separated hex octets).
struct MacAddress {
  std::array<std::uint8_t, 6> octets{};

  /// True for a multicast/broadcast address (low bit of the first octet set).
  bool is_multicast() const { return (octets[0] & 1) != 0; }
  bool is_zero() const { return octets == std::array<std::uint8_t, 6>{}; }
  /// Lower-case colon form, the way iproute2 prints it.
  std::string to_string() const;
  auto operator<=>(const MacAddress&) const = default;
};

/// Parses six colon-separated hex octets; nothing else is accepted.
std::optional<MacAddress> parse_mac(std::string_view text);

enum class IpFamily { v4, v6 };

/// An IP address (v4 or v6) in network byte order; v4 uses the first 4 bytes.
struct IpAddress {
  IpFamily family = IpFamily::v4;
  std::array<std::uint8_t, 16> bytes{};

  std::string to_string() const;
  auto operator<=>(const IpAddress&) const = default;
};

/// An interface address with its prefix length, as in "10.1.0.1/24".
struct IpPrefix {
  IpAddress address;
  int length = 0;

  std::string to_string() const;
  /// True when the address has all host bits zero (a network address) or, for IPv4 up to /30,
  /// all ones (a broadcast address): neither may be given to an interface.
  bool is_network_or_broadcast() const;
  /// The prefix with host bits cleared.
  IpPrefix network() const;
  /// True when `a` lies in this prefix's subnet.
  bool contains(const IpAddress& a) const;
  /// True when the two subnets share an address.
  bool overlaps(const IpPrefix& other) const;
  /// Number of host addresses usable in an IPv4 prefix (without network and broadcast).
  std::uint64_t usable_v4_hosts() const;
  auto operator<=>(const IpPrefix&) const = default;
};

/// Parses an IPv4 or IPv6 address without prefix.
std::optional<IpAddress> parse_ip_address(std::string_view text);
/// Parses "ADDRESS/LENGTH" of the given family; the length is required.
std::optional<IpPrefix> parse_ip_prefix(std::string_view text, IpFamily family);

}  // namespace dcod::core
