#include "placement/metrics.h"

#include <algorithm>
#include <numeric>
#include <optional>

namespace dcod::core {

namespace {

/// Mean declared capacity of one resource, or nullopt when no host declares it.
template <typename Get>
std::optional<double> mean_capacity(const Scenario& s, Get get) {
  double sum = 0;
  int count = 0;
  for (const Host& h : s.hosts) {
    if (auto c = get(h)) {
      sum += static_cast<double>(*c);
      ++count;
    }
  }
  if (count == 0) return std::nullopt;
  return sum / count;
}

template <typename Get>
void raise_ratio(double& ratio, const Host& h, std::optional<double> mean, double used, Get get) {
  if (!mean) return;
  auto declared = get(h);
  double capacity = declared ? static_cast<double>(*declared) : *mean;
  ratio = std::max(ratio, capacity > 0 ? used / capacity : (used > 0 ? 1e9 : 0.0));
}

}  // namespace

std::vector<std::vector<std::uint32_t>> hosts_per_net(const Scenario& s, const Placement& p) {
  std::vector<std::vector<std::uint32_t>> hosts(s.nets.size());
  for (std::size_t vm = 0; vm < s.vms.size(); ++vm) {
    for (const Interface& i : s.vms[vm].interfaces) hosts[i.net_index].push_back(p.host_of_vm[vm]);
  }
  for (auto& list : hosts) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return hosts;
}

std::vector<double> host_utilisation(const Scenario& s, const std::vector<Demand>& used) {
  auto vms = [](const Host& h) { return h.max_vms; };
  auto cpus = [](const Host& h) { return h.cpus; };
  auto memory = [](const Host& h) { return h.memory_mb; };
  auto mean_vms = mean_capacity(s, vms);
  auto mean_cpus = mean_capacity(s, cpus);
  auto mean_memory = mean_capacity(s, memory);
  bool any_declared = mean_vms || mean_cpus || mean_memory;
  std::vector<double> out(s.hosts.size(), 0.0);
  for (std::size_t h = 0; h < s.hosts.size(); ++h) {
    if (!any_declared) {
      out[h] = static_cast<double>(used[h].vms);
      continue;
    }
    raise_ratio(out[h], s.hosts[h], mean_vms, static_cast<double>(used[h].vms), vms);
    raise_ratio(out[h], s.hosts[h], mean_cpus, static_cast<double>(used[h].cpus), cpus);
    raise_ratio(out[h], s.hosts[h], mean_memory, static_cast<double>(used[h].memory_mb), memory);
  }
  return out;
}

SegmentationMetrics measure_placement(const Scenario& s, const Placement& p) {
  SegmentationMetrics m;
  m.net_hosts = hosts_per_net(s, p);
  for (const auto& hosts : m.net_hosts) {
    std::uint64_t span = hosts.size();
    if (span == 0) continue;
    m.replication_cost += span - 1;
    m.flood_entries += span * (span - 1);
  }
  m.used.assign(s.hosts.size(), Demand{});
  for (std::size_t vm = 0; vm < s.vms.size(); ++vm)
    m.used[p.host_of_vm[vm]] += demand_of(s.vms[vm]);
  std::vector<double> u = host_utilisation(s, m.used);
  double mean =
      u.empty() ? 0.0 : std::accumulate(u.begin(), u.end(), 0.0) / static_cast<double>(u.size());
  if (mean > 0) m.imbalance = *std::max_element(u.begin(), u.end()) / mean;
  return m;
}

}  // namespace dcod::core
