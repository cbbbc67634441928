#include "netlink/netns_reader.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <linux/neighbour.h>
#include <linux/netconf.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <thread>

#include "util/threads.h"

namespace dcod::plugins {

namespace {

/// What one recv of a dump may return at most (the kernel's replies fill up to 32 KiB).
constexpr std::size_t k_receive_size = 1 << 16;

/// A netlink route socket, closed on scope exit.
class RouteSocket {
 public:
  RouteSocket() : m_fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) {
    // Strict requests: the kernel then filters a dump by the request's fields (a route dump by
    // protocol) instead of filling a message for every object. A kernel without it (before
    // 4.20) answers in full, and the reader's own filters stand.
    int on = 1;
    if (m_fd >= 0) ::setsockopt(m_fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &on, sizeof on);
  }
  ~RouteSocket() {
    if (m_fd >= 0) ::close(m_fd);
  }
  int fd() const { return m_fd; }

  /// Asks for one object (a link by index) and hands the reply to `on_message`.
  template <typename Body, typename OnMessage>
  std::optional<std::string> get(int type, const Body& body, OnMessage on_message) {
    return request(type, NLM_F_REQUEST, body, on_message);
  }

  /// Sends a dump request with a body of the message's own type (ndmsg for neighbours and FDB)
  /// and hands every reply message to `on_message`.
  template <typename Body, typename OnMessage>
  std::optional<std::string> dump(int type, const Body& body, OnMessage on_message) {
    return request(type, NLM_F_REQUEST | NLM_F_DUMP, body, on_message);
  }

 private:
  /// Sends a request and reads its replies: up to NLMSG_DONE for a dump, one for a get.
  template <typename Body, typename OnMessage>
  std::optional<std::string> request(int type, int flags, const Body& body, OnMessage on_message) {
    struct {
      nlmsghdr header;
      Body body;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = static_cast<unsigned short>(type);
    request.header.nlmsg_flags = static_cast<unsigned short>(flags);
    request.header.nlmsg_seq = ++m_seq;
    request.body = body;
    if (::send(m_fd, &request, sizeof request, 0) < 0)
      return std::string("send: ") + std::strerror(errno);
    for (;;) {
      ssize_t n = ::recv(m_fd, m_buffer.get(), k_receive_size, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        return std::string("recv: ") + std::strerror(errno);
      }
      int left = static_cast<int>(n);
      for (auto* h = reinterpret_cast<nlmsghdr*>(m_buffer.get()); NLMSG_OK(h, left);
           h = NLMSG_NEXT(h, left)) {
        if (h->nlmsg_seq != m_seq) continue;
        if (h->nlmsg_type == NLMSG_DONE) return std::nullopt;
        if (h->nlmsg_type == NLMSG_ERROR) {
          int error = static_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
          return std::string("netlink: ") + std::strerror(-error);
        }
        on_message(h);
        if (!(flags & NLM_F_DUMP)) return std::nullopt;
      }
    }
  }

 private:
  int m_fd;
  unsigned m_seq = 0;
  // Made once per socket and never zeroed: recv fills what it returns, and a namespace's
  // dumps would otherwise clear 64 KiB each for replies of a few hundred bytes.
  std::unique_ptr<char[]> m_buffer = std::make_unique_for_overwrite<char[]>(k_receive_size);
};

/// Attributes of one message, by type (the last one of a type wins): a table on the stack, not
/// a map, for the hundreds of messages of a desk's reading (every type the reader asks for is
/// below k_types; those above are passed over).
class Attributes {
 public:
  static constexpr unsigned short k_types = 64;

  Attributes(rtattr* first, int length) {
    for (rtattr* a = first; RTA_OK(a, length); a = RTA_NEXT(a, length)) {
      unsigned short type = a->rta_type & NLA_TYPE_MASK;
      if (type < k_types) m_at[type] = a;
    }
  }
  /// Whether the message has an attribute of `type`.
  bool count(unsigned short type) const { return type < k_types && m_at[type]; }
  /// The attribute of `type`: only for a type count() finds.
  rtattr* operator[](unsigned short type) const { return m_at[type]; }

