#include "registry.h"

#include "netns/netns_factory.h"
#include "virtualbox/virtualbox_factory.h"

namespace dcod::plugins {

void register_builtin_backends(BackendRegistry& registry) {
  registry.add(netns_backend_factory());
  registry.add(virtualbox_backend_factory());
}

void BackendRegistry::add(BackendFactory factory) {
  m_factories.push_back(std::move(factory));
}

const BackendFactory* BackendRegistry::find(std::string_view name) const {
  for (const BackendFactory& f : m_factories) {
    if (f.traits.name == name) return &f;
  }
  return nullptr;
}

core::BackendCatalog BackendRegistry::catalog() const {
  core::BackendCatalog out;
  for (const BackendFactory& f : m_factories) out.push_back(f.traits);
  return out;
}

std::optional<Error> BackendRegistry::preflight(const core::Scenario& scenario) const {
  for (const BackendFactory& f : m_factories) {
    bool used = std::any_of(scenario.hosts.begin(), scenario.hosts.end(),
                            [&](const core::Host& h) { return h.backend == f.traits.name; });
    if (!used || !f.preflight) continue;
    if (auto missing = f.preflight(scenario)) return missing;
  }
  return std::nullopt;
}

Expected<core::RunBackends> BackendRegistry::create(const BackendContext& context) const {
  core::RunBackends run;
  run.hosts.resize(context.hosts.size());
  for (const BackendFactory& f : m_factories) {
    std::vector<std::uint32_t> mine;
    for (std::uint32_t h = 0; h < context.hosts.size(); ++h) {
      if (context.hosts[h].backend == f.traits.name) mine.push_back(h);
    }
    if (mine.empty() && !f.serves_site) continue;
    auto made = f.create(context, mine);
    if (!made) return made.error();
    for (std::size_t k = 0; k < mine.size(); ++k) run.hosts[mine[k]] = std::move(made->hosts[k]);
    if (f.serves_site && !run.site) run.site = std::move(made->site);
  }
  for (std::uint32_t h = 0; h < context.hosts.size(); ++h) {
    if (!run.hosts[h]) {
      return Error{"host '" + context.hosts[h].name + "' names backend '" +
                       context.hosts[h].backend + "', which this dcod does not have",
                   "", ErrorCode::invalid};
    }
  }
  return run;
}

}  // namespace dcod::plugins
