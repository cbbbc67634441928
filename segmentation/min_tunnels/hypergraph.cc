#include "min_tunnels/hypergraph.h"

#include <algorithm>

#include "placement/affinity_groups.h"

namespace dcod::seg {

Hypergraph build_hypergraph(const core::Scenario& s, const std::vector<Unit>& units) {
  Hypergraph g;
  std::vector<std::uint32_t> unit_of_vm(s.vms.size());
  for (std::uint32_t u = 0; u < units.size(); ++u) {
    g.weight.push_back(units[u].demand);
    g.fixed.push_back(units[u].pin);
    g.apart.push_back(units[u].apart_from);
    for (std::uint32_t vm : units[u].vms) unit_of_vm[vm] = u;
  }
  std::vector<std::vector<std::uint32_t>> members(s.nets.size());
  for (std::uint32_t vm = 0; vm < s.vms.size(); ++vm) {
    for (const core::Interface& i : s.vms[vm].interfaces)
      members[i.net_index].push_back(unit_of_vm[vm]);
  }
  for (auto& nodes : members) {
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    if (nodes.size() < 2) continue;
    g.net_nodes.push_back(std::move(nodes));
    g.net_weight.push_back(1);
  }
  index_incidence(g);
  return g;
}

void index_incidence(Hypergraph& g) {
  g.node_nets.assign(g.weight.size(), {});
  for (std::uint32_t e = 0; e < g.net_nodes.size(); ++e) {
    for (std::uint32_t v : g.net_nodes[e]) g.node_nets[v].push_back(e);
  }
}

}  // namespace dcod::seg
