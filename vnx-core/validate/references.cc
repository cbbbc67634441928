// Reference rules: every name used points at something declared, with a did-you-mean otherwise.

#include "util/suggest.h"
#include "validate/rules.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const T& item : items) {
    if (!item.name.empty()) out.push_back(item.name);
  }
  return out;
}

void check_group_members(const std::vector<VmGroup>& groups, const char* kind, const Scenario& s,
                         const std::vector<std::string>& vm_names, Diagnostics& d) {
  int position = 0;
  for (const VmGroup& g : groups) {
    ++position;
    std::string path =
        "/scenario/constraints/" + std::string(kind) + "[" + std::to_string(position) + "]";
    for (const std::string& vm : g.vms) {
      if (!s.vm_index.contains(vm)) {
        d.error(g.where, path, "VM '" + vm + "' is not declared", did_you_mean(vm, vm_names));
      }
    }
  }
}

}  // namespace

void check_references(const Scenario& s, Diagnostics& d) {
  const std::vector<std::string> host_names = names_of(s.hosts);
  const std::vector<std::string> net_names = names_of(s.nets);
  const std::vector<std::string> vm_names = names_of(s.vms);
  for (const Vm& vm : s.vms) {
    if (!vm.pinned_host.empty() && !s.host_index.contains(vm.pinned_host)) {
      d.error(vm.where, path_of_vm(vm), "host '" + vm.pinned_host + "' is not declared",
              did_you_mean(vm.pinned_host, host_names));
    }
    for (const Interface& i : vm.interfaces) {
      if (!i.net.empty() && !s.net_index.contains(i.net)) {
        d.error(i.where, path_of_interface(vm, i), "net '" + i.net + "' is not declared",
                did_you_mean(i.net, net_names));
      }
    }
  }
  check_group_members(s.affinity, "affinity", s, vm_names, d);
  check_group_members(s.anti_affinity, "anti-affinity", s, vm_names, d);
}

}  // namespace dcod::core
