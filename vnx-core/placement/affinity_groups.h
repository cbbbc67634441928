#pragma once

#include <cstdint>
#include <vector>

#include "model/scenario.h"

namespace dcod::core {

/// VMs joined by affinity (transitively) form one unit that is placed as a whole.
/// Unknown names in groups are ignored here; the validator reports them.
class AffinityGroups {
 public:
  /// Merges overlapping affinity groups (union-find) into units.
  explicit AffinityGroups(const Scenario& scenario);

  /// The unit of a VM (an index into units()).
  std::uint32_t unit_of(std::uint32_t vm) const { return m_unit_of[vm]; }
  /// Every unit as its VM indices, in order of each unit's first VM.
  const std::vector<std::vector<std::uint32_t>>& units() const { return m_units; }

 private:
  std::vector<std::uint32_t> m_unit_of;
  std::vector<std::vector<std::uint32_t>> m_units;
};

}  // namespace dcod::core
