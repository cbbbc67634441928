// --create and --destroy: (bring end points up,) observe, diff, apply; the state record
// remembers the hosts touched.

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <set>

#include "app/logging.h"
#include "app/modes.h"
#include "app/reconcile.h"
#include "app/scenario_input.h"
#include "apply/backend_runner.h"
#include "apply/executor.h"
#include "diff/diff.h"
#include "observe/observe.h"
#include "registry.h"
#include "session/kept_session.h"
#include "session/ssh_login.h"
#include "status/status.h"

namespace dcod::app {

namespace {

/// Whole milliseconds from `from` to `to`, for the debug log.
long long milliseconds_between(std::chrono::steady_clock::time_point from,
                               std::chrono::steady_clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

/// A host as the record keeps it: its backend, how it was reached (the identity as resolved,
/// not as written) and where its tunnels end.
core::RecordedHost recorded(const Reconcile& r, const core::Host& h, const core::Endpoint& at) {
  core::RecordedHost out;
  out.name = h.name;
  out.backend = h.backend;
  out.simulated = h.is_simulated();
  out.address = h.address;
  out.endpoint = at.address;
  out.port = h.port;
  out.user = h.user;
  out.identity = h.identity.empty() ? "" : plugins::scenario_path(r.scenario.file, h.identity);
  out.os = h.os == core::HostOs::windows ? "windows" : h.os == core::HostOs::linux ? "linux" : "";
  out.vboxmanage = h.vboxmanage;
  if (h.proxy) {
    out.proxy_vm = h.proxy->vm;
    out.proxy_user = h.proxy->user;
    out.proxy_identity =
        h.proxy->identity.empty() ? "" : plugins::scenario_path(r.scenario.file, h.proxy->identity);
  }
  return out;
}

/// The VMs a host may hold after this run: those it should, and those it was found holding.
std::vector<std::string> vms_of(const core::DesiredHost& want, const core::ObservedHost& seen) {
  std::set<std::string> names;
  for (const core::DesiredVm& vm : want.vms) names.insert(vm.name);
  for (const auto& [name, vm] : seen.vms) names.insert(name);
  return {names.begin(), names.end()};
}

/// The hosts of the scenario, plus departed hosts that could not be cleaned up this time.
core::StateRecord record_of(const Reconcile& r, const core::ObservedState& observed) {
  core::StateRecord record;
  record.scenario = r.scenario.name;
  for (std::size_t h = 0; h < r.scenario.hosts.size(); ++h) {
    record.hosts.push_back(recorded(r, r.scenario.hosts[h], r.endpoints[h]));
    record.hosts.back().vms = vms_of(r.desired.hosts[h], observed.hosts[h]);
  }
  for (std::size_t k = 0; k < r.departed.size(); ++k) {
    std::size_t h = r.scenario.hosts.size() + k;
    if (observed.hosts[h].reachable) continue;
    record.hosts.push_back(recorded(r, r.departed[k], r.endpoints[h]));
    record.hosts.back().vms = vms_of(r.desired.hosts[h], observed.hosts[h]);
  }
  return record;
}

std::string round_trips(const Reconcile& r) {
  std::string out;
  for (std::size_t h = 0; h < r.backends.hosts.size(); ++h) {
    out += (out.empty() ? "" : ", ") + r.desired.hosts[h].name + " " +
           std::to_string(r.backends.hosts[h]->round_trips());
  }
  return out;
}

/// Observes, plans and applies; returns the exit status. `trouble` counts the hosts already
/// known to have failed (an end point that could not be brought up).
int reconcile(Reconcile& r, const CliOptions& options, bool destroy, std::size_t trouble) {
  auto started = std::chrono::steady_clock::now();
  core::ObservedState observed = core::observe(r.desired, r.backends, options.jobs);
  auto seen = std::chrono::steady_clock::now();
  core::Plan plan = core::diff(r.desired, observed);
  subsystem_logger("core").debug("observed in {} ms, planned {} actions in {} ms",
                                 milliseconds_between(started, seen), plan.actions.size(),
                                 milliseconds_between(seen, std::chrono::steady_clock::now()));
  std::size_t unobserved = report_unobserved(r.desired, observed, plan);
  core::StatusPrinter printer(stdout, ::isatty(STDOUT_FILENO) && !options.no_color, options.quiet);
  core::BackendRunner runner(r.backends);
  core::ApplyReport report = core::execute(plan, runner, printer, options.jobs);
  for (std::size_t h = 0; h < observed.hosts.size(); ++h) {
    if (!observed.hosts[h].reachable)
      report.failed_hosts.push_back(on_host(observed.hosts[h].error, r.desired.hosts[h].name));
  }
  for (const core::Refusal& refusal : plan.refusals) report.failed_hosts.push_back(refusal.why);
  report.hosts = r.scenario.hosts.size();
  printer.summary(plan, report);
  if (destroy && plan.empty() && unobserved == 0 && r.departed.empty())
    std::cerr << other_scenarios_note(r, options);
  subsystem_logger("backend").debug("round trips per host: {}", round_trips(r));
  bool ok = report.ok() && unobserved == 0 && trouble == 0;
  if (destroy && ok) {
    plugins::close_kept_sessions(keeper_dir(r.state_dir));  // nothing left to keep them for
    core::remove_state_record(r.state_dir);
  } else if (!destroy) {
    // Without its record a later run cannot find the hosts that leave the scenario: a failure.
    auto written = core::write_state_record(r.state_dir, record_of(r, observed));
    if (!written) {
      print_error(written.error());
      ok = false;
    }
  }
  return ok ? k_exit_ok : k_exit_failed;
}

/// Loads, locks, adds the departed hosts and makes the backends; nullopt with the exit status
/// in `status` when one step failed.
std::optional<Reconcile> locked_run(const Invocation& invocation, int& status,
                                    std::unique_ptr<core::ScenarioLock>& lock) {
  status = k_exit_usage;
  auto r = load_and_place(invocation);
  if (!r) return std::nullopt;
  lock = lock_scenario(*r);
  if (!lock) {
    status = k_exit_failed;
    return std::nullopt;
  }
  add_departed_hosts(*r);
  if (!desire_with_backends(*r, invocation)) return std::nullopt;
  return r;
}

}  // namespace

int run_create(const Invocation& invocation) {
  int status = k_exit_ok;
  std::unique_ptr<core::ScenarioLock> lock;
  auto r = locked_run(invocation, status, lock);
  if (!r) return status;
  // Two stages in one run: end points that only a running proxy can tell are brought up and
  // read first, so that everything is desired with the real addresses.
  std::size_t trouble = bring_up_endpoints(*r, invocation.options.jobs);
  return reconcile(*r, invocation.options, false, trouble);
}

int run_destroy(const Invocation& invocation) {
  int status = k_exit_ok;
  std::unique_ptr<core::ScenarioLock> lock;
  auto r = locked_run(invocation, status, lock);
  if (!r) return status;
  r->desired = core::emptied(r->desired);
  return reconcile(*r, invocation.options, true, 0);
}

}  // namespace dcod::app
