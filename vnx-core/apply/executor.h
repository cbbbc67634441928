#pragma once

#include "apply/action_runner.h"
#include "plan/action.h"
#include "status/status.h"

namespace dcod::core {

/// Runs a plan (ninja's Builder): each host in its own lane runs, batch after batch, its actions
/// whose dependencies have all succeeded, hosts in parallel (at most `jobs` at once; 0 = all, up
/// to k_default_width). A host goes on as soon as its own batch is done, never waiting for another host's
/// unrelated work; an action whose dependency failed is skipped, so a failure stops only what
/// builds on it.
ApplyReport execute(const Plan& plan, ActionRunner& runner, Status& status, unsigned jobs);

}  // namespace dcod::core