 private:
  std::array<rtattr*, k_types> m_at{};
};

Attributes attributes(rtattr* first, int length) {
  return Attributes(first, length);
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

Attributes nested(rtattr* a) {
  return attributes(static_cast<rtattr*>(RTA_DATA(a)), static_cast<int>(RTA_PAYLOAD(a)));
}

template <typename T>
T value_of(rtattr* a) {
  T v{};
  std::memcpy(&v, RTA_DATA(a), std::min<std::size_t>(sizeof v, RTA_PAYLOAD(a)));
  return v;
}

/// A VXLAN device's id, local address, port and flags (IFLA_INFO_DATA of kind "vxlan").
LinuxVxlan vxlan_of(rtattr* data) {
  auto a = nested(data);
  LinuxVxlan v;
  if (a.count(IFLA_VXLAN_ID)) v.id = value_of<std::uint32_t>(a[IFLA_VXLAN_ID]);
  if (a.count(IFLA_VXLAN_LOCAL)) {
    if (auto ip = address_of(a[IFLA_VXLAN_LOCAL], AF_INET)) v.local = ip->to_string();
  } else if (a.count(IFLA_VXLAN_LOCAL6)) {
    if (auto ip = address_of(a[IFLA_VXLAN_LOCAL6], AF_INET6)) v.local = ip->to_string();
  }
  if (a.count(IFLA_VXLAN_PORT)) v.port = ntohs(value_of<std::uint16_t>(a[IFLA_VXLAN_PORT]));
  v.learning = a.count(IFLA_VXLAN_LEARNING) && value_of<std::uint8_t>(a[IFLA_VXLAN_LEARNING]);
  v.proxy = a.count(IFLA_VXLAN_PROXY) && value_of<std::uint8_t>(a[IFLA_VXLAN_PROXY]);
  return v;
}

void read_kind(rtattr* linkinfo, LinuxLink& link) {
  auto info = nested(linkinfo);
  if (info.count(IFLA_INFO_KIND)) link.kind = text_of(info[IFLA_INFO_KIND]);
  if (link.kind == "vxlan" && info.count(IFLA_INFO_DATA))
    link.vxlan = vxlan_of(info[IFLA_INFO_DATA]);
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
    if (a.count(IFLA_LINKINFO)) read_kind(a[IFLA_LINKINFO], link);
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
    if (a.count(RTA_OIF)) {
      auto at = link_at.find(value_of<int>(a[RTA_OIF]));
      if (at != link_at.end()) vm.routes_by_link[vm.links[at->second].name].push_back(route);
    }
  }

  /// A neighbour (AF_INET/AF_INET6) or FDB (AF_BRIDGE) entry of a VXLAN device dcod names.
  void on_entry(nlmsghdr* h) {
    auto* info = static_cast<ndmsg*>(NLMSG_DATA(h));
    auto at = link_at.find(info->ndm_ifindex);
    if (at == link_at.end() || vm.links[at->second].name.rfind("dcx", 0) != 0) return;
    const std::string& dev = vm.links[at->second].name;
    auto a = attributes(
        reinterpret_cast<rtattr*>(reinterpret_cast<char*>(info) + NLMSG_ALIGN(sizeof *info)),
        static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *info)));
    if (!a.count(NDA_LLADDR) || RTA_PAYLOAD(a[NDA_LLADDR]) != 6 || !a.count(NDA_DST)) return;
    core::MacAddress mac;
    std::memcpy(mac.octets.data(), RTA_DATA(a[NDA_LLADDR]), 6);
    bool permanent = (info->ndm_state & NUD_PERMANENT) != 0;
    if (info->ndm_family == AF_BRIDGE) {
      unsigned char family = RTA_PAYLOAD(a[NDA_DST]) == 16 ? AF_INET6 : AF_INET;
      auto dst = address_of(a[NDA_DST], family);
      if (!dst) return;
      if (mac.is_zero())
        vm.entries.flood[dev].push_back(dst->to_string());
      else if (permanent)
        vm.entries.fdb[dev].push_back({mac, dst->to_string()});
    } else if (permanent) {
      if (auto ip = address_of(a[NDA_DST], info->ndm_family))
        vm.entries.neigh[dev].push_back({*ip, mac});
    }
  }

