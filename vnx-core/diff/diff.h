#pragma once

#include "desire/desired_state.h"
#include "observe/observed_state.h"
#include "plan/action.h"

namespace dcod::core {

/// Derives the plan that turns the observed state into the desired one (level-triggered: the
/// last run does not matter). Hosts that could not be observed get no actions; a host where a
/// desired VNI is held by someone else is refused as a whole. Equal states give an empty plan.
Plan diff(const DesiredState& desired, const ObservedState& observed);

}  // namespace dcod::core
