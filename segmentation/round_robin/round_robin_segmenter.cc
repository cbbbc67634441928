#include "round_robin/round_robin_segmenter.h"

#include "common/assignment.h"

namespace dcod::seg {

namespace {

/// The least-loaded host (by VM count) that can take the unit; ties to the lowest index.
std::optional<std::uint32_t> least_loaded_fit(const Assignment& assignment, std::uint32_t unit,
                                              std::uint32_t host_count) {
  std::optional<std::uint32_t> best;
  for (std::uint32_t h = 0; h < host_count; ++h) {
    if (best && assignment.usage().used(h).vms >= assignment.usage().used(*best).vms) continue;
    if (!assignment.why_not(unit, h)) best = h;
  }
  return best;
}

}  // namespace

Expected<core::Placement> RoundRobinSegmenter::place(const core::Scenario& scenario) const {
  std::vector<Unit> units = build_units(scenario);
  Assignment assignment(scenario, units);
  if (auto error = assignment.place_pinned()) return *error;
  const auto host_count = static_cast<std::uint32_t>(scenario.hosts.size());
  for (std::uint32_t unit = 0; unit < units.size(); ++unit) {
    if (units[unit].pin) continue;
    auto host = least_loaded_fit(assignment, unit, host_count);
    if (!host) return assignment.nowhere_error(unit);
    assignment.assign(unit, *host);
  }
  return assignment.placement();
}

SegmenterFactory round_robin_segmenter_factory() {
  return {"round-robin", "pinned VMs first, then each VM to the least-loaded host (EDIV)",
          [](const core::Global&) { return std::make_unique<RoundRobinSegmenter>(); }};
}

}  // namespace dcod::seg