  /// The forwarding of the "all" pseudo-interface of one family (RTM_NEWNETCONF): what
  /// /proc/sys says, without its lookups, which grow with every namespace on the machine.
  void on_netconf(nlmsghdr* h) {
    auto* info = static_cast<netconfmsg*>(NLMSG_DATA(h));
    auto a = attributes(
        reinterpret_cast<rtattr*>(reinterpret_cast<char*>(info) + NLMSG_ALIGN(sizeof *info)),
        static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *info)));
    if (!a.count(NETCONFA_IFINDEX) || !a.count(NETCONFA_FORWARDING)) return;
    if (value_of<int>(a[NETCONFA_IFINDEX]) != NETCONFA_IFINDEX_ALL) return;
    const bool on = value_of<int>(a[NETCONFA_FORWARDING]) != 0;
    if (info->ncm_family == AF_INET) vm.forwarding_v4 = on;
    if (info->ncm_family == AF_INET6) vm.forwarding_v6 = on;
  }

  void resolve_masters() {
    for (const auto& [index, master] : master_of) {
      if (link_at.count(master)) vm.links[link_at[index]].master = vm.links[link_at[master]].name;
    }
  }
};

/// The body of a link dump without the counters, which dcod never reads: less for the kernel
/// to gather while it holds its lock, which all namespaces' dumps share.
struct LinkRequest {
  ifinfomsg info;
  rtattr mask_header;
  std::uint32_t mask;
};

/// Every namespace's loopback has the first index.
constexpr int k_loopback_index = 1;

/// The request for every link (`index` 0) or for the one of that index.
LinkRequest link_request(int index = 0) {
  LinkRequest r{};
  r.info.ifi_family = AF_UNSPEC;
  r.info.ifi_index = index;
  r.mask_header.rta_type = IFLA_EXT_MASK;
  r.mask_header.rta_len = RTA_LENGTH(sizeof r.mask);
  r.mask = RTEXT_FILTER_SKIP_STATS;
  return r;
}

/// The body of a request for one family's netconf of the "all" pseudo-interface.
struct NetconfRequest {
  netconfmsg info;
  unsigned char pad[NLMSG_ALIGN(sizeof(netconfmsg)) - sizeof(netconfmsg)];
  rtattr index_header;
  int index;
};

NetconfRequest netconf_request(unsigned char family) {
  NetconfRequest r{};
  r.info.ncm_family = family;
  r.index_header.rta_type = NETCONFA_IFINDEX;
  r.index_header.rta_len = RTA_LENGTH(sizeof r.index);
  r.index = NETCONFA_IFINDEX_ALL;
  return r;
}

