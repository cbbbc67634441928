#pragma once

#include "segmentation/registry.h"

namespace dcod::seg {

/// "round-robin" (EDIV's): pinned VMs first, then each VM, in file order, to the host holding
/// the fewest VMs that can take it; ties go to the host declared first.
class RoundRobinSegmenter : public core::Segmenter {
 public:
  Expected<core::Placement> place(const core::Scenario& scenario) const override;
};

/// The registry entry for the round-robin plugin.
SegmenterFactory round_robin_segmenter_factory();

}  // namespace dcod::seg
