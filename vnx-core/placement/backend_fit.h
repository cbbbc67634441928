#pragma once

// What a placement puts on each host must fit the backend that serves it: a VirtualBox VM's
// network adapters and image, a proxy VM's free slots. Checked before any host is contacted, as
// the validator's rules are, because only the placement says which backend a VM lands on.

#include "load/diagnostics.h"
#include "model/backend_traits.h"
#include "model/scenario.h"
#include "placement/placement.h"

namespace dcod::core {

/// Adds an error (or a warning) to `diagnostics` for every VM or host that does not fit.
void check_backend_fit(const Scenario& scenario, const Placement& placement,
                       const BackendCatalog& backends, Diagnostics& diagnostics);

}  // namespace dcod::core
