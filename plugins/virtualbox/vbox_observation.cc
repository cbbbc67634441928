#include "virtualbox/vbox_observation.h"

#include <set>

#include "linux/linux_naming.h"
#include "virtualbox/vbox_naming.h"

namespace dcod::plugins {

namespace {

std::string net_of(const core::DesiredHost& want, std::uint32_t vni) {
  for (const core::DesiredVtep& v : want.vteps) {
    if (v.vni == vni) return v.net;
  }
  return "";
}

core::ObservedInterface interface_of(const std::string& scenario, const VBoxNic& nic,
                                     const core::DesiredHost& want) {
  core::ObservedInterface i;
  auto vni = nic.kind == "intnet" ? vni_of_intnet(scenario, nic.network) : std::nullopt;
  i.vni = vni;
  i.net = vni ? net_of(want, *vni) : "";
  i.mac = mac_of_vbox(nic.mac);
  i.up = nic.cable;
  return i;  // MTU and addresses are the guest's own
}

/// True when the proxy's NIC with `mac` is a port of the VNI's bridge, up.
bool joined(const std::vector<LinuxLink>& links, const std::string& mac, std::uint32_t vni) {
  auto wanted = mac_of_vbox(mac);
  for (const LinuxLink& l : links) {
    if (l.mac && wanted && *l.mac == *wanted) return l.master == bridge_name(vni) && l.up;
  }
  return false;
}

}  // namespace

std::optional<core::MacAddress> mac_of_vbox(const std::string& mac) {
  if (mac.size() != 12) return std::nullopt;
  std::string colons;
  for (std::size_t i = 0; i < 12; i += 2) colons += (i ? ":" : "") + mac.substr(i, 2);
  return core::parse_mac(colons);
}

core::ObservedVm observed_vbox_vm(const std::string& scenario, const VBoxMachine& vm,
                                  const core::DesiredVm* want, const core::DesiredHost& want_host) {
  core::ObservedVm seen;
  seen.complete = vm.running();
  seen.cpus = vm.cpus;
  seen.memory_mb = vm.memory_mb;
  std::set<std::uint32_t> declared;
  if (want) {
    for (const core::DesiredInterface& i : want->interfaces) declared.insert(i.id);
  }
  for (const VBoxNic& nic : vm.nics) {
    std::uint32_t id = nic.slot - 1;
    bool ours = nic.kind == "intnet" && vni_of_intnet(scenario, nic.network);
    if (!ours && (!declared.count(id) || !nic.enabled())) continue;
    seen.interfaces[id] = interface_of(scenario, nic, want_host);
  }
  return seen;  // routes and forwarding stay the guest's own (nullopt)
}

const VBoxNic* slot_of_vni(const std::string& scenario, const VBoxMachine& proxy,
                           std::uint32_t vni) {
  const std::string network = intnet_name(scenario, vni);
  for (const VBoxNic& nic : proxy.nics) {
    if (nic.slot > 1 && nic.kind == "intnet" && nic.network == network) return &nic;
  }
  return nullptr;
}

core::ObservedHost observed_vbox_host(const std::string& scenario, const HostView& view,
                                      ProxyObservation proxy, const core::DesiredHost& want) {
  core::ObservedHost seen;
  seen.configures_guests = false;
  seen.vteps = std::move(proxy.vteps);
  seen.foreign_vnis = std::move(proxy.foreign_vnis);
  for (auto& [vni, vtep] : seen.vteps) {
    if (!vtep.bridge) continue;
    const VBoxNic* slot = view.proxy ? slot_of_vni(scenario, *view.proxy, vni) : nullptr;
    vtep.bridge->joined = slot && slot->cable && joined(proxy.links, slot->mac, vni);
  }
  for (const auto& [name, vm] : view.vms) {
    const core::DesiredVm* wanted = nullptr;
    for (const core::DesiredVm& d : want.vms) {
      if (d.name == name) wanted = &d;
    }
    seen.vms[name] = observed_vbox_vm(scenario, vm, wanted, want);
  }
  return seen;
}

}  // namespace dcod::plugins
