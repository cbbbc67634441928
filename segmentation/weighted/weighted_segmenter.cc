#include "weighted/weighted_segmenter.h"

#include <algorithm>
#include <numeric>

#include "common/assignment.h"
#include "common/load_limits.h"

namespace dcod::seg {

namespace {

/// Units to place, the biggest first (what is hardest to fit goes where there is most room);
/// ties keep scenario order.
std::vector<std::uint32_t> largest_first(const std::vector<Unit>& units, const LoadLimits& limits) {
  std::vector<std::uint32_t> order(units.size());
  std::iota(order.begin(), order.end(), 0u);
  auto size = [&](std::uint32_t u) { return limits.fill(0, units[u].demand); };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return size(a) > size(b); });
  return order;
}

/// The host the unit leaves least full among those that can take it; ties to the lowest index.
std::optional<std::uint32_t> least_full_fit(const Assignment& a, const LoadLimits& limits,
                                            std::uint32_t unit, const Unit& u) {
  std::optional<std::uint32_t> best;
  double best_fill = 0;
  for (std::uint32_t h = 0; h < limits.host_count(); ++h) {
    double fill = limits.fill(h, plus(a.usage().used(h), u.demand));
    if (best && fill >= best_fill) continue;
    if (a.why_not(unit, h)) continue;
    best = h;
    best_fill = fill;
  }
  return best;
}

}  // namespace

Expected<core::Placement> WeightedSegmenter::place(const core::Scenario& scenario) const {
  std::vector<Unit> units = build_units(scenario);
  const LoadLimits limits(scenario, 1.0);  // only the shares count here
  Assignment assignment(scenario, units);
  if (auto error = assignment.place_pinned()) return *error;
  for (std::uint32_t unit : largest_first(units, limits)) {
    if (units[unit].pin) continue;
    auto host = least_full_fit(assignment, limits, unit, units[unit]);
    if (!host) return assignment.nowhere_error(unit);
    assignment.assign(unit, *host);
  }
  return assignment.placement();
}

SegmenterFactory weighted_segmenter_factory() {
  return {"weighted", "capacity-aware: largest first, each to the host it leaves least full",
          [](const core::Global&) { return std::make_unique<WeightedSegmenter>(); }};
}

}  // namespace dcod::seg
