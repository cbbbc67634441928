#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "common/load_limits.h"
#include "min_tunnels/hypergraph.h"

namespace dcod::seg {

/// Work done on partitions, in nets visited by moves and gain evaluations: a measure of time
/// that is the same on every machine, so that a search bounded by it places the same way.
struct WorkMeter {
  std::uint64_t nets = 0;
};

/// A (partial) assignment of a hypergraph's nodes to hosts with what min-tunnels needs to know at
/// once: each host's load, each net's hosts with their pin counts (λ = how many), and the cost
/// Σ weight × (λ − 1).
class Partition {
 public:
  static constexpr std::uint32_t k_nowhere = std::numeric_limits<std::uint32_t>::max();

  /// Starts with no node placed; counts its work on `meter` when given.
  Partition(const Hypergraph& graph, const LoadLimits& limits, WorkMeter* meter = nullptr);

  /// Places an unplaced node.
  void assign(std::uint32_t node, std::uint32_t host);
  /// Moves a placed node to another host.
  void move(std::uint32_t node, std::uint32_t host);
  /// True when the node may go to the host: capacity, anti-affinity and, if asked, balance.
  bool may_take(std::uint32_t node, std::uint32_t host, bool balance) const;
  /// How full the host would be with the node added (LoadLimits::fill).
  double fill_with(std::uint32_t node, std::uint32_t host) const;
  /// True when the host could take `extra` more within its balance limit.
  bool has_room(std::uint32_t host, const core::Demand& extra) const {
    return m_limits->within_balance(host, plus(m_load[host], extra));
  }
  /// How much cheaper the partition gets when the node moves to the host (negative: dearer).
  std::int64_t gain(std::uint32_t node, std::uint32_t host) const;
  /// True when the host holds more than its balance limit allows.
  bool over_balance(std::uint32_t host) const {
    return !m_limits->within_balance(host, m_load[host]);
  }
  /// How full the host is now.
  double fill(std::uint32_t host) const { return m_limits->fill(host, m_load[host]); }

  std::uint32_t host_of(std::uint32_t node) const { return m_host[node]; }
  const std::vector<std::uint32_t>& hosts() const { return m_host; }
  /// The hosts carrying a net, each with how many of the net's nodes it holds.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& net_hosts(std::uint32_t net) const {
    return m_net_hosts[net];
  }
  std::uint64_t cost() const { return m_cost; }
  std::uint32_t host_count() const { return static_cast<std::uint32_t>(m_load.size()); }
  const Hypergraph& graph() const { return *m_graph; }
  /// Counts `nets` visited by a search on this partition.
  void count_work(std::size_t nets) const {
    if (m_meter) m_meter->nets += nets;
  }

 private:
  void add_pins(std::uint32_t node, std::uint32_t host);
  void remove_pins(std::uint32_t node, std::uint32_t host);

  const Hypergraph* m_graph;
  const LoadLimits* m_limits;
  WorkMeter* m_meter;
  std::vector<std::uint32_t> m_host;  // k_nowhere until placed
  std::vector<core::Demand> m_load;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> m_net_hosts;
  std::uint64_t m_cost = 0;
};

}  // namespace dcod::seg
