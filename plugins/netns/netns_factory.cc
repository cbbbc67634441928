#include "netns/netns_factory.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "netns/desk.h"
#include "netns/netns_host.h"
#include "session/ssh_login.h"
#include "util/words.h"

namespace dcod::plugins {

namespace {

/// True when this process holds CAP_SYS_ADMIN and CAP_NET_ADMIN (its effective set).
bool may_manage_namespaces() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) != 0) continue;
    std::uint64_t caps = std::strtoull(line.c_str() + 7, nullptr, 16);
    const std::uint64_t needed = (1ull << 21) | (1ull << 12);  // CAP_SYS_ADMIN, CAP_NET_ADMIN
    return (caps & needed) == needed;
  }
  return ::geteuid() == 0;
}

core::BackendTraits netns_traits() {
  core::BackendTraits t;
  t.name = "netns";
  t.label = "netns";
  t.simulates = true;
  t.systems = {"linux"};
  t.os_hint = "use backend=\"virtualbox\" for Windows";
  t.proxy_hint = "its VTEP lives in the host's own namespace";
  return t;
}

Expected<BackendSet> create_netns(const BackendContext& ctx,
                                  const std::vector<std::uint32_t>& hosts) {
  std::uint32_t simulated = 0;
  for (const core::Host& h : ctx.scenario.hosts) simulated += h.is_simulated() ? 1 : 0;
  auto desk = std::make_shared<Desk>(ctx.scenario.name, std::max<std::uint32_t>(simulated, 1),
                                     ctx.removing);
  BackendSet set;
  std::uint32_t rank = 0;
  for (std::uint32_t index : hosts) {
    const core::Host& host = ctx.hosts[index];
    NetnsHostSpec spec{host, ctx.scenario.name, ctx.scenario.global, {}, {}, ctx.ssh, ctx.timeout};
    spec.removing = ctx.removing;
    if (host.is_simulated()) {
      spec.simulated_rank = rank++;
    } else {
      auto login = ssh_login(host, ctx.scenario.file);
      if (!login) return login.error();
      spec.login = std::move(*login);
    }
    set.hosts.push_back(std::make_unique<NetnsHost>(std::move(spec), desk));
  }
  set.site = desk_site(desk, ctx.timeout);
  return set;
}

/// Simulated hosts are namespaces on this machine: making, entering and reading them takes
/// CAP_SYS_ADMIN and CAP_NET_ADMIN (root has both).
std::optional<Error> simulated_need_root(const core::Scenario& scenario) {
  std::vector<std::string> simulated;
  for (const core::Host& h : scenario.hosts) {
    if (h.is_simulated()) simulated.push_back(h.name);
  }
  if (simulated.empty() || may_manage_namespaces()) return std::nullopt;
  std::string names = listed_names(simulated);
  return Error{std::string(simulated.size() == 1 ? "the simulated host " : "the simulated hosts ") +
                   names +
                   (simulated.size() == 1 ? " is a network namespace" : " are network namespaces") +
                   " on this machine: dcod needs root to make or read them",
               "run it as root (sudo dcod ...), or give it CAP_SYS_ADMIN and CAP_NET_ADMIN",
               ErrorCode::invalid};
}

}  // namespace

BackendFactory netns_backend_factory() {
  return {netns_traits(),
          "VMs as network namespaces: simulated hosts on this machine, remote Linux hosts over SSH",
          true, create_netns, simulated_need_root};
}

}  // namespace dcod::plugins
