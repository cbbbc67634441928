#pragma once

#include "apply/action_runner.h"
#include "plan/action.h"
#include "status/status.h"

namespace dcod::core {

/// Runs a plan (ninja's Builder): in rounds, each round every host's actions whose dependencies
/// have all succeeded, hosts in parallel (at most `jobs` at once; 0 = all). An action whose
/// dependency failed is skipped, so a failure stops only what builds on it; other hosts go on.
ApplyReport execute(const Plan& plan, ActionRunner& runner, Status& status, unsigned jobs);

}  // namespace dcod::core
