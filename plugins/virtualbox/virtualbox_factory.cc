#include "virtualbox/virtualbox_factory.h"

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

/// A VirtualBox host while the backend's host side is not built: it knows its end point only
/// when the scenario gives the proxy VM's address, and refuses everything else with one clear
/// message.
class UnbuiltVirtualBoxHost : public core::HostBackend {
 public:
  explicit UnbuiltVirtualBoxHost(core::Host host) : m_host(std::move(host)) {}

  /// A static proxy address from the scenario, or the one the state record kept.
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
    return Error{"host " + m_host.name + " uses the VirtualBox backend, which is not built yet",
                 "the other hosts are served; VirtualBox hosts come with a later dcod",
                 ErrorCode::failed, ErrorContext{m_host.name, "", "", 0, 0}};
  }

  core::Host m_host;
};

Expected<BackendSet> create_virtualbox(const BackendContext& ctx,
                                       const std::vector<std::uint32_t>& hosts) {
  BackendSet set;
  for (std::uint32_t index : hosts)
    set.hosts.push_back(std::make_unique<UnbuiltVirtualBoxHost>(ctx.hosts[index]));
  return set;
}

}  // namespace

BackendFactory virtualbox_backend_factory() {
  return {virtualbox_traits(), "VirtualBox VMs on Windows and Linux hypervisors (not built yet)",
          false, create_virtualbox};
}

}  // namespace dcod::plugins
