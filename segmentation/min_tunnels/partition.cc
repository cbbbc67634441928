#include "min_tunnels/partition.h"

#include <algorithm>

namespace dcod::seg {

Partition::Partition(const Hypergraph& graph, const LoadLimits& limits, WorkMeter* meter)
    : m_graph(&graph),
      m_limits(&limits),
      m_meter(meter),
      m_host(graph.node_count(), k_nowhere),
      m_load(limits.host_count()),
      m_net_hosts(graph.net_count()) {}

void Partition::assign(std::uint32_t node, std::uint32_t host) {
  m_host[node] = host;
  m_load[host] += m_graph->weight[node];
  add_pins(node, host);
}

void Partition::move(std::uint32_t node, std::uint32_t host) {
  std::uint32_t from = m_host[node];
  remove_pins(node, from);
  m_load[from] = minus(m_load[from], m_graph->weight[node]);
  assign(node, host);
}

bool Partition::may_take(std::uint32_t node, std::uint32_t host, bool balance) const {
  core::Demand after = plus(m_load[host], m_graph->weight[node]);
  if (balance ? !m_limits->within_balance(host, after) : !m_limits->within_capacity(host, after))
    return false;
  for (std::uint32_t other : m_graph->apart[node]) {
    if (m_host[other] == host) return false;
  }
  return true;
}

double Partition::fill_with(std::uint32_t node, std::uint32_t host) const {
  return m_limits->fill(host, plus(m_load[host], m_graph->weight[node]));
}

std::int64_t Partition::gain(std::uint32_t node, std::uint32_t host) const {
  std::int64_t gain = 0;
  count_work(m_graph->node_nets[node].size());
  for (std::uint32_t e : m_graph->node_nets[node]) {
    bool there = false;
    for (const auto& [h, pins] : m_net_hosts[e]) {
      if (h == m_host[node] && pins == 1) gain += m_graph->net_weight[e];
      if (h == host) there = true;
    }
    if (!there) gain -= m_graph->net_weight[e];
  }
  return gain;
}

void Partition::add_pins(std::uint32_t node, std::uint32_t host) {
  count_work(m_graph->node_nets[node].size());
  for (std::uint32_t e : m_graph->node_nets[node]) {
    auto& list = m_net_hosts[e];
    auto it =
        std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.first == host; });
    if (it != list.end()) {
      ++it->second;
      continue;
    }
    if (!list.empty()) m_cost += m_graph->net_weight[e];
    list.emplace_back(host, 1);
  }
}

void Partition::remove_pins(std::uint32_t node, std::uint32_t host) {
  count_work(m_graph->node_nets[node].size());
  for (std::uint32_t e : m_graph->node_nets[node]) {
    auto& list = m_net_hosts[e];
    auto it =
        std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.first == host; });
    if (--it->second > 0) continue;
    *it = list.back();
    list.pop_back();
    if (!list.empty()) m_cost -= m_graph->net_weight[e];
  }
}

}  // namespace dcod::seg
