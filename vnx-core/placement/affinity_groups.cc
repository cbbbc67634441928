#include "placement/affinity_groups.h"

#include <numeric>

namespace dcod::core {

namespace {

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

}  // namespace

AffinityGroups::AffinityGroups(const Scenario& scenario) {
  const std::uint32_t n = static_cast<std::uint32_t>(scenario.vms.size());
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  for (const VmGroup& group : scenario.affinity) {
    std::int64_t first = -1;
    for (const std::string& name : group.vms) {
      auto it = scenario.vm_index.find(name);
      if (it == scenario.vm_index.end()) continue;
      if (first < 0) {
        first = it->second;
      } else {
        // Union towards the smaller root so a unit's root is its first VM.
        std::uint32_t a = find_root(parent, static_cast<std::uint32_t>(first));
        std::uint32_t b = find_root(parent, it->second);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
      }
    }
  }
  m_unit_of.assign(n, 0);
  std::vector<std::int64_t> unit_of_root(n, -1);
  for (std::uint32_t vm = 0; vm < n; ++vm) {
    std::uint32_t root = find_root(parent, vm);
    if (unit_of_root[root] < 0) {
      unit_of_root[root] = static_cast<std::int64_t>(m_units.size());
      m_units.emplace_back();
    }
    m_unit_of[vm] = static_cast<std::uint32_t>(unit_of_root[root]);
    m_units[m_unit_of[vm]].push_back(vm);
  }
}

}  // namespace dcod::core
