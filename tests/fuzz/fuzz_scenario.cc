// The scenario loader and validator on any bytes, dcod's language and VNX's (on three simulated
// hosts): never a crash, and a scenario that loads without errors has what the rest of dcod
// relies on (every VM on a declared net).

#include <cstdlib>

#include "fuzz_input.h"
#include "registry.h"
#include "validate/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dcod::core::BackendCatalog catalog = [] {
    dcod::plugins::BackendRegistry registry;
    dcod::plugins::register_builtin_backends(registry);
    return registry.catalog();
  }();
  static const dcod::core::Scenario hosts =
      *dcod::core::load_valid_hosts_text(
           "<hosts version=\"1\"><host name=\"hv1\"/><host name=\"hv2\"/>"
           "<host name=\"hv3\"/></hosts>",
           "hosts.xml", catalog)
           .scenario;
  std::string text = dcod::fuzz::as_text(data, size);
  dcod::core::LoadResult r =
      dcod::core::load_valid_scenario_text(text, "fuzz.xml", catalog, &hosts);
  if (!r.scenario || r.diagnostics.has_errors()) return 0;
  for (const dcod::core::Vm& vm : r.scenario->vms) {
    for (const dcod::core::Interface& i : vm.interfaces) {
      if (i.net_index >= r.scenario->nets.size()) std::abort();  // a valid scenario's net
    }
  }
  return 0;
}
