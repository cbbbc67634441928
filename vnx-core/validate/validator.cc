#include "validate/validator.h"

#include "validate/rules.h"

namespace dcod::core {

void validate_scenario(const Scenario& scenario, const BackendCatalog& backends,
                       Diagnostics& diagnostics) {
  check_uniqueness(scenario, diagnostics);
  check_references(scenario, diagnostics);
  check_constraints(scenario, diagnostics);
  check_addressing(scenario, diagnostics);
  check_director(scenario, diagnostics);
  check_limits(scenario, backends, diagnostics);
}

namespace {

LoadResult validated(LoadResult result, const BackendCatalog& backends) {
  if (result.scenario) validate_scenario(*result.scenario, backends, result.diagnostics);
  if (result.scenario && result.scenario->from_vnx)
    result.diagnostics.rename_root("/scenario/", "/vnx/");
  if (result.scenario && result.scenario->hosts_file)
    result.diagnostics.rename_root("/scenario/", "/hosts/");
  if (result.diagnostics.has_errors()) result.scenario.reset();
  return result;
}

}  // namespace

LoadResult load_valid_scenario(const std::string& path, const BackendCatalog& backends,
                               const Scenario* vnx_hosts) {
  return validated(load_scenario_file(path, backends, vnx_hosts), backends);
}

LoadResult load_valid_scenario_text(std::string_view text, const std::string& file,
                                    const BackendCatalog& backends, const Scenario* vnx_hosts) {
  return validated(load_scenario_text(text, file, backends, vnx_hosts), backends);
}

LoadResult load_valid_hosts(const std::string& path, const BackendCatalog& backends) {
  return validated(load_hosts_file(path, backends), backends);
}

LoadResult load_valid_hosts_text(std::string_view text, const std::string& file,
                                 const BackendCatalog& backends) {
  return validated(load_hosts_text(text, file, backends), backends);
}

std::string path_of_host(const Host& host) {
  return "/scenario/host[" + host.name + "]";
}
std::string path_of_net(const Net& net) {
  return "/scenario/net[" + net.name + "]";
}
std::string path_of_vm(const Vm& vm) {
  return "/scenario/vm[" + vm.name + "]";
}
std::string path_of_interface(const Vm& vm, const Interface& iface) {
  std::string id = iface.id == Interface::k_refused_id ? "?" : std::to_string(iface.id);
  return path_of_vm(vm) + "/if[" + id + "]";
}

}  // namespace dcod::core
