#pragma once

#include "apply/action_runner.h"
#include "backend/host_backend.h"

namespace dcod::core {

/// The real ActionRunner: each host's batch goes to that host's backend, the director's to the
/// site. No mode chooses a backend; the plan's host index does.
class BackendRunner : public ActionRunner {
 public:
  explicit BackendRunner(RunBackends& backends) : m_backends(backends) {}

  std::vector<ActionResult> run(const Plan& plan, std::uint32_t host,
                                const std::vector<std::size_t>& batch) override {
    if (host < m_backends.hosts.size()) return m_backends.hosts[host]->run(plan, batch);
    if (m_backends.site) return m_backends.site->run(plan, batch);
    return std::vector<ActionResult>(batch.size(), {false, "no backend serves the director"});
  }

 private:
  RunBackends& m_backends;
};

}  // namespace dcod::core