/// Reads the namespace the calling thread is in; `netns` names it in messages.
Expected<NamespaceView> read_current(const std::string& netns, NamespaceParts parts) {
  RouteSocket socket;
  if (socket.fd() < 0) return Error{"netlink socket in " + netns + ": " + std::strerror(errno), ""};
  Reader r;
  std::optional<std::string> failed =
      parts.loopback_only
          ? socket.get(RTM_GETLINK, link_request(k_loopback_index),
                       [&](nlmsghdr* h) { r.on_link(h); })
          : socket.dump(RTM_GETLINK, link_request(), [&](nlmsghdr* h) { r.on_link(h); });
  for (unsigned char family : {AF_INET, AF_INET6}) {
    if (!failed && parts.addresses) {
      ifaddrmsg body{};
      body.ifa_family = family;
      failed = socket.dump(RTM_GETADDR, body, [&](nlmsghdr* h) { r.on_address(h); });
    }
    if (!failed && parts.routes) {
      rtmsg body{};  // the static routes only: dcod's; not the kernel's own of each address
      body.rtm_family = family;
      body.rtm_protocol = RTPROT_STATIC;
      failed = socket.dump(RTM_GETROUTE, body, [&](nlmsghdr* h) { r.on_route(h); });
    }
  }
  for (unsigned char family : {AF_BRIDGE, AF_UNSPEC}) {
    if (failed || !parts.entries) break;
    ndmsg body{};
    body.ndm_family = family;
    failed = socket.dump(RTM_GETNEIGH, body, [&](nlmsghdr* h) { r.on_entry(h); });
  }
  // Forwarding of the "all" pseudo-interface, asked for by family: two answers, where a dump
  // of every family (AF_UNSPEC) would list each link's and take the lock link dumps take.
  for (unsigned char family : {AF_INET, AF_INET6}) {
    if (!failed && parts.routes)
      failed = socket.get(RTM_GETNETCONF, netconf_request(family),
                          [&](nlmsghdr* h) { r.on_netconf(h); });
  }
  if (failed) return Error{"reading namespace " + netns + ": " + *failed, ""};
  r.resolve_masters();
  return r.vm;
}

/// Runs on a thread of its own: entering a namespace changes only the calling thread.
Expected<NamespaceView> read_in_thread(int netns_fd, const std::string& netns,
                                       NamespaceParts parts) {
  if (::setns(netns_fd, CLONE_NEWNET) != 0) {
    return Error{"cannot enter namespace " + netns + ": " + std::strerror(errno),
                 "dcod needs root"};
  }
  return read_current(netns, parts);
}

}  // namespace

Expected<NamespaceView> read_netns(const std::string& netns, NamespaceParts parts) {
  int fd = ::open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot open namespace " + netns + ": " + std::strerror(errno), ""};
  Expected<NamespaceView> result = Error{"not read", ""};
  std::thread reader([&] { result = read_in_thread(fd, netns, parts); });
  reader.join();
  ::close(fd);
  return result;
}

std::vector<Expected<NamespaceView>> read_netns_each(const std::vector<std::string>& names,
                                                     std::size_t width, NamespaceParts parts) {
  std::vector<Expected<NamespaceView>> read(names.size(), Error{"not read", ""});
  std::atomic<std::size_t> next{0};
  // Each thread enters one namespace after another and ends there: no thread per namespace, and
  // the caller's own namespace is never changed.
  auto take = [&] {
    for (std::size_t k = next++; k < names.size(); k = next++) {
      int fd = ::open(("/run/netns/" + names[k]).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        read[k] = Error{"cannot open namespace " + names[k] + ": " + std::strerror(errno), ""};
        continue;
      }
      read[k] = read_in_thread(fd, names[k], parts);
      ::close(fd);
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < std::min(std::max<std::size_t>(width, 1), names.size()); ++t) {
    if (auto thread = try_start_thread(take)) threads.push_back(std::move(*thread));
  }
  if (threads.empty() && !names.empty()) {
    std::thread last(take);  // the system refused every helper: one that must be had
    last.join();
  }
  for (std::thread& t : threads) t.join();
  return read;
}

bool netns_exists(const std::string& netns) {
  struct statfs fs {};
  return ::statfs(("/run/netns/" + netns).c_str(), &fs) == 0 &&
         static_cast<unsigned long>(fs.f_type) == NSFS_MAGIC;
}

Expected<NamespaceView> read_own_netns(NamespaceParts parts) {
  return read_current("of the director", parts);
}

}  // namespace dcod::plugins
