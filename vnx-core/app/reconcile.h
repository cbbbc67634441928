#pragma once

// The steps the host-facing modes share: load → validate → segment, the backends of the run,
// their end points, desire. Each mode file strings them together for its purpose; none of them
// names a backend.

#include <chrono>
#include <memory>
#include <optional>

#include "app/modes.h"
#include "backend/host_backend.h"
#include "desire/desired_state.h"
#include "model/scenario.h"
#include "observe/observed_state.h"
#include "placement/placement.h"
#include "plan/action.h"
#include "state/state_record.h"

namespace dcod::app {

/// Every remote wait is bounded: one text on one host may take this long (300 s, or
/// DCOD_SCRIPT_TIMEOUT seconds when set).
std::chrono::milliseconds script_timeout();
/// How long a run waits for another run of the same scenario to finish.
inline constexpr std::chrono::seconds k_lock_wait{10};

/// Where the sessions kept between runs of a scenario listen: in its state directory.
inline std::string keeper_dir(const std::string& state_dir) {
  return state_dir + "/ssh";
}

/// What a host-facing mode works from.
struct Reconcile {
  core::Scenario scenario;
  core::Placement placement;
  std::string state_dir;
  std::vector<core::Host> departed;  // hosts the state record remembers, gone from the scenario
  core::RunBackends backends;        // per host of the run (the scenario's, then departed), site
  std::vector<core::Endpoint> endpoints;  // per host of the run
  core::DesiredState desired;
};

/// Loads, validates and places; prints what went wrong and returns nullopt (exit status 2) on
/// any error. Nothing is touched.
std::optional<Reconcile> load_and_place(const Invocation& invocation);

/// Takes the scenario's lock; prints why and returns nullptr when another run holds it.
std::unique_ptr<core::ScenarioLock> lock_scenario(const Reconcile& r);

/// Adds the hosts the state record remembers but the scenario no longer has.
void add_departed_hosts(Reconcile& r);

/// Makes the backends of the run, resolves the end points they know and computes the desired
/// state (departed hosts absent); prints what went wrong and returns false (exit status 2).
bool desire_with_backends(Reconcile& r, const Invocation& invocation);

/// --create's first stage: brings up the end points not known yet and, when one changed, desires
/// again with them; prints each host whose end point stays unknown and returns how many.
std::size_t bring_up_endpoints(Reconcile& r, unsigned jobs);

/// Everything up to the desired state, for a mode that takes no lock (--plan, --status, --exec).
std::optional<Reconcile> prepare(const Invocation& invocation);

/// For a --destroy that found nothing: the other scenarios the state directory's records and
/// the site's marks hold, as a warning with a hint; empty when there are none.
std::string other_scenarios_note(const Reconcile& r, const CliOptions& options);

/// Prints every host that could not be observed; returns how many hosts were not observed or
/// were refused (the plan and the summary list those).
std::size_t report_unobserved(const core::DesiredState& desired,
                              const core::ObservedState& observed, const core::Plan& plan);

}  // namespace dcod::app
