#include "model/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>

namespace dcod::core {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int address_bits(IpFamily family) {
  return family == IpFamily::v4 ? 32 : 128;
}

bool host_bits_all(const IpPrefix& p, bool ones) {
  const int total = address_bits(p.address.family);
  for (int bit = p.length; bit < total; ++bit) {
    bool set = (p.address.bytes[bit / 8] >> (7 - bit % 8)) & 1;
    if (set != ones) return false;
  }
  return true;
}

}  // namespace

std::string MacAddress::to_string() const {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", octets[0], octets[1], octets[2],
                octets[3], octets[4], octets[5]);
  return buf;
}

std::optional<MacAddress> parse_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  MacAddress mac;
  for (std::size_t i = 0; i < 6; ++i) {
    int high = hex_value(text[i * 3]);
    int low = hex_value(text[i * 3 + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    if (i < 5 && text[i * 3 + 2] != ':') return std::nullopt;
    mac.octets[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return mac;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  int af = family == IpFamily::v4 ? AF_INET : AF_INET6;
  return inet_ntop(af, bytes.data(), buf, sizeof buf) ? buf : "?";
}

std::string IpPrefix::to_string() const {
  return address.to_string() + "/" + std::to_string(length);
}

bool IpPrefix::is_network_or_broadcast() const {
  const int total = address_bits(address.family);
  if (length >= total - 1) return false;  // /31, /32, /127, /128: every address is a host
  if (host_bits_all(*this, false)) return true;
  return address.family == IpFamily::v4 && host_bits_all(*this, true);
}

IpPrefix IpPrefix::network() const {
  IpPrefix net = *this;
  const int total = address_bits(address.family);
  for (int bit = length; bit < total; ++bit) {
    net.address.bytes[bit / 8] &= static_cast<std::uint8_t>(~(1u << (7 - bit % 8)));
  }
  return net;
}

bool IpPrefix::contains(const IpAddress& a) const {
  if (a.family != address.family) return false;
  return IpPrefix{a, length}.network() == network();
}

bool IpPrefix::overlaps(const IpPrefix& other) const {
  const IpPrefix& wider = length <= other.length ? *this : other;
  const IpPrefix& narrower = length <= other.length ? other : *this;
  return wider.contains(narrower.address);
}

std::uint64_t IpPrefix::usable_v4_hosts() const {
  if (address.family != IpFamily::v4) return 0;
  if (length >= 31) return length == 32 ? 1 : 2;
  return (std::uint64_t{1} << (32 - length)) - 2;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = IpFamily::v4;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = IpFamily::v6;
    return a;
  }
  return std::nullopt;
}

std::optional<IpPrefix> parse_ip_prefix(std::string_view text, IpFamily family) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto address = parse_ip_address(text.substr(0, slash));
  if (!address || address->family != family) return std::nullopt;
  std::string_view digits = text.substr(slash + 1);
  int length = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  if (length < 0 || length > address_bits(family)) return std::nullopt;
  return IpPrefix{*address, length};
}

}  // namespace dcod::core
