// --validate: load, validate and place (no host is contacted): capacities and what each backend
// takes are checked with the placement; a one-line summary when the scenario is valid.

#include <iostream>

#include "app/modes.h"
#include "app/scenario_input.h"
#include "util/words.h"

namespace dcod::app {

int run_validate(const Invocation& invocation) {
  auto scenario = load_scenario_for(invocation.options, invocation.backends.catalog());
  if (!scenario) return k_exit_usage;
  if (!place_for(*scenario, invocation.backends.catalog())) return k_exit_usage;
  std::cout << scenario->file << ": scenario '" << scenario->name
            << "' is valid: " << counted(scenario->hosts.size(), "host", "hosts") << ", "
            << counted(scenario->nets.size(), "net", "nets") << ", "
            << counted(scenario->vms.size(), "VM", "VMs") << "\n";
  return k_exit_ok;
}

}  // namespace dcod::app
