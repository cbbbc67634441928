#include "virtualbox/vbox_steps.h"

#include "virtualbox/vbox_naming.h"
#include "virtualbox/vbox_observation.h"
#include "virtualbox/vbox_slots.h"

namespace dcod::plugins {

using core::ActionOp;
using core::ObjectKind;

namespace {

std::string slot_text(std::uint32_t slot) {
  return std::to_string(slot);
}

VBoxWork refused(std::string why) {
  VBoxWork w;
  w.refused = std::move(why);
  return w;
}

/// modifyvm options attaching adapter `slot` to an internal network.
std::vector<std::string> attach_options(std::uint32_t slot, const std::string& network,
                                        const std::string& mac) {
  std::string k = slot_text(slot);
  std::vector<std::string> o = {"--nic" + k, "intnet", "--intnet" + k, network};
  if (!mac.empty()) o.insert(o.end(), {"--macaddress" + k, mac});
  o.insert(o.end(), {"--cableconnected" + k, "on"});
  return o;
}

VBoxChain with(VBoxChain chain, std::vector<std::string> head,
               const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  chain.push_back(change_call(std::move(head)));
  return chain;
}

}  // namespace

const VBoxMachine* VBoxSteps::found_vm(const std::string& name) const {
  auto it = m_ctx.view.vms.find(name);
  return it == m_ctx.view.vms.end() ? nullptr : &it->second;
}

std::string VBoxSteps::not_ours(const VBoxMachine& found, const std::string& vm) const {
  auto data = m_ctx.facts.extradata.find(found.uuid);
  if (data == m_ctx.facts.extradata.end()) return "";  // gone meanwhile: its calls will say so
  auto scenario = data->second.find(k_scenario_key), name = data->second.find(k_vm_key);
  if (scenario != data->second.end() && scenario->second == m_ctx.scenario &&
      name != data->second.end() && name->second == vm)
    return "";
  std::string marker = scenario == data->second.end()
                           ? "has no dcod marker"
                           : "is marked as scenario '" + scenario->second + "'s";
  return "VirtualBox VM '" + found.name + "' " + marker +
         ": dcod did not make it for this scenario and leaves it alone (rename or remove it, or "
         "give the scenario's VM another name)";
}

std::vector<std::string> VBoxSteps::full_settings(const core::DesiredVm& vm) const {
  std::vector<std::string> o = {"--memory", std::to_string(vm.memory_mb), "--cpus",
                                std::to_string(vm.cpus)};
  if (vm.chipset != core::Chipset::unspecified)
    o.insert(o.end(), {"--chipset", vm.chipset == core::Chipset::ich9 ? "ich9" : "piix3"});
  for (const core::DesiredInterface& i : vm.interfaces) {
    auto a = attach_options(slot_of_interface(i.id), intnet_name(m_ctx.scenario, i.vni),
                            vbox_mac(i.mac.to_string()));
    o.insert(o.end(), a.begin(), a.end());
  }
  return o;
}

VBoxWork VBoxSteps::create_vm(const core::DesiredVm& vm) {
  const std::string name = vbox_vm_name(m_ctx.scenario, vm.name);
  if (!vm.image) return refused("VM '" + vm.name + "' has no <image>");
  VBoxChain chain;
  const core::Image& image = *vm.image;
  if (!image.clone_of.empty()) {
    std::string snapshot = image.snapshot;
    auto error = m_ctx.facts.base_errors.find(image.clone_of);
    if (snapshot.empty() && error != m_ctx.facts.base_errors.end())
      return refused("base VM '" + image.clone_of + "': " + error->second);
    if (snapshot.empty()) {
      auto current = m_ctx.facts.base_snapshots.find(image.clone_of);
      snapshot = current == m_ctx.facts.base_snapshots.end() ? "" : current->second;
    }
    if (snapshot.empty())
      return refused("base VM '" + image.clone_of +
                     "' has no snapshot to make a linked clone from (dcod never snapshots a base: "
                     "take one, or give <image snapshot=...>)");
    chain.push_back(change_call({"clonevm", image.clone_of, "--snapshot", snapshot, "--options",
                                 "link", "--name", name, "--register"}));
  } else {
    auto upload = m_ctx.uploads.find(image.ova);
    if (upload == m_ctx.uploads.end()) {
      auto why = m_ctx.upload_errors.find(image.ova);
      return refused("'" + image.ova + "' could not be uploaded" +
                     (why == m_ctx.upload_errors.end() ? "" : ": " + why->second));
    }
    std::vector<std::string> args = {"import", upload->second, "--vsys", "0", "--vmname", name};
    if (!m_ctx.facts.machine_folder.empty())
      args.insert(args.end(), {"--basefolder", m_ctx.facts.machine_folder});
    args.insert(args.end(),
                {"--memory", std::to_string(vm.memory_mb), "--cpus", std::to_string(vm.cpus)});
    chain.push_back(change_call(std::move(args)));
  }
  chain.push_back(change_call({"setextradata", name, k_scenario_key, m_ctx.scenario}));
  chain.push_back(change_call({"setextradata", name, k_vm_key, vm.name}));
  chain = with(std::move(chain), {"modifyvm", name}, full_settings(vm));
  chain.push_back(change_call({"startvm", name, "--type", "headless"}));
  m_ctx.made.insert(vm.name);
  VBoxWork w;
  w.chains.push_back(std::move(chain));
  return w;
}

VBoxWork VBoxSteps::change_vm(const core::DesiredVm& vm, const VBoxMachine& found) {
  VBoxWork w;
  if (found.running()) w.chains.push_back({change_call({"controlvm", found.uuid, "poweroff"})});
  VBoxChain set = with({}, {"modifyvm", found.uuid}, full_settings(vm));
  set.push_back(change_call({"startvm", found.uuid, "--type", "headless"}));
  w.chains.push_back(std::move(set));
  m_ctx.made.insert(vm.name);
  return w;
}

VBoxWork VBoxSteps::remove_vm(const VBoxMachine& found) {
  VBoxWork w;
  if (found.running()) w.chains.push_back({change_call({"controlvm", found.uuid, "poweroff"})});
  w.chains.push_back({change_call({"unregistervm", found.uuid, "--delete"})});
  return w;
}

VBoxWork VBoxSteps::interface(const core::Action& a, const VBoxMachine& found) {
  const core::DesiredInterface& i = a.target.iface;
  const std::uint32_t slot = slot_of_interface(i.id);
  const std::string k = slot_text(slot), u = found.uuid;
  const VBoxNic* nic = found.nic(slot);
  VBoxWork w;
  if (a.op == ActionOp::remove) {
    if (found.running()) {
      w.chains.push_back({change_call({"controlvm", u, "nic" + k, "null"}),
                          change_call({"controlvm", u, "setlinkstate" + k, "off"})});
    } else {
      w.chains.push_back(
          {change_call({"modifyvm", u, "--nic" + k, "null", "--cableconnected" + k, "off"})});
    }
    return w;
  }
  const std::string network = intnet_name(m_ctx.scenario, i.vni), mac = vbox_mac(i.mac.to_string());
  if (!found.running()) {
    w.chains.push_back(with({}, {"modifyvm", u}, attach_options(slot, network, mac)));
    return w;
  }
  if (nic && nic->enabled() && nic->mac == mac) {
    w.chains.push_back({change_call({"controlvm", u, "nic" + k, "intnet", network}),
                        change_call({"controlvm", u, "setlinkstate" + k, "on"})});
    return w;
  }
  return w;  // a disabled adapter or another MAC: the caller sets the VM up whole
}

std::optional<std::uint32_t> VBoxSteps::free_slot(std::uint32_t vni, std::string& why) {
  return choose_slot(*m_ctx.view.proxy, m_ctx.facts.proxy_records, m_ctx.scenario, vni, m_ctx.taken,
                     why);
}

VBoxWork VBoxSteps::bridge(const core::Action& a) {
  const std::uint32_t vni = a.target.vtep.vni;
  if (!m_ctx.view.proxy) return refused("the proxy VM is not registered");
  if (a.op == ActionOp::remove) return return_slot(vni);
  const VBoxMachine& proxy = *m_ctx.view.proxy;
  const std::string p = proxy.uuid, network = intnet_name(m_ctx.scenario, vni);
  VBoxWork w;
  if (const VBoxNic* slot = slot_of_vni(m_ctx.scenario, proxy, vni)) {
    std::string k = slot_text(slot->slot);
    m_ctx.taken.insert(slot->slot);
    w.proxy_mac = slot->mac;
    // Attached by dcod: the promiscuous policy was set with it (it cannot be read back) unless
    // this run attached it at start; the cable is seen.
    if (proxy.running()) {
      VBoxChain chain;
      if (!m_ctx.promisc_set.count(slot->slot))
        chain.push_back(change_call({"controlvm", p, "nicpromisc" + k, "allow-all"}));
      if (!slot->cable) chain.push_back(change_call({"controlvm", p, "setlinkstate" + k, "on"}));
      if (!chain.empty()) w.chains.push_back(std::move(chain));
    }
    return w;
  }
  std::string why;
  auto slot = free_slot(vni, why);
  if (!slot)
    return refused("proxy VM '" + proxy.name + "' has no free NIC slot for VNI " +
                   std::to_string(vni) + " (taken:" + why +
                   "); set a slot to 'Not attached' (null) for dcod, or use a proxy VM with more "
                   "adapters (chipset ICH9)");
  m_ctx.taken.insert(*slot);
  std::string k = slot_text(*slot);
  w.proxy_mac = proxy.nic(*slot)->mac;
  VBoxChain chain = {
      change_call({"setextradata", p, slot_key(*slot), slot_value(m_ctx.scenario, vni)})};
  if (proxy.running()) {
    chain.push_back(change_call({"controlvm", p, "nic" + k, "intnet", network}));
    chain.push_back(change_call({"controlvm", p, "nicpromisc" + k, "allow-all"}));
    chain.push_back(change_call({"controlvm", p, "setlinkstate" + k, "on"}));
  } else {
    chain = with(std::move(chain), {"modifyvm", p},
                 {"--nic" + k, "intnet", "--intnet" + k, network, "--nicpromisc" + k, "allow-all",
                  "--cableconnected" + k, "on"});
  }
  w.chains.push_back(std::move(chain));
  return w;
}

VBoxWork VBoxSteps::return_slot(std::uint32_t vni) {
  const VBoxMachine& proxy = *m_ctx.view.proxy;
  const std::string p = proxy.uuid, mine = slot_value(m_ctx.scenario, vni);
  std::set<std::uint32_t> slots;
  if (const VBoxNic* slot = slot_of_vni(m_ctx.scenario, proxy, vni)) slots.insert(slot->slot);
  for (const auto& [key, value] : m_ctx.facts.proxy_records) {
    if (value == mine) {
      if (auto slot = slot_of_key(key)) slots.insert(*slot);
    }
  }
  VBoxWork w;
  for (std::uint32_t slot : slots) {
    std::string k = slot_text(slot);
    const VBoxNic* nic = proxy.nic(slot);
    bool attached =
        nic && nic->kind == "intnet" && nic->network == intnet_name(m_ctx.scenario, vni);
    VBoxChain chain;
    if (attached && proxy.running()) {
      chain.push_back(change_call({"controlvm", p, "nic" + k, "null"}));
      chain.push_back(change_call({"controlvm", p, "setlinkstate" + k, "off"}));
    } else if (attached) {
      chain.push_back(
          change_call({"modifyvm", p, "--nic" + k, "null", "--cableconnected" + k, "off"}));
    }
    if (m_ctx.facts.proxy_records.count(slot_key(slot)))
      chain.push_back(change_call({"setextradata", p, slot_key(slot)}));
    if (!chain.empty()) w.chains.push_back(std::move(chain));
  }
  return w;
}

VBoxWork VBoxSteps::work(const core::Action& a) {
  const core::DesiredVm& vm = a.target.vm;
  switch (a.kind) {
    case ObjectKind::vm: {
      const VBoxMachine* found = found_vm(vm.name);
      if (a.op == ActionOp::create) return create_vm(vm);
      if (!found) return {};  // gone already
      if (auto why = not_ours(*found, vm.name); !why.empty()) return refused(why);
      return a.op == ActionOp::remove ? remove_vm(*found) : change_vm(vm, *found);
    }
    case ObjectKind::vm_interface: {
      if (m_ctx.made.count(vm.name)) return {};  // its adapters were set when it was set up
      const VBoxMachine* found = found_vm(vm.name);
      if (!found) return refused("VM '" + vm.name + "' is not there");
      if (auto why = not_ours(*found, vm.name); !why.empty()) return refused(why);
      VBoxWork w = interface(a, *found);
      if (w.chains.empty() && a.op != ActionOp::remove) return change_vm(vm, *found);
      return w;
    }
    case ObjectKind::bridge:
      return bridge(a);
    default:
      return {};  // tunnels and entries live inside the proxy VM
  }
}

FactsRequest VBoxSteps::facts_needed(const core::Plan& plan, const std::vector<std::size_t>& batch,
                                     const HostView& view, const core::Host& host,
                                     const std::string& scenario,
                                     const std::set<std::string>& made) {
  FactsRequest r;
  for (std::size_t index : batch) {
    const core::Action& a = plan.actions[index];
    const core::DesiredVm& vm = a.target.vm;
    bool on_vm = a.kind == ObjectKind::vm || a.kind == ObjectKind::vm_interface;
    auto found = view.vms.find(vm.name);
    if (on_vm && !(a.kind == ObjectKind::vm && a.op == ActionOp::create) && !made.count(vm.name) &&
        found != view.vms.end())
      r.markers_of.insert(found->second.uuid);
    if (a.kind == ObjectKind::vm && a.op == ActionOp::create && vm.image) {
      if (!vm.image->clone_of.empty() && vm.image->snapshot.empty())
        r.bases.insert(vm.image->clone_of);
      if (!vm.image->ova.empty()) r.machine_folder = true;
    }
    // Slot records are read only when a slot must be chosen or returned.
    bool attached = view.proxy && slot_of_vni(scenario, *view.proxy, a.target.vtep.vni);
    if (a.kind == ObjectKind::bridge && host.proxy && view.proxy &&
        (a.op == ActionOp::remove || !attached))
      r.proxy = view.proxy->uuid;
  }
  return r;
}

}  // namespace dcod::plugins
