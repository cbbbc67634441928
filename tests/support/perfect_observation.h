#pragma once

#include "desire/desired_state.h"
#include "observe/observed_state.h"

namespace dcod::test {

/// What a backend would observe on hosts that exactly match `desired` (for diff and executor
/// tests): every VTEP, entry, VM and simulated host as desired.
core::ObservedState perfect_observation(const core::DesiredState& desired);

}  // namespace dcod::test
