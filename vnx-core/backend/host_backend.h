#pragma once

// What a backend plugin implements, seen from the core (DESIGN §10): a per-host object that
// resolves the host's tunnel end point, observes the host and carries out that host's actions,
// and the site object of the director (the simulated underlay and what no host claims). The
// core calls them only through these interfaces and never knows which backend serves a host;
// plugins/ holds the implementations and the registry that makes them.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apply/action_runner.h"
#include "desire/desired_state.h"
#include "endpoints/endpoint.h"
#include "observe/observed_state.h"
#include "plan/action.h"
#include "util/expected.h"

namespace dcod::core {

/// A program and its arguments, to run inside a VM.
struct VmCommand {
  std::vector<std::string> argv;
};

/// How one command ended and what it printed (nothing when it printed straight to the terminal).
struct CommandOutcome {
  bool ran = false;  // false: an earlier failure or the host kept it from starting
  int exit_status = -1;
  std::string out;
  std::string err;
};

/// One host, as its backend serves it for one run.
class HostBackend {
 public:
  virtual ~HostBackend() = default;

  /// The host's end point as far as it can be known without changing anything; unknown (an
  /// empty address) where only a running proxy can tell.
  virtual Expected<Endpoint> endpoint() = 0;
  /// --create's first stage: starts what must run for the host's tunnels to end somewhere (a
  /// proxy VM, its address then read with a bounded wait) and returns the end point; where
  /// nothing must run, the end point as endpoint() knows it.
  virtual Expected<Endpoint> bring_up_endpoint() { return endpoint(); }
  /// Refuses a desired state the backend cannot realise on this host (a name collision, no
  /// free NIC slot), before anything is touched.
  virtual std::optional<Error> check(const DesiredHost& want) const {
    (void)want;
    return std::nullopt;
  }
  /// What the host holds of the scenario; `want` says what to look for.
  virtual ObservedHost observe(const DesiredHost& want) = 0;
  /// Carries out a batch of this host's actions, as ActionRunner::run.
  virtual std::vector<ActionResult> run(const Plan& plan,
                                        const std::vector<std::size_t>& batch) = 0;
  /// Runs commands inside one of its VMs, one after another, each whatever the last did.
  /// `attach`: the commands may use dcod's own terminal and streams directly where the VM is on
  /// this machine (an interactive shell); their outcome then holds no output.
  virtual Expected<std::vector<CommandOutcome>> run_in_vm(const std::string& vm,
                                                          const std::vector<VmCommand>& commands,
                                                          bool attach) = 0;
  /// The host's round trips so far, for the debug log.
  virtual std::size_t round_trips() const { return 0; }
};

/// The director's site: the simulated underlay and what of the scenario no host claims.
class SiteBackend {
 public:
  virtual ~SiteBackend() = default;
  /// The underlay and the leftovers, given what every host should hold.
  virtual ObservedSite observe(const DesiredState& want) = 0;
  /// Carries out a batch of the director's actions, as ActionRunner::run.
  virtual std::vector<ActionResult> run(const Plan& plan,
                                        const std::vector<std::size_t>& batch) = 0;
  /// The other scenarios whose marks this site sees here, each with what bears them
  /// ("namespaces dcod.lab.*"): for a --destroy that found nothing of its own.
  virtual std::map<std::string, std::string> other_scenarios() const { return {}; }
};

/// Every backend object of one run: one per desired host (same order), and the site.
struct RunBackends {
  std::vector<std::unique_ptr<HostBackend>> hosts;
  std::unique_ptr<SiteBackend> site;
};

}  // namespace dcod::core
