#include "common/load_limits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace dcod::seg {

namespace {

constexpr std::uint64_t k_unlimited = std::numeric_limits<std::uint64_t>::max();

using Field = std::uint64_t core::Demand::*;
using Declared = std::optional<std::uint64_t> core::Host::*;
struct Resource {
  Field used;
  Declared capacity;
};
constexpr Resource k_resources[] = {{&core::Demand::vms, &core::Host::max_vms},
                                    {&core::Demand::cpus, &core::Host::cpus},
                                    {&core::Demand::memory_mb, &core::Host::memory_mb}};

bool any_declared(const core::Scenario& s) {
  for (const core::Host& h : s.hosts) {
    for (const Resource& r : k_resources)
      if (h.*r.capacity) return true;
  }
  return false;
}

/// Each host's weight for one resource: its capacity, or the mean of the declared ones; equal
/// weights when no host declares it. Empty when the resource does not count for balance.
std::vector<double> weights(const core::Scenario& s, const Resource& r, bool capacities) {
  double sum = 0;
  int count = 0;
  for (const core::Host& h : s.hosts) {
    if (auto c = h.*r.capacity) {
      sum += static_cast<double>(*c);
      ++count;
    }
  }
  if (capacities && count == 0) return {};
  if (!capacities && r.used != &core::Demand::vms) return {};
  std::vector<double> out;
  for (const core::Host& h : s.hosts) {
    auto c = h.*r.capacity;
    out.push_back(count == 0 ? 1.0 : c ? static_cast<double>(*c) : sum / count);
  }
  return out;
}

}  // namespace

LoadLimits::LoadLimits(const core::Scenario& s, double imbalance)
    : m_hard(s.hosts.size(), core::Demand{k_unlimited, k_unlimited, k_unlimited}),
      m_share(s.hosts.size(), core::Demand{1, 1, 1}),
      m_soft(m_hard) {
  core::Demand total;
  for (const core::Vm& vm : s.vms) total += core::demand_of(vm);
  const bool capacities = any_declared(s);
  for (const Resource& r : k_resources) {
    std::vector<double> w = weights(s, r, capacities);
    double sum = 0;
    for (double x : w) sum += x;
    for (std::size_t h = 0; h < s.hosts.size(); ++h) {
      if (auto c = s.hosts[h].*r.capacity) m_hard[h].*r.used = *c;
      if (w.empty() || sum <= 0) continue;
      double share = static_cast<double>(total.*r.used) * w[h] / sum;
      auto even = static_cast<std::uint64_t>(std::ceil(share - 1e-9));
      auto bound = static_cast<std::uint64_t>(std::floor(share * imbalance + 1e-9));
      m_share[h].*r.used = std::max<std::uint64_t>(1, even);
      m_soft[h].*r.used = std::min(m_hard[h].*r.used, std::max(even, bound));
    }
  }
}

bool LoadLimits::within_capacity(std::uint32_t host, const core::Demand& used) const {
  return fits_under(used, m_hard[host]);
}

bool LoadLimits::within_balance(std::uint32_t host, const core::Demand& used) const {
  return fits_under(used, m_soft[host]);
}

double LoadLimits::fill(std::uint32_t host, const core::Demand& used) const {
  double out = 0;
  for (const Resource& r : k_resources) {
    if (m_soft[host].*r.used == k_unlimited) continue;
    out = std::max(out,
                   static_cast<double>(used.*r.used) / static_cast<double>(m_share[host].*r.used));
  }
  return out;
}

bool fits_under(const core::Demand& a, const core::Demand& b) {
  return a.vms <= b.vms && a.cpus <= b.cpus && a.memory_mb <= b.memory_mb;
}

core::Demand plus(core::Demand a, const core::Demand& b) {
  a += b;
  return a;
}

core::Demand minus(core::Demand a, const core::Demand& b) {
  a.vms -= b.vms;
  a.cpus -= b.cpus;
  a.memory_mb -= b.memory_mb;
  return a;
}

}  // namespace dcod::seg
