#pragma once

#include "placement/placement.h"
#include "segmentation/registry.h"

namespace dcod::seg {

/// Topology-aware placement (the default): minimises the replication cost Σ(span − 1) of the
/// VM/net hypergraph under the balance bound, capacities, pins, affinity and anti-affinity.
/// Deterministic for a given scenario and seed.
class MinTunnelsSegmenter : public core::Segmenter {
 public:
  /// `imbalance` and `seed` come from <segmentation>.
  MinTunnelsSegmenter(double imbalance, std::uint64_t seed)
      : m_imbalance(imbalance), m_seed(seed) {}
  Expected<core::Placement> place(const core::Scenario& scenario) const override;

 private:
  double m_imbalance;
  std::uint64_t m_seed;
};

/// The registry entry for "min-tunnels".
SegmenterFactory min_tunnels_segmenter_factory();

}  // namespace dcod::seg
