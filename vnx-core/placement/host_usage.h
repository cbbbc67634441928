#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.h"

namespace dcod::core {

/// What a VM, or a group of VMs, asks of a host.
struct Demand {
  std::uint64_t vms = 0;
  std::uint64_t cpus = 0;
  std::uint64_t memory_mb = 0;

  Demand& operator+=(const Demand& other);
};

/// The demand of one VM.
Demand demand_of(const Vm& vm);

/// Running totals of what is placed on each host, checked against declared capacities.
class HostUsage {
 public:
  /// Starts with nothing placed on any host.
  explicit HostUsage(const Scenario& scenario);

  /// Empty when `demand` fits on `host`; otherwise says which resource is short and by how much.
  std::optional<std::string> shortfall(std::uint32_t host, const Demand& demand) const;
  /// Books a demand on a host; does not check capacity (see shortfall()).
  void add(std::uint32_t host, const Demand& demand);
  const Demand& used(std::uint32_t host) const { return m_used[host]; }
  std::size_t host_count() const { return m_used.size(); }

 private:
  const Scenario* m_scenario;
  std::vector<Demand> m_used;
};

}  // namespace dcod::core
