#include "placement/host_usage.h"

namespace dcod::core {

Demand& Demand::operator+=(const Demand& other) {
  vms += other.vms;
  cpus += other.cpus;
  memory_mb += other.memory_mb;
  return *this;
}

Demand demand_of(const Vm& vm) {
  return {1, vm.cpus, vm.memory_mb};
}

HostUsage::HostUsage(const Scenario& scenario)
    : m_scenario(&scenario), m_used(scenario.hosts.size()) {}

namespace {

std::optional<std::string> exceeds(const char* resource, std::uint64_t used, std::uint64_t asked,
                                   std::optional<std::uint64_t> capacity, const char* unit) {
  if (!capacity || used + asked <= *capacity) return std::nullopt;
  std::uint64_t free = *capacity > used ? *capacity - used : 0;
  return std::string(resource) + ": needs " + std::to_string(asked) + unit + ", " +
         std::to_string(free) + unit + " of " + std::to_string(*capacity) + unit + " free";
}

}  // namespace

std::optional<std::string> HostUsage::shortfall(std::uint32_t host, const Demand& demand) const {
  const Host& h = m_scenario->hosts[host];
  const Demand& u = m_used[host];
  if (auto s = exceeds("max-vms", u.vms, demand.vms, h.max_vms, " VMs")) return s;
  if (auto s = exceeds("cpus", u.cpus, demand.cpus, h.cpus, "")) return s;
  return exceeds("memory", u.memory_mb, demand.memory_mb, h.memory_mb, " MB");
}

void HostUsage::add(std::uint32_t host, const Demand& demand) {
  m_used[host] += demand;
}

}  // namespace dcod::core
