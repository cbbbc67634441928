#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario_builder.h"
#include "segmentation/registry.h"

namespace dcod::seg {

/// Runs the registry's segmentation on scenario text and reports host names per VM.
inline Expected<core::Placement> segment_text(const std::string& body, core::Scenario& keep) {
  keep = test::valid_scenario(test::scenario_xml(body));
  SegmenterRegistry registry;
  register_builtin_segmenters(registry);
  return segment(keep, registry);
}

/// Host names of a placement in VM order.
inline std::vector<std::string> host_names(const core::Scenario& s, const core::Placement& p) {
  std::vector<std::string> out;
  for (std::uint32_t h : p.host_of_vm) out.push_back(s.hosts[h].name);
  return out;
}

}  // namespace dcod::seg
