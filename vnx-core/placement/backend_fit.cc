// Rules that need the placement: what a VM or a host holds must fit the backend it lands on
// (a VirtualBox VM's adapters, a proxy VM's free slots, an image to make the VM from).

#include "placement/backend_fit.h"

#include <set>

#include "validate/validator.h"

namespace dcod::core {

namespace {

std::string chipset_name(Chipset c) {
  return c == Chipset::ich9 ? "ICH9" : "PIIX3";
}

/// A VM's interfaces within its chipset's adapters: eth<id> is adapter id + 1.
void check_adapters(const Vm& vm, const BackendTraits& t, Diagnostics& d) {
  const std::uint32_t limit = nic_limit(vm.chipset);
  const std::string hint = vm.chipset == Chipset::ich9 ? "use interface ids below 36"
                                                       : "give it chipset=\"ich9\" (36 adapters)";
  if (vm.interfaces.size() > limit) {
    d.error(vm.where, path_of_vm(vm),
            "VM '" + vm.name + "' has " + std::to_string(vm.interfaces.size()) +
                " interfaces, but a " + t.label + " VM with the " + chipset_name(vm.chipset) +
                " chipset has " + std::to_string(limit) + " network adapters",
            vm.chipset == Chipset::ich9 ? "give it fewer interfaces" : hint);
    return;
  }
  for (const Interface& i : vm.interfaces) {
    if (i.id < limit) continue;
    d.error(i.where, path_of_interface(vm, i),
            "interface eth" + std::to_string(i.id) + " of VM '" + vm.name +
                "' would be network adapter " + std::to_string(i.id + 1) + ", but a " + t.label +
                " VM with the " + chipset_name(vm.chipset) + " chipset has " +
                std::to_string(limit),
            hint);
  }
}

/// What one VM placed on `host` asks of its backend.
void check_vm_on(const Vm& vm, const Host& host, const BackendTraits& t, Diagnostics& d) {
  if (t.needs_image && !vm.image) {
    d.error(vm.where, path_of_vm(vm),
            "VM '" + vm.name + "' is placed on " + t.label + " host '" + host.name +
                "' but has no <image>",
            "add <image clone-of=\"BASE\"/> or <image ova=\"FILE\"/>, or pin it to another host");
  }
  if (t.chipset_limits) check_adapters(vm, t, d);
  bool configured = !vm.routes.empty() || vm.forwarding != Forwarding::none || !vm.execs.empty();
  if (!t.configures_guests && configured) {
    d.warning(vm.where, path_of_vm(vm),
              "VM '" + vm.name + "' is placed on " + t.label + " host '" + host.name +
                  "', whose guests configure themselves: its routes, forwarding and exec "
                  "commands are informational there");
  }
}

/// The VNIs a host with a proxy VM carries must fit that VM's free adapters.
void check_proxy_slots(const std::set<std::uint32_t>& vnis, const Host& host,
                       const BackendTraits& t, Diagnostics& d) {
  if (!t.chipset_limits || !host.proxy) return;
  std::uint32_t slots = nic_limit(host.proxy->chipset) - 1;  // NIC 1 is the bridged underlay
  if (vnis.size() <= slots) return;
  d.error(host.where, path_of_host(host),
          "host '" + host.name + "' carries " + std::to_string(vnis.size()) +
              " VNIs, but its proxy VM '" + host.proxy->vm + "' has " + std::to_string(slots) +
              " free network adapters (" + chipset_name(host.proxy->chipset) + ")",
          host.proxy->chipset == Chipset::ich9
              ? "pin some VMs to other hosts, or use fewer nets there"
              : "give <proxy chipset=\"ich9\"> if the proxy VM has that chipset (35 free "
                "adapters), or pin some VMs to other hosts");
}

}  // namespace

void check_backend_fit(const Scenario& s, const Placement& p, const BackendCatalog& backends,
                       Diagnostics& d) {
  std::vector<std::set<std::uint32_t>> vnis(s.hosts.size());
  for (std::size_t v = 0; v < s.vms.size() && v < p.host_of_vm.size(); ++v) {
    const Vm& vm = s.vms[v];
    const Host& host = s.hosts[p.host_of_vm[v]];
    const BackendTraits* traits = find_traits(backends, host.backend);
    if (!traits) continue;
    check_vm_on(vm, host, *traits, d);
    for (const Interface& i : vm.interfaces) vnis[p.host_of_vm[v]].insert(s.nets[i.net_index].vni);
  }
  for (std::size_t h = 0; h < s.hosts.size(); ++h) {
    if (const BackendTraits* traits = find_traits(backends, s.hosts[h].backend))
      check_proxy_slots(vnis[h], s.hosts[h], *traits, d);
  }
}

}  // namespace dcod::core
