#include "netns/netns_factory.h"

#include "netns/desk.h"
#include "netns/netns_host.h"
#include "session/ssh_login.h"

namespace dcod::plugins {

namespace {

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
  auto desk = std::make_shared<Desk>(ctx.scenario.name, std::max<std::uint32_t>(simulated, 1));
  BackendSet set;
  std::uint32_t rank = 0;
  for (std::uint32_t index : hosts) {
    const core::Host& host = ctx.hosts[index];
    NetnsHostSpec spec{host, ctx.scenario.name, ctx.scenario.global, {}, {}, ctx.ssh, ctx.timeout};
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

}  // namespace

BackendFactory netns_backend_factory() {
  return {netns_traits(),
          "VMs as network namespaces: simulated hosts on this machine, remote Linux hosts over SSH",
          true, create_netns};
}

}  // namespace dcod::plugins
