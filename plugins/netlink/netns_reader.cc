#include "netlink/netns_reader.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

namespace dcod::plugins {

namespace {

/// A netlink route socket, closed on scope exit.
class RouteSocket {
 public:
  RouteSocket() : m_fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) {}
  ~RouteSocket() {
    if (m_fd >= 0) ::close(m_fd);
  }
  int fd() const { return m_fd; }

  /// Sends a dump request of `type` for `family` and hands every reply message to `on_message`.
  template <typename OnMessage>
  std::optional<std::string> dump(int type, unsigned char family, OnMessage on_message) {
    struct {
      nlmsghdr header;
      rtgenmsg body;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = static_cast<unsigned short>(type);
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = ++m_seq;
    request.body.rtgen_family = family;
    if (::send(m_fd, &request, sizeof request, 0) < 0)
      return std::string("send: ") + std::strerror(errno);
    std::vector<char> buffer(1 << 16);
    for (;;) {
      ssize_t n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        return std::string("recv: ") + std::strerror(errno);
      }
      int left = static_cast<int>(n);
      for (auto* h = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(h, left);
           h = NLMSG_NEXT(h, left)) {
        if (h->nlmsg_type == NLMSG_DONE) return std::nullopt;
        if (h->nlmsg_type == NLMSG_ERROR) return std::string("netlink error in dump");
        on_message(h);
      }
    }
  }

 private:
  int m_fd;
  unsigned m_seq = 0;
};

/// Attributes of one message, by type (the last one of a type wins).
std::map<unsigned short, rtattr*> attributes(rtattr* first, int length) {
  std::map<unsigned short, rtattr*> out;
  for (rtattr* a = first; RTA_OK(a, length); a = RTA_NEXT(a, length))
    out[a->rta_type & NLA_TYPE_MASK] = a;
  return out;
}

std::string text_of(rtattr* a) {
  const char* data = static_cast<const char*>(RTA_DATA(a));
  return std::string(data, strnlen(data, RTA_PAYLOAD(a)));
}

std::optional<core::IpAddress> address_of(rtattr* a, unsigned char family) {
  core::IpAddress ip;
  ip.family = family == AF_INET6 ? core::IpFamily::v6 : core::IpFamily::v4;
  std::size_t size = family == AF_INET6 ? 16 : 4;
  if (RTA_PAYLOAD(a) < size) return std::nullopt;
  std::memcpy(ip.bytes.data(), RTA_DATA(a), size);
  return ip;
}

std::string kind_of(rtattr* linkinfo) {
  auto nested =
      attributes(static_cast<rtattr*>(RTA_DATA(linkinfo)), static_cast<int>(RTA_PAYLOAD(linkinfo)));
  return nested.count(IFLA_INFO_KIND) ? text_of(nested[IFLA_INFO_KIND]) : "";
}

struct Reader {
  NamespaceView vm;
  std::map<int, std::size_t> link_at;  // ifindex -> index into vm.links
  std::map<int, int> master_of;        // ifindex -> master ifindex

  void on_link(nlmsghdr* h) {
    auto* info = static_cast<ifinfomsg*>(NLMSG_DATA(h));
    auto a = attributes(IFLA_RTA(info), static_cast<int>(IFLA_PAYLOAD(h)));
    LinuxLink link;
    if (a.count(IFLA_IFNAME)) link.name = text_of(a[IFLA_IFNAME]);
    if (a.count(IFLA_IFALIAS)) link.alias = text_of(a[IFLA_IFALIAS]);
    if (a.count(IFLA_MTU)) link.mtu = *static_cast<std::uint32_t*>(RTA_DATA(a[IFLA_MTU]));
    if (a.count(IFLA_ADDRESS) && RTA_PAYLOAD(a[IFLA_ADDRESS]) == 6) {
      core::MacAddress mac;
      std::memcpy(mac.octets.data(), RTA_DATA(a[IFLA_ADDRESS]), 6);
      link.mac = mac;
    }
    if (a.count(IFLA_LINKINFO)) link.kind = kind_of(a[IFLA_LINKINFO]);
    if (a.count(IFLA_MASTER))
      master_of[info->ifi_index] = *static_cast<int*>(RTA_DATA(a[IFLA_MASTER]));
    link.up = (info->ifi_flags & IFF_UP) != 0;
    link_at[info->ifi_index] = vm.links.size();
    vm.links.push_back(std::move(link));
  }

