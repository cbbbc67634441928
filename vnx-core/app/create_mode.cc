// --create and --destroy: observe, diff, apply; the state record remembers the hosts touched.

#include <unistd.h>

#include <iostream>

#include "app/logging.h"
#include "app/modes.h"
#include "app/reconcile.h"
#include "apply/executor.h"
#include "plan/diff.h"
#include "status/status.h"
#include "transport/kept_session.h"

namespace dcod::app {

namespace {

/// A host as the record keeps it: how it was reached (the identity as resolved, not as written).
core::RecordedHost recorded(const Reconcile& r, const std::string& name, bool simulated,
                            const std::string& address) {
  core::RecordedHost h;
  h.name = name;
  h.simulated = simulated;
  h.address = address;
  if (auto e = r.access.endpoints.find(name); e != r.access.endpoints.end()) {
    h.port = e->second.port;
    h.user = e->second.user;
    h.identity = e->second.identity;
  }
  return h;
}

/// The hosts of the scenario, plus departed hosts that could not be cleaned up this time.
core::StateRecord record_of(const Reconcile& r, const core::ObservedState& observed) {
  core::StateRecord record;
  record.scenario = r.scenario.name;
  for (const core::Host& h : r.scenario.hosts)
    record.hosts.push_back(recorded(r, h.name, h.is_simulated(), h.address));
  for (std::size_t h = r.scenario.hosts.size(); h < r.desired.hosts.size(); ++h) {
    const core::DesiredHost& gone = r.desired.hosts[h];
    if (!observed.hosts[h].reachable) {
      record.hosts.push_back(recorded(r, gone.name, gone.simulated, gone.underlay_address));
    }
  }
  return record;
}

/// Observes, plans and applies; returns the exit status.
int reconcile(Reconcile& r, const CliOptions& options, bool destroy) {
  plugins::NetnsBackend backend(r.desired, script_timeout(), r.access, options.jobs);
  core::ObservedState observed = backend.observe();
  std::size_t unreachable = report_unreachable(r.desired, observed);
  core::Plan plan = core::diff(r.desired, observed);
  core::StatusPrinter printer(stdout, ::isatty(STDOUT_FILENO) && !options.no_color);
  core::ApplyReport report = core::execute(plan, backend, printer, options.jobs);
  for (std::size_t h = 0; h < observed.hosts.size(); ++h) {
    if (!observed.hosts[h].reachable)
      report.failed_hosts.push_back(r.desired.hosts[h].name + ": " + observed.hosts[h].error);
  }
  report.hosts = r.scenario.hosts.size();
  printer.summary(plan, report);
  subsystem_logger("backend").debug("round trips per host: {}", backend.round_trips());
  if (destroy && report.ok()) {
    plugins::close_kept_sessions(r.access.options.keeper_dir);  // nothing left to keep them for
    core::remove_state_record(r.state_dir);
  } else if (!destroy) {
    auto written = core::write_state_record(r.state_dir, record_of(r, observed));
    if (!written) std::cerr << "dcod: warning: " << written.error().message << "\n";
  }
  return report.ok() && unreachable == 0 ? k_exit_ok : k_exit_failed;
}

}  // namespace

int run_create(const CliOptions& options) {
  auto r = prepare(options);
  if (!r) return k_exit_usage;
  auto lock = lock_scenario(*r);
  if (!lock) return k_exit_failed;
  add_departed_hosts(*r);
  return reconcile(*r, options, false);
}

int run_destroy(const CliOptions& options) {
  auto r = prepare(options);
  if (!r) return k_exit_usage;
  auto lock = lock_scenario(*r);
  if (!lock) return k_exit_failed;
  add_departed_hosts(*r);
  r->desired = core::emptied(r->desired);
  return reconcile(*r, options, true);
}

}  // namespace dcod::app
