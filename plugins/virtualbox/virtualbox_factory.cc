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

/// A host of an OS the backend does not run on yet: its end point when the scenario gives the
/// proxy VM's address, and one clear message for everything else, while other hosts converge.
class UnbuiltVirtualBoxHost : public core::HostBackend {
 public:
  explicit UnbuiltVirtualBoxHost(core::Host host) : m_host(std::move(host)) {}

  Expected<core::Endpoint> endpoint() override {
    std::string address = m_host.proxy ? m_host.proxy->underlay_address : "";
    if (address.empty()) address = m_host.underlay_address;
    return core::Endpoint{m_host.name, address};
  }
  Expected<core::Endpoint> bring_up_endpoint() override { return not_built(); }
  core::ObservedHost observe(const core::DesiredHost&) override {
    return core::ObservedHost::unreachable(not_built());
  }
  std::vector<core::ActionResult> run(const core::Plan&,
                                      const std::vector<std::size_t>& batch) override {
    return std::vector<core::ActionResult>(batch.size(), {false, describe(not_built())});
  }
  Expected<std::vector<core::CommandOutcome>> run_in_vm(const std::string&,
                                                        const std::vector<core::VmCommand>&,
                                                        bool) override {
    return not_built();
  }

 private:
  Error not_built() const {
    return Error{
        "host " + m_host.name + " runs VirtualBox on Windows, which dcod does not serve yet",
        "the other hosts are served; Windows hosts come with a later dcod", ErrorCode::failed,
        ErrorContext{m_host.name, "", "", 0, 0}};
  }

  core::Host m_host;
};

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
  if (!platform || !host.proxy)
    return std::unique_ptr<core::HostBackend>(std::make_unique<UnbuiltVirtualBoxHost>(host));
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
          "VirtualBox VMs on Linux hypervisors (Windows: not yet), VXLAN in a proxy VM per host",
          false, create_virtualbox};
}

}  // namespace dcod::plugins
