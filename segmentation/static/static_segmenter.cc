#include "static/static_segmenter.h"

#include "common/assignment.h"

namespace dcod::seg {

Expected<core::Placement> StaticSegmenter::place(const core::Scenario& scenario) const {
  std::vector<Unit> units = build_units(scenario);
  std::string unpinned;
  std::size_t count = 0;
  for (const Unit& u : units) {
    if (u.pin) continue;
    for (std::uint32_t vm : u.vms) {
      if (++count <= 5) unpinned += (count > 1 ? ", '" : "'") + scenario.vms[vm].name + "'";
    }
  }
  if (count > 0) {
    if (count > 5) unpinned += " and " + std::to_string(count - 5) + " more";
    return Error{
        "the static algorithm places only pinned VMs; no host= for " + unpinned,
        "add host=\"...\" to each VM, or choose <segmentation algorithm=\"round-robin\"/>"};
  }
  Assignment assignment(scenario, units);
  if (auto error = assignment.place_pinned()) return *error;
  return assignment.placement();
}

SegmenterFactory static_segmenter_factory() {
  return {"static", "every VM on the host its host= attribute names",
          [](const core::Global&) { return std::make_unique<StaticSegmenter>(); }};
}

}  // namespace dcod::seg
