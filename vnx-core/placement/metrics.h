#pragma once

#include <cstdint>
#include <vector>

#include "model/scenario.h"
#include "placement/host_usage.h"
#include "placement/placement.h"

namespace dcod::core {

/// The figures of DESIGN §8 for one placement.
struct SegmentationMetrics {
  /// Σ over nets of (span − 1): copies of a broadcast beyond the first.
  std::uint64_t replication_cost = 0;
  /// Σ over nets of span·(span − 1): all-zero FDB entries on all hosts together.
  std::uint64_t flood_entries = 0;
  /// max over hosts of utilisation / mean utilisation (1.0 when perfectly even or empty).
  double imbalance = 1.0;
  /// What is placed on each host, by host index.
  std::vector<Demand> used;
  /// The hosts (ascending index) that carry each net, by net index; span = size.
  std::vector<std::vector<std::uint32_t>> net_hosts;
};

/// Computes every metric of a placement.
SegmentationMetrics measure_placement(const Scenario& scenario, const Placement& placement);

/// The hosts carrying each net under a placement (ascending host index per net).
std::vector<std::vector<std::uint32_t>> hosts_per_net(const Scenario& scenario,
                                                      const Placement& placement);

/// Utilisation of each host: where no host declares capacity, its VM count; otherwise the
/// largest used/capacity ratio over resources, where a host that does not declare a resource
/// counts with the mean capacity of the hosts that do.
std::vector<double> host_utilisation(const Scenario& scenario, const std::vector<Demand>& used);

}  // namespace dcod::core
