#pragma once

#include "placement/placement.h"
#include "segmentation/registry.h"

namespace dcod::seg {

/// Capacity-aware placement: pinned units first, then the largest units first, each to the host
/// it leaves least full relative to its capacity (cpus, memory, max-vms), so that hosts fill in
/// proportion; capacities are hard limits. Ignores topology.
class WeightedSegmenter : public core::Segmenter {
 public:
  Expected<core::Placement> place(const core::Scenario& scenario) const override;
};

/// The registry entry for "weighted".
SegmenterFactory weighted_segmenter_factory();

}  // namespace dcod::seg
