// --status: desired vs observed per host, as tables of VM interfaces and VTEPs with the state of
// each row, or as JSON. Nothing is changed. Exit 0 in sync, 3 drift or not created (as --plan),
// 1 a host could not be observed or was refused.

#include "app/modes.h"
#include "app/reconcile.h"
#include "app/scenario_input.h"
#include "diff/diff.h"
#include "observe/observe.h"
#include "status/inspect.h"

namespace dcod::app {

int run_status(const Invocation& invocation) {
  const CliOptions& options = invocation.options;
  auto r = prepare(invocation);
  if (!r) return k_exit_usage;
  core::ObservedState observed = core::observe(r->desired, r->backends, options.jobs);
  core::Plan plan = core::diff(r->desired, observed);
  core::StatusReport report = core::inspect(r->scenario, r->desired, observed, plan);
  std::string text =
      options.format == "json" ? core::status_json(report) : core::status_table(report);
  if (!write_output(options, text)) return k_exit_failed;
  if (report.state == "not observed") return k_exit_failed;
  return report.in_sync() ? k_exit_ok : k_exit_changes_pending;
}

}  // namespace dcod::app
