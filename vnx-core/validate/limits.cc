// Whole-scenario limits: hosts exist, simulated hosts fit the underlay, IPv6 fits the MTU.

#include "validate/rules.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

void check_underlay(const Scenario& s, Diagnostics& d) {
  std::size_t simulated = 0;
  for (const Host& h : s.hosts) simulated += h.is_simulated() ? 1 : 0;
  // One address per simulated host.
  std::uint64_t usable = s.global.underlay_subnet.usable_v4_hosts();
  if (simulated > usable) {
    d.error(s.global.underlay_where.line ? s.global.underlay_where : s.where,
            "/scenario/global/underlay",
            "subnet " + s.global.underlay_subnet.to_string() + " has room for " +
                std::to_string(usable) + " hosts, but the scenario has " +
                std::to_string(simulated) + " simulated hosts",
            "give <underlay subnet=...> a shorter prefix");
  }
}

void check_ipv6_mtu(const Scenario& s, Diagnostics& d) {
  if (s.global.vm_mtu() >= 1280) return;
  for (const Vm& vm : s.vms) {
    for (const Interface& i : vm.interfaces) {
      if (i.ipv6.empty()) continue;
      d.error(i.where, path_of_interface(vm, i),
              "IPv6 needs an MTU of 1280, but VMs get " + std::to_string(s.global.vm_mtu()) +
                  " (underlay-mtu " + std::to_string(s.global.underlay_mtu) + " - 50)",
              "raise <overlay underlay-mtu=...> to at least 1330");
      return;
    }
  }
}

void check_unused_nets(const Scenario& s, Diagnostics& d) {
  std::vector<bool> used(s.nets.size(), false);
  for (const Vm& vm : s.vms) {
    for (const Interface& i : vm.interfaces) {
      auto it = s.net_index.find(i.net);
      if (it != s.net_index.end()) used[it->second] = true;
    }
  }
  for (std::size_t n = 0; n < s.nets.size(); ++n) {
    if (!used[n] && !s.nets[n].name.empty() && !s.hosts_file) {  // a hosts file's nets pin VNIs
      d.warning(s.nets[n].where, path_of_net(s.nets[n]),
                "net '" + s.nets[n].name + "' has no interfaces");
    }
  }
}

void check_pinned_images(const Scenario& s, const BackendCatalog& backends, Diagnostics& d) {
  for (const Vm& vm : s.vms) {
    auto it = s.host_index.find(vm.pinned_host);
    if (it == s.host_index.end()) continue;
    const Host& host = s.hosts[it->second];
    const BackendTraits* traits = find_traits(backends, host.backend);
    if (traits && traits->needs_image && !vm.image) {
      d.error(vm.where, path_of_vm(vm),
              "VM '" + vm.name + "' is pinned to " + traits->label + " host '" + host.name +
                  "' but has no <image>",
              "add <image clone-of=\"BASE\"/> or <image ova=\"FILE\"/>");
    }
  }
}

}  // namespace

void check_limits(const Scenario& s, const BackendCatalog& backends, Diagnostics& d) {
  if (s.hosts.empty()) {
    d.error(s.where, "/scenario", "the scenario declares no host",
            "add <host name=\"hv1\" backend=\"netns\"/>");
  }
  check_underlay(s, d);
  check_ipv6_mtu(s, d);
  check_unused_nets(s, d);
  check_pinned_images(s, backends, d);
}

}  // namespace dcod::core
