#pragma once

// The observe stage: every host through its backend, and the director's site, in parallel.

#include "backend/host_backend.h"
#include "desire/desired_state.h"
#include "observe/observed_state.h"

namespace dcod::core {

/// Observes every host (at most `jobs` at once; 0: all, up to k_default_width) and the site. A
/// backend that fails, even by throwing, marks only its own host as not observed.
ObservedState observe(const DesiredState& want, RunBackends& backends, unsigned jobs);

}  // namespace dcod::core
