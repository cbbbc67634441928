#pragma once

#include <cstdint>
#include <vector>

#include "model/scenario.h"
#include "placement/host_usage.h"

namespace dcod::seg {

/// How much each host may hold: hard limits are declared capacities; soft limits keep a placement
/// within the balance bound (DESIGN §8). A resource counts for balance when some host declares
/// it (hosts that do not count with the mean of those that do); when none does, VMs count and
/// every host is equal. A host's soft limit is `imbalance` × its proportional share of the total
/// demand, never less than that share rounded up (so the limits always hold every VM of equal
/// demand) and never more than its capacity.
class LoadLimits {
 public:
  /// Limits for placing every VM of `scenario` under the given balance bound.
  LoadLimits(const core::Scenario& scenario, double imbalance);

  /// True when `used` stays within the host's declared capacities.
  bool within_capacity(std::uint32_t host, const core::Demand& used) const;
  /// True when `used` stays within the host's capacities and its balance share.
  bool within_balance(std::uint32_t host, const core::Demand& used) const;
  /// The largest fraction of its balance share that `used` takes on the host (1.0 = full share).
  double fill(std::uint32_t host, const core::Demand& used) const;
  std::size_t host_count() const { return m_hard.size(); }

 private:
  std::vector<core::Demand> m_hard;   // declared capacity; UINT64_MAX where none
  std::vector<core::Demand> m_share;  // proportional share of the total demand (at least 1)
  std::vector<core::Demand> m_soft;   // the balance limit
};

/// `a` fits under `b` in every resource.
bool fits_under(const core::Demand& a, const core::Demand& b);

/// `a` + `b`.
core::Demand plus(core::Demand a, const core::Demand& b);

/// `a` − `b` (b must fit under a).
core::Demand minus(core::Demand a, const core::Demand& b);

}  // namespace dcod::seg
