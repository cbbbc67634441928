#pragma once

#include <cstdint>
#include <vector>

#include "model/scenario.h"
#include "util/expected.h"

namespace dcod::core {

/// Which host each VM runs on: host_of_vm[vm index] is an index into Scenario::hosts.
struct Placement {
  std::vector<std::uint32_t> host_of_vm;
};

/// A segmentation algorithm: places every VM of a valid scenario on a host, honouring pins,
/// affinity, anti-affinity and declared capacities, or says why it cannot.
class Segmenter {
 public:
  virtual ~Segmenter() = default;
  /// The placement, or an error naming the VM, the host and the resource that does not fit.
  virtual Expected<Placement> place(const Scenario& scenario) const = 0;
};

/// Checks a placement against the scenario's pins, constraints and capacities; an error names
/// the first broken rule. Run on every plugin's result, so a plugin bug never reaches a host.
Expected<Placement> checked_placement(const Scenario& scenario, Placement placement);

}  // namespace dcod::core
