// convert (dcod convert, or --convert): a VNX file written as the equivalent dcod scenario, on
// the hosts of --hosts (or the desk lab's), so that a user can move over for good. What the
// VNX file asks for and dcod does not do is warned about as when running it.

#include <iostream>

#include "app/modes.h"
#include "app/scenario_input.h"
#include "load/scenario_writer.h"

namespace dcod::app {

int run_convert(const Invocation& invocation) {
  const CliOptions& options = invocation.options;
  if (options.file.empty()) {
    print_error(Error{"convert needs the VNX file to convert",
                      "dcod convert -f vnx.xml [--hosts hosts.xml] -o scenario.xml",
                      ErrorCode::invalid});
    return k_exit_usage;
  }
  auto scenario = load_scenario_for(options, invocation.backends.catalog());
  if (!scenario) return k_exit_usage;
  std::string comment = "Written by dcod convert from " + scenario->file +
                        (scenario->from_vnx ? " (VNX 2.0)" : "") + ".";
  if (!write_output(options, core::write_scenario(*scenario, comment))) return k_exit_failed;
  if (!options.output.empty() && options.output != "-" && !options.quiet)
    std::cerr << "dcod: wrote " << options.output << ": scenario '" << scenario->name << "'\n";
  return k_exit_ok;
}

}  // namespace dcod::app
