#include "app/scenario_input.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "app/logging.h"
#include "placement/backend_fit.h"
#include "segmentation/registry.h"
#include "validate/validator.h"

namespace dcod::app {

namespace {

/// The findings printed before "... and N more": enough for any file written by hand.
constexpr std::size_t k_findings_shown = 200;

}  // namespace

std::optional<core::Scenario> load_scenario_for(const CliOptions& options,
                                                const core::BackendCatalog& backends) {
  core::LoadResult result = options.file.empty()
                                ? core::load_valid_scenario_text(embedded_desk_scenario(),
                                                                 "desk.xml (built in)", backends)
                                : core::load_valid_scenario(options.file, backends);
  std::cerr << result.diagnostics.format_all(k_findings_shown);
  if (result.diagnostics.has_errors()) {
    std::size_t n = result.diagnostics.error_count();
    std::cerr << "dcod: " << n << (n == 1 ? " error" : " errors") << " in "
              << result.diagnostics.file() << "; nothing was touched\n";
    return std::nullopt;
  }
  const core::Scenario& s = *result.scenario;
  subsystem_logger("core").debug("loaded scenario '{}': {} hosts, {} nets, {} VMs", s.name,
                                 s.hosts.size(), s.nets.size(), s.vms.size());
  return std::move(result.scenario);
}

std::optional<core::Placement> place_for(const core::Scenario& scenario,
                                         const core::BackendCatalog& backends) {
  seg::SegmenterRegistry registry;
  seg::register_builtin_segmenters(registry);
  Expected<core::Placement> placement = seg::segment(scenario, registry);
  if (!placement) {
    Error e = placement.error();
    e.message = "segmentation failed: " + e.message;
    e.context.file = scenario.file;
    print_error(e);
    return std::nullopt;
  }
  core::Diagnostics fit(scenario.file);
  core::check_backend_fit(scenario, *placement, backends, fit);
  std::cerr << fit.format_all(k_findings_shown);
  if (fit.has_errors()) {
    std::size_t n = fit.error_count();
    std::cerr << "dcod: " << n << (n == 1 ? " error" : " errors") << " in " << fit.file()
              << " with this placement; nothing was touched\n";
    return std::nullopt;
  }
  subsystem_logger("seg").debug("placed {} VMs with {}", scenario.vms.size(),
                                scenario.global.algorithm);
  return std::move(*placement);
}

void print_error(const Error& error) {
  std::cerr << "dcod: " << describe_with_hint(error) << "\n";
}

void print_warning(const Error& warning) {
  std::cerr << "dcod: warning: " << describe_with_hint(warning) << "\n";
}

bool write_output(const CliOptions& options, const std::string& text) {
  if (options.output.empty() || options.output == "-") {
    std::cout << text << std::flush;
    return true;
  }
  std::ofstream out(options.output, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "dcod: cannot write " << options.output << ": " << std::strerror(errno) << "\n";
    return false;
  }
  return true;
}

}  // namespace dcod::app
