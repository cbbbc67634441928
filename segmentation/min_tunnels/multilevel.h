#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "common/load_limits.h"
#include "min_tunnels/hypergraph.h"
#include "min_tunnels/partition.h"

namespace dcod::seg {

/// What one partitioning run found.
struct PartitionResult {
  std::vector<std::uint32_t> host_of_node;  // Partition::k_nowhere for nodes not placed
  std::optional<std::uint32_t> unplaced;    // a node that fit on no host (then the run failed)
  std::uint64_t cost = 0;                   // Σ weight × (λ − 1)
  bool balanced = true;                     // every host within its balance limit
  double worst_fill = 0;                    // the fullest host's fill
};

/// How a run begins: coarsening first, or placing the units themselves breadth-first or net by
/// net (largest first, or those that fit on one host first; see place_by_nets()).
enum class RunKind { multilevel, flat, by_nets, by_fitting_nets };

/// Partitions the hypergraph: coarsen by heavy shared nets (multilevel runs only), place the
/// coarsest nodes, then at each finer level project, rebalance and refine. The work done is
/// counted on `meter` (here and below), when given.
PartitionResult partition_hypergraph(const Hypergraph& graph, const LoadLimits& limits,
                                     RunKind kind, std::mt19937& rng, WorkMeter* meter = nullptr);

/// Tries to better a finished result `rounds` times: one net is pushed whole off the host where
/// it has fewest nodes onto the host where it has most, regardless of room; the overflow is
/// moved off at least cost and the placement refined. Each round is kept when it is cheaper and
/// balanced, undone otherwise. Finds the rotations among full hosts that single moves and
/// trades never reach.
PartitionResult perturb_and_refine(const Hypergraph& graph, const LoadLimits& limits,
                                   const PartitionResult& start, int rounds, std::mt19937& rng,
                                   WorkMeter* meter = nullptr);

/// A V-cycle on a finished result: coarsen again pairing only nodes on one host (so the result
/// stays a partition at every level), then back down refining at each level, where moves of
/// whole clusters find what moves of single nodes did not. Returns the better of the two.
PartitionResult v_cycle(const Hypergraph& graph, const LoadLimits& limits,
                        const PartitionResult& start, std::mt19937& rng,
                        WorkMeter* meter = nullptr);

/// True when `a` is the better result: placed, balanced, cheaper, then more even.
bool better_result(const PartitionResult& a, const PartitionResult& b);

}  // namespace dcod::seg
