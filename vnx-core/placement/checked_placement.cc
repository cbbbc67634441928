#include "placement/affinity_groups.h"
#include "placement/host_usage.h"
#include "placement/placement.h"

namespace dcod::core {

namespace {

Error broken(std::string message) {
  return {"segmentation produced an invalid placement: " + message,
          "this is a bug in the segmentation plugin; please report it"};
}

std::optional<Error> check_groups(const Scenario& s, const Placement& p) {
  for (const VmGroup& g : s.affinity) {
    std::optional<std::uint32_t> host;
    for (const std::string& name : g.vms) {
      std::uint32_t h = p.host_of_vm[s.vm_index.at(name)];
      if (host && *host != h) return broken("affinity group of '" + name + "' is split");
      host = h;
    }
  }
  for (const VmGroup& g : s.anti_affinity) {
    std::vector<bool> taken(s.hosts.size(), false);
    for (const std::string& name : g.vms) {
      std::uint32_t h = p.host_of_vm[s.vm_index.at(name)];
      if (taken[h])
        return broken("anti-affinity broken for '" + name + "' on '" + s.hosts[h].name + "'");
      taken[h] = true;
    }
  }
  return std::nullopt;
}

}  // namespace

Expected<Placement> checked_placement(const Scenario& s, Placement p) {
  if (p.host_of_vm.size() != s.vms.size()) return broken("not every VM is placed");
  HostUsage usage(s);
  for (std::size_t vm = 0; vm < s.vms.size(); ++vm) {
    std::uint32_t h = p.host_of_vm[vm];
    if (h >= s.hosts.size()) return broken("VM '" + s.vms[vm].name + "' is on no host");
    if (!s.vms[vm].pinned_host.empty() && s.hosts[h].name != s.vms[vm].pinned_host) {
      return broken("VM '" + s.vms[vm].name + "' left its pinned host");
    }
    usage.add(h, demand_of(s.vms[vm]));
  }
  for (std::uint32_t h = 0; h < s.hosts.size(); ++h) {
    if (auto over = usage.shortfall(h, {}))
      return broken("host '" + s.hosts[h].name + "' over capacity, " + *over);
  }
  if (auto e = check_groups(s, p)) return *e;
  return p;
}

}  // namespace dcod::core
