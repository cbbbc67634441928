#include "segmentation/registry.h"

#include "min_tunnels/min_tunnels_segmenter.h"
#include "round_robin/round_robin_segmenter.h"
#include "static/static_segmenter.h"
#include "weighted/weighted_segmenter.h"

namespace dcod::seg {

void SegmenterRegistry::add(SegmenterFactory factory) {
  m_factories.push_back(std::move(factory));
}

const SegmenterFactory* SegmenterRegistry::find(std::string_view name) const {
  for (const SegmenterFactory& f : m_factories) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> SegmenterRegistry::names() const {
  std::vector<std::string> out;
  for (const SegmenterFactory& f : m_factories) out.push_back(f.name);
  return out;
}

void register_builtin_segmenters(SegmenterRegistry& registry) {
  registry.add(static_segmenter_factory());
  registry.add(round_robin_segmenter_factory());
  registry.add(weighted_segmenter_factory());
  registry.add(min_tunnels_segmenter_factory());
}

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Expected<core::Placement> segment(const core::Scenario& scenario,
                                  const SegmenterRegistry& registry) {
  const std::string& name = scenario.global.algorithm;
  const SegmenterFactory* factory = registry.find(name);
  if (!factory) {
    std::string why = scenario.global.algorithm_given ? "" : " (the default)";
    return Error{"segmentation algorithm '" + name + "'" + why + " is not available in this build",
                 "set <segmentation algorithm=...> to one of: " + joined(registry.names())};
  }
  Expected<core::Placement> placement = factory->create(scenario.global)->place(scenario);
  if (!placement) return placement;
  return core::checked_placement(scenario, std::move(*placement));
}

}  // namespace dcod::seg
