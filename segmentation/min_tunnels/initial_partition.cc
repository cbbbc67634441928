#include "min_tunnels/initial_partition.h"

#include <algorithm>
#include <deque>
#include <numeric>

namespace dcod::seg {

namespace {

/// Free nodes in breadth-first order: a start, then the nodes sharing its smallest nets first.
std::vector<std::uint32_t> breadth_first_order(const Hypergraph& g, std::mt19937& rng) {
  std::vector<std::uint32_t> starts(g.node_count());
  std::iota(starts.begin(), starts.end(), 0u);
  std::shuffle(starts.begin(), starts.end(), rng);
  std::vector<bool> seen(g.node_count(), false), expanded(g.net_count(), false);
  std::vector<std::uint32_t> order;
  std::deque<std::uint32_t> queue;
  for (std::uint32_t start : starts) {
    if (seen[start]) continue;
    seen[start] = true;
    queue.push_back(start);
    while (!queue.empty()) {
      std::uint32_t v = queue.front();
      queue.pop_front();
      if (!g.fixed[v]) order.push_back(v);
      std::vector<std::uint32_t> nets = g.node_nets[v];
      std::sort(nets.begin(), nets.end(), [&](std::uint32_t a, std::uint32_t b) {
        return g.net_nodes[a].size() < g.net_nodes[b].size();
      });
      for (std::uint32_t e : nets) {
        if (expanded[e]) continue;
        expanded[e] = true;
        for (std::uint32_t u : g.net_nodes[e]) {
          if (!seen[u]) queue.push_back(u), seen[u] = true;
        }
      }
    }
  }
  return order;
}

/// The least full host that may take the node (within balance, or only capacity).
std::uint32_t least_full(const Partition& p, std::uint32_t node, bool balance) {
  std::uint32_t best = Partition::k_nowhere;
  double best_fill = 0;
  for (std::uint32_t h = 0; h < p.host_count(); ++h) {
    double fill = p.fill_with(node, h);
    if (best != Partition::k_nowhere && fill >= best_fill) continue;
    if (!p.may_take(node, h, balance)) continue;
    best = h;
    best_fill = fill;
  }
  return best;
}

/// The host with the most of the node's net weight that may take it within balance.
std::uint32_t most_connected(const Partition& p, std::uint32_t node,
                             std::vector<std::int64_t>& connection) {
  const Hypergraph& g = p.graph();
  std::vector<std::uint32_t> touched;
  for (std::uint32_t e : g.node_nets[node]) {
    for (const auto& [host, pins] : p.net_hosts(e)) {
      if (connection[host] == 0) touched.push_back(host);
      connection[host] += g.net_weight[e];
    }
  }
  std::uint32_t best = Partition::k_nowhere;
  double best_fill = 0;
  for (std::uint32_t h : touched) {
    double fill = p.fill_with(node, h);
    bool better = best == Partition::k_nowhere || connection[h] > connection[best] ||
                  (connection[h] == connection[best] && fill < best_fill);
    if (better && p.may_take(node, h, true)) best = h, best_fill = fill;
  }
  for (std::uint32_t h : touched) connection[h] = 0;
  return best;
}

}  // namespace

std::optional<std::uint32_t> place_greedily(Partition& p, std::mt19937& rng) {
  const Hypergraph& g = p.graph();
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    if (g.fixed[v]) p.assign(v, *g.fixed[v]);
  }
  std::vector<std::int64_t> connection(p.host_count(), 0);
  for (std::uint32_t v : breadth_first_order(g, rng)) {
    std::uint32_t host = most_connected(p, v, connection);
    if (host == Partition::k_nowhere) host = least_full(p, v, true);
    if (host == Partition::k_nowhere) host = least_full(p, v, false);
    if (host == Partition::k_nowhere) return v;
    p.assign(v, host);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> place_by_nets(Partition& p, bool fitting_first) {
  const Hypergraph& g = p.graph();
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    if (g.fixed[v]) p.assign(v, *g.fixed[v]);
  }
  std::vector<std::uint32_t> nets(g.net_count());
  std::iota(nets.begin(), nets.end(), 0u);
  // Nets that fit on one host come first (largest first), packed whole; then the nets too large
  // for any host (largest first), split over the room the others left.
  std::vector<bool> fits(g.net_count(), false);
  for (std::uint32_t e = 0; e < g.net_count(); ++e) {
    core::Demand need;
    for (std::uint32_t v : g.net_nodes[e]) need += g.weight[v];
    for (std::uint32_t h = 0; h < p.host_count() && !fits[e]; ++h) fits[e] = p.has_room(h, need);
  }
  std::stable_sort(nets.begin(), nets.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (fitting_first && fits[a] != fits[b]) return static_cast<bool>(fits[a]);
    return g.net_nodes[a].size() > g.net_nodes[b].size();
  });
  auto place = [&](std::uint32_t v) -> bool {
    std::uint32_t host = Partition::k_nowhere;
    for (std::uint32_t e : g.node_nets[v]) {  // a host that already carries one of its nets
      for (const auto& [h, pins] : p.net_hosts(e)) {
        if (host == Partition::k_nowhere && p.may_take(v, h, true)) host = h;
      }
    }
    if (host == Partition::k_nowhere) host = least_full(p, v, true);
    if (host == Partition::k_nowhere) host = least_full(p, v, false);
    if (host == Partition::k_nowhere) return false;
    p.assign(v, host);
    return true;
  };
  for (std::uint32_t e : nets) {
    // Best fit: the fullest host that takes the net's free nodes whole; else node by node.
    core::Demand need;
    std::vector<std::uint32_t> free_nodes;
    for (std::uint32_t v : g.net_nodes[e]) {
      if (p.host_of(v) != Partition::k_nowhere) continue;
      free_nodes.push_back(v);
      need += g.weight[v];
    }
    std::uint32_t whole = Partition::k_nowhere;
    for (std::uint32_t h = 0; h < p.host_count(); ++h) {
      if (p.has_room(h, need) && (whole == Partition::k_nowhere || p.fill(h) > p.fill(whole)))
        whole = h;
    }
    for (std::uint32_t v : free_nodes) {
      if (whole != Partition::k_nowhere && p.may_take(v, whole, true)) {
        p.assign(v, whole);
      } else if (!place(v)) {
        return v;
      }
    }
  }
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    if (p.host_of(v) == Partition::k_nowhere && !place(v)) return v;
  }
  return std::nullopt;
}

void rebalance(Partition& p) {
  const Hypergraph& g = p.graph();
  std::vector<std::vector<std::uint32_t>> on_host(p.host_count());
  for (std::uint32_t v = 0; v < g.node_count(); ++v) on_host[p.host_of(v)].push_back(v);
  for (std::uint32_t from = 0; from < p.host_count(); ++from) {
    while (p.over_balance(from)) {
      // The cheapest move of a free node off this host to a host with room.
      std::uint32_t best_node = Partition::k_nowhere, best_host = Partition::k_nowhere;
      std::int64_t best_gain = 0;
      for (std::uint32_t v : on_host[from]) {
        if (g.fixed[v] || p.host_of(v) != from) continue;
        for (std::uint32_t h = 0; h < p.host_count(); ++h) {
          if (h == from || !p.may_take(v, h, true)) continue;
          std::int64_t gain = p.gain(v, h);
          if (best_node == Partition::k_nowhere || gain > best_gain)
            best_node = v, best_host = h, best_gain = gain;
        }
      }
      if (best_node == Partition::k_nowhere) break;
      p.move(best_node, best_host);
      on_host[best_host].push_back(best_node);
    }
  }
}

}  // namespace dcod::seg
