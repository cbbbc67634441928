#include "min_tunnels/multilevel.h"

#include <algorithm>
#include <deque>

#include "min_tunnels/coarsening.h"
#include "min_tunnels/initial_partition.h"
#include "min_tunnels/partition.h"
#include "min_tunnels/refinement.h"

namespace dcod::seg {

namespace {

constexpr std::uint64_t k_clusters_per_host = 6;  // coarse nodes stay this small next to a host
/// What coarsening a graph costs next to visiting its pins once in local search: it rates,
/// sorts and merges every net (WorkMeter).
constexpr std::uint64_t k_coarsening_work = 4;

/// Counts a coarsening of `g` on the meter, when given.
void count_coarsening(const Hypergraph& g, WorkMeter* meter) {
  if (meter) meter->nets += k_coarsening_work * g.size();
}

/// The heaviest a coarse node may get: a fraction of an even share of each resource.
core::Demand cluster_limit(const Hypergraph& g, std::size_t hosts) {
  core::Demand total;
  for (const core::Demand& w : g.weight) total += w;
  const std::uint64_t parts = k_clusters_per_host * std::max<std::size_t>(hosts, 1);
  return {std::max<std::uint64_t>(1, total.vms / parts),
          std::max<std::uint64_t>(1, total.cpus / parts),
          std::max<std::uint64_t>(1, total.memory_mb / parts)};
}

PartitionResult summarise(const Partition& p, std::optional<std::uint32_t> unplaced) {
  PartitionResult r;
  r.host_of_node = p.hosts();
  r.unplaced = unplaced;
  r.cost = p.cost();
  for (std::uint32_t h = 0; h < p.host_count(); ++h) {
    r.balanced = r.balanced && !p.over_balance(h);
    r.worst_fill = std::max(r.worst_fill, p.fill(h));
  }
  return r;
}

}  // namespace

PartitionResult partition_hypergraph(const Hypergraph& graph, const LoadLimits& limits,
                                     RunKind kind, std::mt19937& rng, WorkMeter* meter) {
  // Step 1: coarsen while the graph is much larger than the hosts can use.
  std::deque<CoarseLevel> stack;  // a deque keeps references to earlier levels valid
  const Hypergraph* coarsest = &graph;
  const core::Demand max_weight = cluster_limit(graph, limits.host_count());
  const std::size_t enough = std::max<std::size_t>(64, 8 * limits.host_count());
  while (kind == RunKind::multilevel && coarsest->node_count() > enough) {
    count_coarsening(*coarsest, meter);
    auto level = coarsen(*coarsest, max_weight, rng);
    if (!level) break;
    stack.push_back(std::move(*level));
    coarsest = &stack.back().graph;
  }
  // Step 2: place the coarsest graph.
  Partition p(*coarsest, limits, meter);
  auto unplaced = kind == RunKind::by_nets           ? place_by_nets(p, false)
                  : kind == RunKind::by_fitting_nets ? place_by_nets(p, true)
                                                     : place_greedily(p, rng);
  if (unplaced) return summarise(p, unplaced);
  rebalance(p);
  refine(p, rng);
  // Step 3: back down, level by level.
  for (std::size_t i = stack.size(); i-- > 0;) {
    const CoarseLevel& level = stack[i];
    const Hypergraph& finer = i == 0 ? graph : stack[i - 1].graph;
    Partition q(finer, limits, meter);
    for (std::uint32_t v = 0; v < finer.node_count(); ++v)
      q.assign(v, p.host_of(level.coarse_of[v]));
    rebalance(q);
    refine(q, rng);
    p = std::move(q);
  }
  return summarise(p, std::nullopt);
}

PartitionResult v_cycle(const Hypergraph& graph, const LoadLimits& limits,
                        const PartitionResult& start, std::mt19937& rng, WorkMeter* meter) {
  std::deque<CoarseLevel> stack;
  std::deque<std::vector<std::uint32_t>> blocks = {start.host_of_node};
  const Hypergraph* coarsest = &graph;
  const core::Demand max_weight = cluster_limit(graph, limits.host_count());
  const std::size_t enough = std::max<std::size_t>(64, 8 * limits.host_count());
  while (coarsest->node_count() > enough) {
    count_coarsening(*coarsest, meter);
    auto level = coarsen(*coarsest, max_weight, rng, &blocks.back());
    if (!level) break;
    std::vector<std::uint32_t> coarse_block(level->graph.node_count());
    for (std::uint32_t v = 0; v < coarsest->node_count(); ++v)
      coarse_block[level->coarse_of[v]] = blocks.back()[v];
    stack.push_back(std::move(*level));
    blocks.push_back(std::move(coarse_block));
    coarsest = &stack.back().graph;
  }
  if (stack.empty()) return start;
  Partition p(*coarsest, limits, meter);
  for (std::uint32_t v = 0; v < coarsest->node_count(); ++v) p.assign(v, blocks.back()[v]);
  refine(p, rng);
  for (std::size_t i = stack.size(); i-- > 0;) {
    const Hypergraph& finer = i == 0 ? graph : stack[i - 1].graph;
    Partition q(finer, limits, meter);
    for (std::uint32_t v = 0; v < finer.node_count(); ++v)
      q.assign(v, p.host_of(stack[i].coarse_of[v]));
    rebalance(q);
    refine(q, rng);
    p = std::move(q);
  }
  PartitionResult cycled = summarise(p, std::nullopt);
  return better_result(cycled, start) ? cycled : start;
}

PartitionResult perturb_and_refine(const Hypergraph& graph, const LoadLimits& limits,
                                   const PartitionResult& start, int rounds, std::mt19937& rng,
                                   WorkMeter* meter) {
  Partition p(graph, limits, meter);
  for (std::uint32_t v = 0; v < graph.node_count(); ++v) p.assign(v, start.host_of_node[v]);
  std::vector<std::uint32_t> kept = p.hosts();
  std::uint64_t kept_cost = p.cost();
  for (int round = 0; round < rounds && graph.net_count() > 0; ++round) {
    const std::uint32_t e = static_cast<std::uint32_t>(rng() % graph.net_count());
    const auto& hosts = p.net_hosts(e);
    if (hosts.size() < 2) continue;
    auto by_pins = [](const auto& a, const auto& b) { return a.second < b.second; };
    const std::uint32_t from = std::min_element(hosts.begin(), hosts.end(), by_pins)->first;
    const std::uint32_t to = std::max_element(hosts.begin(), hosts.end(), by_pins)->first;
    for (std::uint32_t v : graph.net_nodes[e]) {
      if (p.host_of(v) == from && !graph.fixed[v] && p.may_take(v, to, false)) p.move(v, to);
    }
    rebalance(p);
    refine(p, rng);
    bool balanced = true;
    for (std::uint32_t h = 0; h < p.host_count(); ++h) balanced = balanced && !p.over_balance(h);
    if (balanced && p.cost() < kept_cost) {
      kept = p.hosts();
      kept_cost = p.cost();
      continue;
    }
    for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
      if (p.host_of(v) != kept[v]) p.move(v, kept[v]);
    }
  }
  return summarise(p, std::nullopt);
}

bool better_result(const PartitionResult& a, const PartitionResult& b) {
  if (a.unplaced.has_value() != b.unplaced.has_value()) return !a.unplaced;
  if (a.balanced != b.balanced) return a.balanced;
  if (a.cost != b.cost) return a.cost < b.cost;
  return a.worst_fill < b.worst_fill;
}

}  // namespace dcod::seg
