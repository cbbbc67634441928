#include "virtualbox/virtualbox_factory.h"

#include "session/ssh_login.h"
#include "virtualbox/vbox_platform.h"
#include "virtualbox/virtualbox_host.h"

namespace dcod::plugins {

namespace {

core::BackendTraits virtualbox_traits() {
  core::BackendTraits t;
  t.name = "virtualbox";
  t.label = "VirtualBox";
  t.address_hint = "VirtualBox hosts are reached over SSH";
  t.systems = {"windows", "linux"};
  t.needs_os = true;
  t.takes_proxy = true;
  t.needs_proxy = true;
  t.proxy_hint = "name the VM on that host that carries the VXLAN tunnels";
  t.takes_vboxmanage = true;
  t.needs_image = true;
  t.chipset_limits = true;
  t.configures_guests = false;
  return t;
}

/// The proxy VM's login: its own user and secret from <proxy>, the address once known.
Expected<SshEndpoint> proxy_login(const core::Host& host, const std::string& file) {
  core::Host as_host;
  as_host.name = host.name + " (proxy VM " + host.proxy->vm + ")";
  as_host.user = host.proxy->user.empty() ? "root" : host.proxy->user;
  as_host.identity = host.proxy->identity;
  as_host.password_env = host.proxy->password_env;
  as_host.password_file = host.proxy->password_file;
  as_host.where = host.proxy->where;
  return ssh_login(as_host, file);
}

/// The scenario's VMs placed on host `index`, and the VNIs they are on.
void placed_on(const BackendContext& ctx, std::uint32_t index, VirtualBoxHostSpec& spec) {
  const core::Scenario& s = ctx.scenario;
  for (std::size_t v = 0; v < s.vms.size() && v < ctx.placement.host_of_vm.size(); ++v) {
    if (ctx.placement.host_of_vm[v] != index) continue;
    spec.vms.push_back(s.vms[v].name);
    for (const core::Interface& i : s.vms[v].interfaces) spec.vnis.insert(s.nets[i.net_index].vni);
  }
}

Expected<std::unique_ptr<core::HostBackend>> make_host(const BackendContext& ctx,
                                                       std::uint32_t index) {
  const core::Host& host = ctx.hosts[index];
  const VBoxPlatform* platform = vbox_platform(host.os);
  if (!platform || !host.proxy)  // the validator makes sure neither happens
    return Error{"host " + host.name + " needs os=\"linux\" or os=\"windows\" and a <proxy>", "",
                 ErrorCode::invalid, ErrorContext{host.name, "", "", 0, 0}};
  VirtualBoxHostSpec spec;
  spec.host = host;
  spec.scenario = ctx.scenario.name;
  spec.scenario_file = ctx.scenario.file;
  spec.global = ctx.scenario.global;
  spec.platform = platform;
  if (index < ctx.scenario.hosts.size()) placed_on(ctx, index, spec);
  auto recorded = ctx.recorded_vms.find(host.name);
  if (recorded != ctx.recorded_vms.end()) spec.recorded_vms = recorded->second;
  auto login = ssh_login(host, ctx.scenario.file);
  if (!login) return login.error();
  spec.login = std::move(*login);
  auto proxy = proxy_login(host, ctx.scenario.file);
  if (!proxy) return proxy.error();
  spec.proxy_login = std::move(*proxy);
  spec.ssh = ctx.ssh;
  spec.timeout = ctx.timeout;
  return std::unique_ptr<core::HostBackend>(std::make_unique<VirtualBoxHost>(std::move(spec)));
}

Expected<BackendSet> create_virtualbox(const BackendContext& ctx,
                                       const std::vector<std::uint32_t>& hosts) {
  BackendSet set;
  for (std::uint32_t index : hosts) {
    auto host = make_host(ctx, index);
    if (!host) return host.error();
    set.hosts.push_back(std::move(*host));
  }
  return set;
}

}  // namespace

BackendFactory virtualbox_backend_factory() {
  return {virtualbox_traits(),
          "VirtualBox VMs on Linux and Windows hypervisors, VXLAN in a proxy VM per host", false,
          create_virtualbox};
}

}  // namespace dcod::plugins
