#pragma once

#include <optional>
#include <random>

#include "min_tunnels/hypergraph.h"

namespace dcod::seg {

/// One coarsening step: the coarser hypergraph and, for every node of the finer one, its node.
struct CoarseLevel {
  Hypergraph graph;
  std::vector<std::uint32_t> coarse_of;
};

/// Pairs each free node with the neighbour it shares the heaviest nets with for its weight
/// (rating Σ weight / (size − 1) over common nets, divided by the neighbour's VMs, so that
/// clusters grow evenly; of a large net only some members are rated), never pinned or
/// anti-affine nodes and never above `max_weight`; identical nets merge (weights add), nets inside
/// one node vanish. Nothing when the step would shrink the graph by less than a tenth. `block` (one
/// entry per node), when given: only nodes of one block are paired, so that a partition of the
/// finer graph is one of the coarser (a V-cycle's coarsening).
std::optional<CoarseLevel> coarsen(const Hypergraph& graph, const core::Demand& max_weight,
                                   std::mt19937& rng,
                                   const std::vector<std::uint32_t>* block = nullptr);

}  // namespace dcod::seg
