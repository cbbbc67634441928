#pragma once

#include "segmentation/registry.h"

namespace dcod::seg {

/// "static": every VM goes where host= (or its affinity group's pin) says; no choice is made.
class StaticSegmenter : public core::Segmenter {
 public:
  Expected<core::Placement> place(const core::Scenario& scenario) const override;
};

/// The registry entry for the static plugin.
SegmenterFactory static_segmenter_factory();

}  // namespace dcod::seg
