#include "netlink/netns_writer.h"

// No linux/if.h: net/if.h (if_nametoindex) defines the same names, and the two cannot be had.
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <vector>

namespace dcod::plugins {

namespace {

/// The device's index in this namespace; 0 when there is none.
unsigned index_of(const std::string& device) {
  return ::if_nametoindex(device.c_str());
}

std::string no_device(const std::string& device) {
  return "Cannot find device \"" + device + "\"";
}

unsigned char family_of(const core::IpAddress& ip) {
  return ip.family == core::IpFamily::v6 ? AF_INET6 : AF_INET;
}

std::size_t size_of(const core::IpAddress& ip) {
  return ip.family == core::IpFamily::v6 ? 16 : 4;
}

/// The scope `ip` gives an address when none is said: host for 127/8, link for fe80::/10.
unsigned char default_scope(const core::IpAddress& ip) {
  if (ip.family == core::IpFamily::v4)
    return ip.bytes[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
  return ip.bytes[0] == 0xfe && (ip.bytes[1] & 0xc0) == 0x80 ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
}

/// An address found on the device, as a deletion names it.
struct FoundAddress {
  unsigned char family;
  unsigned char prefix_length;
  std::vector<char> local;
};

}  // namespace

std::optional<std::string> NetnsWriter::apply(const IpRequest& request) {
  if (const auto* set = std::get_if<LinkSet>(&request)) return set_link(*set);
  if (const auto* set = std::get_if<AddressSet>(&request)) return set_address(*set);
  return flush(std::get<AddressFlush>(request));
}

std::optional<std::string> NetnsWriter::set_link(const LinkSet& set) {
  unsigned index = index_of(set.device);
  if (index == 0) return no_device(set.device);
  ifinfomsg body{};
  body.ifi_family = AF_UNSPEC;
  body.ifi_index = static_cast<int>(index);
  if (set.up) {
    body.ifi_change = IFF_UP;
    body.ifi_flags = *set.up ? IFF_UP : 0;
  }
  RtnlMessage m(RTM_NEWLINK, 0);
  m.body(&body, sizeof body);
  if (set.alias) m.attribute(IFLA_IFALIAS, *set.alias);
  if (set.address)
    m.attribute(IFLA_ADDRESS, set.address->octets.data(), set.address->octets.size());
  if (set.mtu) m.attribute(IFLA_MTU, &*set.mtu, sizeof *set.mtu);
  if (set.no_address_generation) {
    std::size_t spec = m.begin_nest(IFLA_AF_SPEC);
    std::size_t inet6 = m.begin_nest(AF_INET6);
    std::uint8_t mode = IN6_ADDR_GEN_MODE_NONE;
    m.attribute(IFLA_INET6_ADDR_GEN_MODE, &mode, sizeof mode);
    m.end_nest(inet6);
    m.end_nest(spec);
  }
  return m_socket.request(m);
}

std::optional<std::string> NetnsWriter::set_address(const AddressSet& set) {
  unsigned index = index_of(set.device);
  if (index == 0) return no_device(set.device);
  const core::IpAddress& ip = set.prefix.address;
  std::uint32_t flags = set.nodad ? IFA_F_NODAD : 0;
  ifaddrmsg body{};
  body.ifa_family = family_of(ip);
  body.ifa_prefixlen = static_cast<unsigned char>(set.prefix.length);
  body.ifa_flags = static_cast<unsigned char>(flags);
  body.ifa_scope = default_scope(ip);
  body.ifa_index = index;
  RtnlMessage m(RTM_NEWADDR, NLM_F_CREATE | (set.replace ? NLM_F_REPLACE : NLM_F_EXCL));
  m.body(&body, sizeof body);
  m.attribute(IFA_LOCAL, ip.bytes.data(), size_of(ip));
  m.attribute(IFA_ADDRESS, ip.bytes.data(), size_of(ip));
  m.attribute(IFA_FLAGS, &flags, sizeof flags);
  return m_socket.request(m);
}

std::optional<std::string> NetnsWriter::flush(const AddressFlush& flush) {
  unsigned index = index_of(flush.device);
  if (index == 0) return no_device(flush.device);
  std::vector<FoundAddress> found;
  ifaddrmsg query{};
  query.ifa_family = AF_UNSPEC;
  query.ifa_index = index;
  RtnlMessage dump(RTM_GETADDR, 0);
  dump.body(&query, sizeof query);
  auto failed = m_socket.dump(dump, [&](const void* raw) {
    const auto* h = static_cast<const nlmsghdr*>(raw);
    if (h->nlmsg_type != RTM_NEWADDR) return;
    const auto* ifa = static_cast<const ifaddrmsg*>(NLMSG_DATA(h));
    if (ifa->ifa_index != index || ifa->ifa_scope != flush.scope) return;
    int left = static_cast<int>(IFA_PAYLOAD(h));
    FoundAddress a{ifa->ifa_family, ifa->ifa_prefixlen, {}};
    for (const auto* at = IFA_RTA(ifa); RTA_OK(at, left); at = RTA_NEXT(at, left)) {
      // IPv4 names its own address IFA_LOCAL (IFA_ADDRESS may be a peer's); IPv6 has only the
      // latter.
      if (at->rta_type == IFA_LOCAL || (at->rta_type == IFA_ADDRESS && a.local.empty())) {
        const char* data = static_cast<const char*>(RTA_DATA(at));
        a.local.assign(data, data + RTA_PAYLOAD(at));
      }
    }
    if (!a.local.empty()) found.push_back(std::move(a));
  });
  if (failed) return failed;
  for (const FoundAddress& a : found) {
    ifaddrmsg body{};
    body.ifa_family = a.family;
    body.ifa_prefixlen = a.prefix_length;
    body.ifa_index = index;
    RtnlMessage m(RTM_DELADDR, 0);
    m.body(&body, sizeof body);
    m.attribute(IFA_LOCAL, a.local.data(), a.local.size());
    // An IPv4 secondary address goes with its primary: already gone is as good as deleted.
    auto refused = m_socket.request(m);
    if (refused && m_socket.refused_errno() != EADDRNOTAVAIL) return refused;
  }
  return std::nullopt;
}

}  // namespace dcod::plugins
