#pragma once

// The VM/net hypergraph min-tunnels partitions: a node is a unit (a VM or an affinity group, which
// always moves whole), a net is a hyperedge over the nodes with an interface on it. A net spanning
// λ hosts costs weight × (λ − 1) broadcast copies (DESIGN §8); nets are never expanded to cliques.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/assignment.h"
#include "placement/host_usage.h"

namespace dcod::seg {

/// Nodes with their demands and constraints, nets over them, and both incidences.
struct Hypergraph {
  std::vector<core::Demand> weight;                   // per node
  std::vector<std::optional<std::uint32_t>> fixed;    // the host a pinned node must stay on
  std::vector<std::vector<std::uint32_t>> apart;      // nodes that must not share its host
  std::vector<std::vector<std::uint32_t>> net_nodes;  // per net: distinct nodes, ascending
  std::vector<std::uint32_t> net_weight;              // nets merged into this one (1 at the top)
  std::vector<std::vector<std::uint32_t>> node_nets;  // per node: its nets

  std::uint32_t node_count() const { return static_cast<std::uint32_t>(weight.size()); }
  std::uint32_t net_count() const { return static_cast<std::uint32_t>(net_nodes.size()); }
  /// Nodes plus pins: what a pass over the graph costs.
  std::size_t size() const {
    std::size_t total = weight.size();
    for (const auto& nodes : net_nodes) total += nodes.size();
    return total;
  }
  /// True when the node may be merged with others (not pinned, no anti-affinity).
  bool contractible(std::uint32_t node) const { return !fixed[node] && apart[node].empty(); }
};

/// The hypergraph of a scenario's units: nets with fewer than two units are left out (they
/// never cost anything).
Hypergraph build_hypergraph(const core::Scenario& scenario, const std::vector<Unit>& units);

/// Fills node_nets from net_nodes.
void index_incidence(Hypergraph& graph);

}  // namespace dcod::seg
