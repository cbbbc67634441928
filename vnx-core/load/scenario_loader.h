#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "load/diagnostics.h"
#include "model/backend_traits.h"
#include "model/scenario.h"

namespace dcod::core {

/// What loading produced: the model (partial when there were errors, absent when the text is not
/// well-formed XML) and every finding so far. Validation adds its findings to the same list.
struct LoadResult {
  std::optional<Scenario> scenario;
  Diagnostics diagnostics;
};

/// Reads and parses a scenario file; `backends` are the backends a host may name. A VNX file
/// (root <vnx>) runs on `vnx_hosts` (see load_hosts_file), and is refused without them.
LoadResult load_scenario_file(const std::string& path, const BackendCatalog& backends,
                              const Scenario* vnx_hosts = nullptr);
/// Parses scenario text held in memory; `file` names it in messages.
LoadResult load_scenario_text(std::string_view text, const std::string& file,
                              const BackendCatalog& backends, const Scenario* vnx_hosts = nullptr);

/// Reads a hosts file (root <hosts version="1">: <global>, <host> and <net> pinning a VNI by
/// name): where the VMs of a VNX scenario go. The scenario it gives has no name and no VMs.
LoadResult load_hosts_file(const std::string& path, const BackendCatalog& backends);
/// The same for hosts text held in memory (the desk lab's hosts, tests).
LoadResult load_hosts_text(std::string_view text, const std::string& file,
                           const BackendCatalog& backends);

}  // namespace dcod::core
