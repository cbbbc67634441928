// --show: the topology graph of scenario + placement; no host is contacted.

#include <iostream>

#include "app/modes.h"
#include "app/scenario_input.h"
#include "graph/graph_export.h"
#include "graph/render.h"

namespace dcod::app {

int run_show(const Invocation& invocation) {
  const CliOptions& options = invocation.options;
  auto scenario = load_scenario_for(options, invocation.backends.catalog());
  if (!scenario) return k_exit_usage;
  auto placement = place_for(*scenario, invocation.backends.catalog());
  if (!placement) return k_exit_usage;
  core::TopologyGraph graph = core::build_topology(*scenario, *placement);
  const std::string& format = options.format;
  if (format == "graphml")
    return write_output(options, core::to_graphml(graph)) ? k_exit_ok : k_exit_failed;
  if (format == "json")
    return write_output(options, core::to_json(graph, scenario->name)) ? k_exit_ok : k_exit_failed;
  std::string dot = core::to_dot(graph, scenario->name);
  if (format == "dot") return write_output(options, dot) ? k_exit_ok : k_exit_failed;
  Expected<bool> rendered = core::render_with_graphviz(dot, format, options.output);
  if (!rendered) {
    print_error(rendered.error());
    return k_exit_failed;
  }
  return k_exit_ok;
}

}  // namespace dcod::app
