// --plan: the actions --create would take; nothing is changed. Exit 0 when the hosts match,
// 3 when there is something to do, 1 when a host cannot be observed or is refused.

#include <iostream>

#include "app/modes.h"
#include "app/reconcile.h"
#include "diff/diff.h"
#include "observe/observe.h"
#include "plan/plan_text.h"

namespace dcod::app {

int run_plan(const Invocation& invocation) {
  auto r = prepare(invocation);
  if (!r) return k_exit_usage;
  core::ObservedState observed = core::observe(r->desired, r->backends, invocation.options.jobs);
  core::Plan plan = core::diff(r->desired, observed);
  std::size_t unobserved = report_unobserved(r->desired, observed, plan);
  std::cout << core::format_plan(plan);
  if (unobserved) return k_exit_failed;
  return plan.empty() ? k_exit_ok : k_exit_changes_pending;
}

}  // namespace dcod::app
