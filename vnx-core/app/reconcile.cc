#include "app/reconcile.h"

#include <cstdlib>
#include <iostream>

#include "app/remote_access.h"
#include "app/scenario_input.h"
#include "desire/naming.h"

namespace dcod::app {

std::chrono::milliseconds script_timeout() {
  const char* text = std::getenv("DCOD_SCRIPT_TIMEOUT");
  long seconds = text ? std::strtol(text, nullptr, 10) : 0;
  return std::chrono::seconds(seconds > 0 ? seconds : 300);
}

std::optional<Reconcile> prepare(const CliOptions& options) {
  auto scenario = load_scenario_for(options);
  if (!scenario) return std::nullopt;
  auto placement = place_for(*scenario);
  if (!placement) return std::nullopt;
  auto desired = core::desire(*scenario, *placement);
  if (!desired) {
    std::cerr << "dcod: " << scenario->file << ": " << desired.error().message << "\n";
    if (!desired.error().hint.empty()) std::cerr << "  hint: " << desired.error().hint << "\n";
    return std::nullopt;
  }
  auto access = remote_access(*scenario, options);
  if (!access) {
    std::cerr << "dcod: " << scenario->file << ": " << access.error().message << "\n";
    if (!access.error().hint.empty()) std::cerr << "  hint: " << access.error().hint << "\n";
    return std::nullopt;
  }
  std::string dir = core::state_dir_for(scenario->name, options.state_dir);
  access->options.keeper_dir = dir + "/ssh";
  access->options.persist = std::chrono::seconds(options.ssh_persist);
  return Reconcile{std::move(*scenario), std::move(*placement), std::move(*desired), dir,
                   std::move(*access)};
}

std::unique_ptr<core::ScenarioLock> lock_scenario(const Reconcile& r) {
  auto lock = core::ScenarioLock::acquire(r.state_dir, r.scenario.name, k_lock_wait);
  if (!lock) {
    std::cerr << "dcod: " << lock.error().message << "\n";
    if (!lock.error().hint.empty()) std::cerr << "  hint: " << lock.error().hint << "\n";
    return nullptr;
  }
  return std::move(*lock);
}

void add_departed_hosts(Reconcile& r) {
  auto record = core::read_state_record(r.state_dir);
  if (!record) {
    std::cerr << "dcod: warning: " << record.error().message << "\n";
    return;
  }
  for (const core::RecordedHost& h : record->hosts) {
    if (r.scenario.host_index.count(h.name)) continue;
    core::DesiredHost gone;
    gone.name = h.name;
    gone.present = false;
    gone.simulated = h.simulated;
    gone.netns = h.simulated ? core::host_netns_name(r.scenario.name, h.name) : "";
    gone.underlay_address = h.address;
    r.desired.hosts.push_back(std::move(gone));
    if (!h.simulated)
      r.access.endpoints[h.name] = {h.name, h.address, h.port, h.user, h.identity, ""};
  }
}

std::size_t report_unreachable(const core::DesiredState& desired,
                               const core::ObservedState& observed) {
  std::size_t count = 0;
  for (std::size_t h = 0; h < observed.hosts.size(); ++h) {
    if (observed.hosts[h].reachable) continue;
    ++count;
    std::cerr << "dcod: host " << desired.hosts[h].name
              << ": cannot be observed: " << observed.hosts[h].error << "\n";
  }
  return count;
}

}  // namespace dcod::app
