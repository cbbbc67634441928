#pragma once

// Backend plugins by name (DESIGN §10), the same two-level pattern as segmentation: a stateless
// factory registered by name in one explicit register_builtin_backends(), which makes the
// per-host objects of one run. A backend is a directory under plugins/ and one line there.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/host_backend.h"
#include "model/backend_traits.h"
#include "model/scenario.h"
#include "placement/placement.h"
#include "session/ssh_session.h"
#include "util/expected.h"

namespace dcod::plugins {

/// What every backend of one run is given.
struct BackendContext {
  const core::Scenario& scenario;
  const core::Placement& placement;  // which of the scenario's hosts each VM is on
  /// Every host of the run: the scenario's in order, then those that have left it (rebuilt from
  /// the state record, with their recorded end point as underlay_address).
  std::vector<core::Host> hosts;
  /// Per host name, the VMs the state record says dcod holds there; a host missing here has no
  /// record (never touched, or the record was lost).
  std::map<std::string, std::vector<std::string>> recorded_vms;
  SshOptions ssh;                     // known hosts, trust, kept sessions
  std::chrono::milliseconds timeout;  // the bound of every text run on a host
  unsigned jobs = 0;                  // hosts worked on at once (-j)
  bool removing = false;  // --destroy: what is observed only needs to be found to be removed
};

/// The objects one factory made for one run: per host it serves (same order as asked), and the
/// director's site when the factory serves it.
struct BackendSet {
  std::vector<std::unique_ptr<core::HostBackend>> hosts;
  std::unique_ptr<core::SiteBackend> site;
};

/// A backend plugin as the registry knows it.
struct BackendFactory {
  core::BackendTraits traits;  // its name and what the language asks of its hosts
  std::string description;     // one line for --help
  bool serves_site = false;    // it makes the director's site (the simulated underlay)
  /// Makes the objects for the hosts at these indices of context.hosts (and the site when it
  /// serves it); an error, before anything is touched, when one cannot be made (a secret that
  /// cannot be read).
  std::function<Expected<BackendSet>(const BackendContext& context,
                                     const std::vector<std::uint32_t>& hosts)>
      create;
  /// What this machine must allow before the scenario's hosts of this backend are observed or
  /// changed (root, for hosts simulated here); unset or nullopt: nothing.
  std::function<std::optional<Error>(const core::Scenario& scenario)> preflight;
};

/// Backend plugins by name; filled by register_builtin_backends().
class BackendRegistry {
 public:
  /// Adds a plugin; names are unique (the later one of a duplicate is never found).
  void add(BackendFactory factory);
  /// The plugin called `name`, or nullptr.
  const BackendFactory* find(std::string_view name) const;
  /// The traits of every plugin, in registration order: what the loader accepts.
  core::BackendCatalog catalog() const;

  /// Makes every backend object of a run: each host's through its backend's factory, and the
  /// site through the factory that serves it (asked even when it serves no host).
  Expected<core::RunBackends> create(const BackendContext& context) const;
  /// The first preflight error of a backend the scenario's hosts use, before anything is made.
  std::optional<Error> preflight(const core::Scenario& scenario) const;

 private:
  std::vector<BackendFactory> m_factories;
};

/// Registers every backend built into dcod; adding a backend is one line here.
void register_builtin_backends(BackendRegistry& registry);

}  // namespace dcod::plugins