  void on_address(nlmsghdr* h) {
    auto* info = static_cast<ifaddrmsg*>(NLMSG_DATA(h));
    if (info->ifa_scope != RT_SCOPE_UNIVERSE || !link_at.count(static_cast<int>(info->ifa_index)))
      return;
    auto a = attributes(IFA_RTA(info), static_cast<int>(IFA_PAYLOAD(h)));
    rtattr* local = a.count(IFA_LOCAL)     ? a[IFA_LOCAL]
                    : a.count(IFA_ADDRESS) ? a[IFA_ADDRESS]
                                           : nullptr;
    if (!local) return;
    if (auto ip = address_of(local, info->ifa_family)) {
      vm.links[link_at[static_cast<int>(info->ifa_index)]].addresses.push_back(
          {*ip, info->ifa_prefixlen});
    }
  }

  void on_route(nlmsghdr* h) {
    auto* info = static_cast<rtmsg*>(NLMSG_DATA(h));
    if (info->rtm_protocol != RTPROT_STATIC) return;
    auto a = attributes(RTM_RTA(info), static_cast<int>(RTM_PAYLOAD(h)));
    if (!a.count(RTA_GATEWAY)) return;
    auto gateway = address_of(a[RTA_GATEWAY], info->rtm_family);
    if (!gateway) return;
    core::DesiredRoute route;
    route.gateway = *gateway;
    if (info->rtm_dst_len > 0 && a.count(RTA_DST)) {
      if (auto dst = address_of(a[RTA_DST], info->rtm_family))
        route.destination = core::IpPrefix{*dst, info->rtm_dst_len};
    }
    vm.routes.push_back(route);
  }

  void resolve_masters() {
    for (const auto& [index, master] : master_of) {
      if (link_at.count(master)) vm.links[link_at[index]].master = vm.links[link_at[master]].name;
    }
  }
};

bool read_flag(const char* path) {
  std::ifstream in(path);
  int value = 0;
  in >> value;
  return value == 1;
}

/// Runs on a thread of its own: entering a namespace changes only the calling thread.
Expected<NamespaceView> read_in_thread(int netns_fd, const std::string& netns) {
  if (::setns(netns_fd, CLONE_NEWNET) != 0) {
    return Error{"cannot enter namespace " + netns + ": " + std::strerror(errno),
                 "dcod needs root"};
  }
  RouteSocket socket;
  if (socket.fd() < 0) return Error{"netlink socket in " + netns + ": " + std::strerror(errno), ""};
  Reader r;
  std::optional<std::string> failed =
      socket.dump(RTM_GETLINK, AF_UNSPEC, [&](nlmsghdr* h) { r.on_link(h); });
  if (!failed) failed = socket.dump(RTM_GETADDR, AF_UNSPEC, [&](nlmsghdr* h) { r.on_address(h); });
  if (!failed) failed = socket.dump(RTM_GETROUTE, AF_UNSPEC, [&](nlmsghdr* h) { r.on_route(h); });
  if (failed) return Error{"reading namespace " + netns + ": " + *failed, ""};
  r.resolve_masters();
  r.vm.forwarding_v4 = read_flag("/proc/sys/net/ipv4/ip_forward");
  r.vm.forwarding_v6 = read_flag("/proc/sys/net/ipv6/conf/all/forwarding");
  return r.vm;
}

}  // namespace

Expected<NamespaceView> read_netns(const std::string& netns) {
  int fd = ::open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot open namespace " + netns + ": " + std::strerror(errno), ""};
  Expected<NamespaceView> result = Error{"not read", ""};
  std::thread reader([&] { result = read_in_thread(fd, netns); });
  reader.join();
  ::close(fd);
  return result;
}

}  // namespace dcod::plugins
