#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.h"
#include "placement/placement.h"
#include "util/expected.h"

namespace dcod::seg {

/// A segmentation plugin as the registry knows it: a name, a line of help, and a factory that
/// makes a configured Segmenter from the scenario's <segmentation> settings.
struct SegmenterFactory {
  std::string name;
  std::string description;
  std::function<std::unique_ptr<core::Segmenter>(const core::Global&)> create;
};

/// Segmentation plugins by name; filled by register_builtin_segmenters().
class SegmenterRegistry {
 public:
  /// Adds a plugin; names are unique (the later one of a duplicate is never found).
  void add(SegmenterFactory factory);
  /// The plugin called `name`, or nullptr.
  const SegmenterFactory* find(std::string_view name) const;
  /// Every registered name, in registration order.
  std::vector<std::string> names() const;

 private:
  std::vector<SegmenterFactory> m_factories;
};

/// Registers every plugin built into dcod; adding a plugin is one line here.
void register_builtin_segmenters(SegmenterRegistry& registry);

/// Places the VMs of a valid scenario with the algorithm it names, and checks the result.
Expected<core::Placement> segment(const core::Scenario& scenario,
                                  const SegmenterRegistry& registry);

}  // namespace dcod::seg
