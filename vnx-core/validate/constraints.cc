// Constraint rules: pins, affinity and anti-affinity must be satisfiable together.

#include <map>

#include "placement/affinity_groups.h"
#include "validate/rules.h"

namespace dcod::core {

namespace {

std::string group_path(const char* kind, std::size_t position) {
  return "/scenario/constraints/" + std::string(kind) + "[" + std::to_string(position + 1) + "]";
}

/// The host each unit is pinned to ("" when free); reports units pinned to two hosts.
std::vector<std::string> unit_pins(const Scenario& s, const AffinityGroups& groups,
                                   Diagnostics& d) {
  std::vector<std::string> pin(groups.units().size());
  std::vector<std::string> pinned_by(groups.units().size());
  for (std::size_t g = 0; g < s.affinity.size(); ++g) {
    for (const std::string& name : s.affinity[g].vms) {
      auto it = s.vm_index.find(name);
      if (it == s.vm_index.end()) continue;
      const Vm& vm = s.vms[it->second];
      std::uint32_t unit = groups.unit_of(it->second);
      if (vm.pinned_host.empty()) continue;
      if (pin[unit].empty()) {
        pin[unit] = vm.pinned_host;
        pinned_by[unit] = vm.name;
      } else if (pin[unit] != vm.pinned_host) {
        d.error(s.affinity[g].where, group_path("affinity", g),
                "VM '" + vm.name + "' is pinned to host '" + vm.pinned_host +
                    "' but must share a host with '" + pinned_by[unit] + "', pinned to '" +
                    pin[unit] + "'",
                "drop one of the pins or the affinity");
      }
    }
  }
  for (std::size_t vm = 0; vm < s.vms.size(); ++vm) {
    std::uint32_t unit = groups.unit_of(static_cast<std::uint32_t>(vm));
    if (pin[unit].empty()) pin[unit] = s.vms[vm].pinned_host;
  }
  return pin;
}

void check_anti_group(const Scenario& s, std::size_t g, const AffinityGroups& groups,
                      const std::vector<std::string>& pin, Diagnostics& d) {
  const VmGroup& group = s.anti_affinity[g];
  std::map<std::uint32_t, std::string> member_of_unit;
  std::map<std::string, std::string> member_on_host;
  for (const std::string& name : group.vms) {
    auto it = s.vm_index.find(name);
    if (it == s.vm_index.end()) continue;
    std::uint32_t unit = groups.unit_of(it->second);
    auto [u, fresh_unit] = member_of_unit.emplace(unit, name);
    if (!fresh_unit) {
      d.error(group.where, group_path("anti-affinity", g),
              "VMs '" + u->second + "' and '" + name +
                  "' must be apart but affinity puts them together");
      continue;
    }
    if (pin[unit].empty()) continue;
    auto [h, fresh_host] = member_on_host.emplace(pin[unit], name);
    if (!fresh_host) {
      d.error(group.where, group_path("anti-affinity", g),
              "VMs '" + h->second + "' and '" + name +
                  "' must be apart but are both pinned to host '" + pin[unit] + "'");
    }
  }
  if (member_of_unit.size() > s.hosts.size() && !s.hosts.empty()) {
    d.error(group.where, group_path("anti-affinity", g),
            "an anti-affinity group of " + std::to_string(member_of_unit.size()) +
                " VMs needs as many hosts, the scenario has " + std::to_string(s.hosts.size()));
  }
}

}  // namespace

void check_constraints(const Scenario& s, Diagnostics& d) {
  AffinityGroups groups(s);
  std::vector<std::string> pin = unit_pins(s, groups, d);
  for (std::size_t g = 0; g < s.anti_affinity.size(); ++g) check_anti_group(s, g, groups, pin, d);
}

}  // namespace dcod::core
