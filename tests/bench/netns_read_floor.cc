// The kernel's own cost of what a no-op --create reads on a desk: every namespace whose name
// begins with PREFIX entered, and asked through rtnetlink what dcod's reader asks of a VM (the
// links, both families' addresses and static routes, the forwarding of both families), on
// THREADS threads at once. The replies are received and thrown away: no parsing, no model.
// Prints the wall time in milliseconds and the number of namespaces. Bench-only.
// usage: dcod_netns_read_floor PREFIX THREADS

#include <dirent.h>
#include <fcntl.h>
#include <linux/netconf.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t k_receive_size = 1 << 16;

/// Sends one request of `type` with `body`, then receives up to its end.
template <typename Body>
bool ask(int fd, int type, int flags, const Body& body, char* buffer) {
  struct {
    nlmsghdr header;
    Body body;
  } request{};
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type = static_cast<unsigned short>(type);
  request.header.nlmsg_flags = static_cast<unsigned short>(NLM_F_REQUEST | flags);
  request.body = body;
  if (::send(fd, &request, sizeof request, 0) < 0) return false;
  for (;;) {
    ssize_t n = ::recv(fd, buffer, k_receive_size, 0);
    if (n < 0) return false;
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, left);
         h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return true;
      if (!(flags & NLM_F_DUMP)) return true;
    }
  }
}

struct LinkBody {
  ifinfomsg info;
  rtattr mask_header;
  std::uint32_t mask;
};

struct NetconfBody {
  netconfmsg info;
  unsigned char pad[NLMSG_ALIGN(sizeof(netconfmsg)) - sizeof(netconfmsg)];
  rtattr index_header;
  int index;
};

/// What a no-op asks of one VM's namespace, asked of the one the calling thread is in.
bool read_current(char* buffer) {
  int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return false;
  int on = 1;
  ::setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &on, sizeof on);
  LinkBody link{};
  link.mask_header.rta_type = IFLA_EXT_MASK;
  link.mask_header.rta_len = RTA_LENGTH(sizeof link.mask);
  link.mask = RTEXT_FILTER_SKIP_STATS;
  bool ok = ask(fd, RTM_GETLINK, NLM_F_DUMP, link, buffer);
  for (unsigned char family : {AF_INET, AF_INET6}) {
    ifaddrmsg address{};
    address.ifa_family = family;
    rtmsg route{};
    route.rtm_family = family;
    route.rtm_protocol = RTPROT_STATIC;
    NetconfBody netconf{};
    netconf.info.ncm_family = family;
    netconf.index_header.rta_type = NETCONFA_IFINDEX;
    netconf.index_header.rta_len = RTA_LENGTH(sizeof netconf.index);
    netconf.index = NETCONFA_IFINDEX_ALL;
    ok = ok && ask(fd, RTM_GETADDR, NLM_F_DUMP, address, buffer) &&
         ask(fd, RTM_GETROUTE, NLM_F_DUMP, route, buffer) &&
         ask(fd, RTM_GETNETCONF, 0, netconf, buffer);
  }
  ::close(fd);
  return ok;
}

std::vector<std::string> namespaces_with(const std::string& prefix) {
  std::vector<std::string> out;
  if (DIR* dir = ::opendir("/run/netns")) {
    while (dirent* e = ::readdir(dir)) {
      if (std::string(e->d_name).rfind(prefix, 0) == 0) out.emplace_back(e->d_name);
    }
    ::closedir(dir);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: dcod_netns_read_floor PREFIX THREADS\n");
    return 2;
  }
  const std::vector<std::string> names = namespaces_with(argv[1]);
  const int threads = std::max(1, std::atoi(argv[2]));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto started = std::chrono::steady_clock::now();
  auto take = [&] {
    auto buffer = std::make_unique_for_overwrite<char[]>(k_receive_size);
    for (std::size_t k = next++; k < names.size(); k = next++) {
      int fd = ::open(("/run/netns/" + names[k]).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0 || !read_current(buffer.get())) failed = true;
      if (fd >= 0) ::close(fd);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(take);
  for (std::thread& t : pool) t.join();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count();
  std::printf("%.2f %zu\n", ms, names.size());
  return failed ? 1 : 0;
}
