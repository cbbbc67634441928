#include "app/reconcile.h"

#include <cstdlib>
#include <iostream>

#include "app/scenario_input.h"
#include "endpoints/endpoints.h"
#include "registry.h"
#include "session/ssh_login.h"

namespace dcod::app {

namespace {

/// The hosts of the run: the scenario's, then the departed ones.
std::vector<core::Host> hosts_of_run(const Reconcile& r) {
  std::vector<core::Host> hosts = r.scenario.hosts;
  hosts.insert(hosts.end(), r.departed.begin(), r.departed.end());
  return hosts;
}

std::vector<core::HostBackend*> pointers(core::RunBackends& backends) {
  std::vector<core::HostBackend*> out;
  for (auto& h : backends.hosts) out.push_back(h.get());
  return out;
}

/// The desired state for the current end points; departed hosts are to be emptied.
void desire_now(Reconcile& r) {
  std::vector<core::Endpoint> scenario_endpoints(r.endpoints.begin(),
                                                 r.endpoints.begin() + r.scenario.hosts.size());
  r.desired = core::desire(r.scenario, r.placement, scenario_endpoints);
  for (std::size_t k = 0; k < r.departed.size(); ++k) {
    const core::Host& h = r.departed[k];
    core::DesiredHost gone;
    gone.name = h.name;
    gone.backend = h.backend;
    gone.present = false;
    gone.simulated = h.is_simulated();
    gone.endpoint = r.endpoints[r.scenario.hosts.size() + k];
    r.desired.hosts.push_back(std::move(gone));
  }
}

/// The VMs the state record says each host holds (nothing when there is no record).
std::map<std::string, std::vector<std::string>> recorded_vms(const Reconcile& r) {
  std::map<std::string, std::vector<std::string>> out;
  auto record = core::read_state_record(r.state_dir);
  if (!record || record->scenario != r.scenario.name) return out;
  for (const core::RecordedHost& h : record->hosts) out[h.name] = h.vms;
  return out;
}

/// Refusals of the backends: a desired state one of them cannot realise.
bool checked(const Reconcile& r) {
  bool ok = true;
  for (std::size_t h = 0; h < r.desired.hosts.size(); ++h) {
    if (auto refused = r.backends.hosts[h]->check(r.desired.hosts[h])) {
      Error e = on_host(*refused, r.desired.hosts[h].name);
      e.context.file = r.scenario.file;
      print_error(e);
      ok = false;
    }
  }
  if (!ok) std::cerr << "dcod: nothing was touched\n";
  return ok;
}

}  // namespace

std::chrono::milliseconds script_timeout() {
  const char* text = std::getenv("DCOD_SCRIPT_TIMEOUT");
  long seconds = text ? std::strtol(text, nullptr, 10) : 0;
  return std::chrono::seconds(seconds > 0 ? seconds : 300);
}

std::optional<Reconcile> load_and_place(const Invocation& invocation) {
  auto scenario = load_scenario_for(invocation.options, invocation.backends.catalog());
  if (!scenario) return std::nullopt;
  auto placement = place_for(*scenario, invocation.backends.catalog());
  if (!placement) return std::nullopt;
  if (auto missing = invocation.backends.preflight(*scenario)) {
    print_error(*missing);
    return std::nullopt;
  }
  std::string dir = core::state_dir_for(scenario->name, invocation.options.state_dir);
  return Reconcile{std::move(*scenario), std::move(*placement), dir, {}, {}, {}, {}};
}

std::unique_ptr<core::ScenarioLock> lock_scenario(const Reconcile& r) {
  auto lock = core::ScenarioLock::acquire(r.state_dir, r.scenario.name, k_lock_wait);
  if (!lock) {
    print_error(lock.error());
    return nullptr;
  }
  return std::move(*lock);
}

void add_departed_hosts(Reconcile& r) {
  auto record = core::read_state_record(r.state_dir);
  if (!record) {
    print_warning(Error{record.error().message +
                            "; it is ignored, and hosts that have left the "
                            "scenario since it was written are not known to this run",
                        record.error().hint});
    return;
  }
  for (const core::RecordedHost& h : record->hosts) {
    if (r.scenario.host_index.count(h.name)) continue;
    r.departed.push_back(core::host_of_record(h));
  }
}

bool desire_with_backends(Reconcile& r, const Invocation& invocation) {
  const CliOptions& o = invocation.options;
  plugins::SshOptions ssh;
  ssh.known_hosts =
      o.known_hosts.empty() ? plugins::home_directory() + "/.ssh/known_hosts" : o.known_hosts;
  ssh.accept_new_host_keys = o.accept_new_host_keys;
  ssh.keeper_dir = keeper_dir(r.state_dir);
  ssh.persist = std::chrono::seconds(o.ssh_persist);
  plugins::BackendContext context{
      r.scenario, r.placement,      hosts_of_run(r), recorded_vms(r),
      ssh,        script_timeout(), o.jobs,          o.mode == "destroy"};
  auto backends = invocation.backends.create(context);
  if (!backends) {
    print_error(backends.error());
    return false;
  }
  r.backends = std::move(*backends);
  auto endpoints = core::known_endpoints(pointers(r.backends), o.jobs);
  if (!endpoints) {
    Error e = endpoints.error();
    e.context.file = r.scenario.file;
    print_error(e);
    return false;
  }
  r.endpoints = std::move(*endpoints);
  desire_now(r);
  return checked(r);
}

std::size_t bring_up_endpoints(Reconcile& r, unsigned jobs) {
  const std::vector<core::Endpoint> known = r.endpoints;
  auto errors = core::bring_up_endpoints(r.endpoints, pointers(r.backends), jobs);
  std::size_t failed = 0;
  for (std::size_t h = 0; h < errors.size(); ++h) {
    if (!errors[h]) continue;
    ++failed;
    print_error(on_host(*errors[h], r.endpoints[h].host));
  }
  if (r.endpoints != known) desire_now(r);  // else the desired state is the one made before
  return failed;
}

std::optional<Reconcile> prepare(const Invocation& invocation) {
  auto r = load_and_place(invocation);
  if (!r) return std::nullopt;
  add_departed_hosts(*r);  // what --create would empty, --plan and --status show
  if (!desire_with_backends(*r, invocation)) return std::nullopt;
  return r;
}

std::size_t report_unobserved(const core::DesiredState& desired,
                              const core::ObservedState& observed, const core::Plan& plan) {
  std::size_t count = 0;
  for (std::size_t h = 0; h < observed.hosts.size(); ++h) {
    if (observed.hosts[h].reachable) continue;
    ++count;
    Error e = observed.hosts[h].error;
    e.message = "cannot be observed: " + e.message;
    e.context.host.clear();
    print_error(on_host(e, "host " + desired.hosts[h].name));
  }
  count += plan.refusals.size();  // the plan and the summary say why
  if (!observed.site.reachable) {
    ++count;
    print_error(observed.site.error);
  }
  return count;
}

}  // namespace dcod::app
