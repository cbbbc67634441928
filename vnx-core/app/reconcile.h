#pragma once

// The steps the host-facing modes share: load → validate → segment → desire, then observe and
// diff through the backend. Each mode file strings them together for its purpose.

#include <chrono>
#include <optional>

#include "app/cli_options.h"
#include "desire/desired_state.h"
#include "model/scenario.h"
#include "netns/netns_backend.h"
#include "observe/observed_state.h"
#include "placement/placement.h"
#include "plan/action.h"
#include "state/state_record.h"

namespace dcod::app {

/// Every remote wait is bounded: one script on one host may take this long (300 s, or
/// DCOD_SCRIPT_TIMEOUT seconds when set).
std::chrono::milliseconds script_timeout();
/// How long a run waits for another run of the same scenario to finish.
inline constexpr std::chrono::seconds k_lock_wait{10};

/// What a host-facing mode works from.
struct Reconcile {
  core::Scenario scenario;
  core::Placement placement;
  core::DesiredState desired;
  std::string state_dir;
  plugins::RemoteAccess access;  // how to reach hosts with an address
};

/// Loads, validates, places and computes the desired state; prints what went wrong and
/// returns nullopt (exit status 2) on any error. Nothing is touched.
std::optional<Reconcile> prepare(const CliOptions& options);

/// Takes the scenario's lock; prints why and returns nullptr when another run holds it.
std::unique_ptr<core::ScenarioLock> lock_scenario(const Reconcile& r);

/// Adds hosts the state record remembers but the scenario no longer has, as absent hosts.
void add_departed_hosts(Reconcile& r);

/// Prints every host that could not be observed; returns how many.
std::size_t report_unreachable(const core::DesiredState& desired,
                               const core::ObservedState& observed);

}  // namespace dcod::app
