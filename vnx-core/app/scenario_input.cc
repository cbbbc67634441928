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

/// Where a VNX scenario runs without --hosts: the desk lab's three simulated hosts.
constexpr std::string_view k_desk_hosts = R"(<hosts version="1">
  <global><underlay subnet="198.18.0.0/24"/></global>
  <host name="hv1"/>
  <host name="hv2"/>
  <host name="hv3"/>
</hosts>
)";

/// Prints the findings of one file; false (and the count) when one of them is an error.
bool report_findings(core::LoadResult& result, bool strict) {
  if (strict) result.diagnostics.promote_warnings();
  std::cerr << result.diagnostics.format_all(k_findings_shown);
  if (!result.diagnostics.has_errors()) return true;
  std::size_t n = result.diagnostics.error_count();
  std::cerr << "dcod: " << n << (n == 1 ? " error" : " errors") << " in "
            << result.diagnostics.file() << "; nothing was touched\n";
  return false;
}

/// The hosts a VNX scenario runs on: --hosts FILE, or the desk lab's.
std::optional<core::Scenario> hosts_for(const CliOptions& options,
                                        const core::BackendCatalog& backends) {
  core::LoadResult hosts =
      options.hosts_file.empty()
          ? core::load_valid_hosts_text(k_desk_hosts, "desk hosts (built in)", backends)
          : core::load_valid_hosts(options.hosts_file, backends);
  if (!report_findings(hosts, options.strict)) return std::nullopt;
  return std::move(hosts.scenario);
}

}  // namespace

std::optional<core::Scenario> load_scenario_for(const CliOptions& options,
                                                const core::BackendCatalog& backends) {
  std::optional<core::Scenario> hosts = hosts_for(options, backends);
  if (!hosts) return std::nullopt;
  core::LoadResult result = options.file.empty()
                                ? core::load_valid_scenario_text(embedded_desk_scenario(),
                                                                 "desk.xml (built in)", backends)
                                : core::load_valid_scenario(options.file, backends, &*hosts);
  if (result.scenario && !result.scenario->from_vnx && !options.hosts_file.empty()) {
    result.diagnostics.error({}, "", "--hosts is for VNX scenarios, and this one is dcod's own",
                             "its hosts are its <host> elements: leave out --hosts");
    result.scenario.reset();
  }
  if (!report_findings(result, options.strict)) return std::nullopt;
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
