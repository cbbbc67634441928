#pragma once

#include "load/diagnostics.h"
#include "load/scenario_loader.h"
#include "model/scenario.h"

namespace dcod::core {

/// Checks the rules that span elements (uniqueness, references, constraints, capacity of the
/// underlay) and adds every finding to `diagnostics`. Works on a partially loaded model: values
/// the loader already rejected are empty and skipped here.
void validate_scenario(const Scenario& scenario, const BackendCatalog& backends,
                       Diagnostics& diagnostics);

/// Loads a file and validates it: the scenario is set only when there is no error. A host may
/// name any of `backends`.
/// A VNX file runs on `vnx_hosts` (load_valid_hosts).
LoadResult load_valid_scenario(const std::string& path, const BackendCatalog& backends,
                               const Scenario* vnx_hosts = nullptr);
/// The same for scenario text held in memory (the embedded default, tests).
LoadResult load_valid_scenario_text(std::string_view text, const std::string& file,
                                    const BackendCatalog& backends,
                                    const Scenario* vnx_hosts = nullptr);
/// Loads a hosts file (--hosts) and validates its hosts and pinned nets.
LoadResult load_valid_hosts(const std::string& path, const BackendCatalog& backends);
/// The same for hosts text held in memory (the desk lab's hosts, tests).
LoadResult load_valid_hosts_text(std::string_view text, const std::string& file,
                                 const BackendCatalog& backends);

/// Element paths used in messages, e.g. /scenario/vm[a1]/if[0].
std::string path_of_host(const Host& host);
std::string path_of_net(const Net& net);
std::string path_of_vm(const Vm& vm);
std::string path_of_interface(const Vm& vm, const Interface& iface);

}  // namespace dcod::core
