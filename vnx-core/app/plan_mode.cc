// --plan: the actions --create would take; nothing is changed. Exit 0 when the hosts match,
// 3 when there is something to do, 1 when a host cannot be observed.

#include <iostream>

#include "app/modes.h"
#include "app/reconcile.h"
#include "plan/diff.h"

namespace dcod::app {

int run_plan(const CliOptions& options) {
  auto r = prepare(options);
  if (!r) return k_exit_usage;
  plugins::NetnsBackend backend(r->desired, script_timeout(), r->access, options.jobs);
  core::ObservedState observed = backend.observe();
  std::size_t unreachable = report_unreachable(r->desired, observed);
  core::Plan plan = core::diff(r->desired, observed);
  std::cout << core::format_plan(plan);
  if (unreachable) return k_exit_failed;
  return plan.empty() ? k_exit_ok : k_exit_changes_pending;
}

}  // namespace dcod::app
