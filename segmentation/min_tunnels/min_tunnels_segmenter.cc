#include "min_tunnels/min_tunnels_segmenter.h"

#include <algorithm>
#include <vector>

#include "common/assignment.h"
#include "common/load_limits.h"
#include "min_tunnels/hypergraph.h"
#include "min_tunnels/multilevel.h"
#include "min_tunnels/partition.h"

namespace dcod::seg {

namespace {

/// The work (WorkMeter nets) a placement may spend beyond its least, about half a second on a
/// 2-core machine: counted, not timed, so that every machine places the same way.
constexpr std::uint64_t k_work_budget = 22'000'000;
/// Multilevel runs, each from its own seed: at least, at most; they may use a quarter of the
/// budget, so that small scenarios, where a run costs little, get many.
constexpr std::uint32_t k_least_runs = 4, k_most_runs = 64;
/// V-cycles on the best result: at most, and how many in a row may fail to better it.
constexpr int k_most_cycles = 64, k_cycle_patience = 16;

/// Rounds of perturb_and_refine(): many for small scenarios, none for the largest.
int perturbation_rounds(const Hypergraph& g) {
  return static_cast<int>(std::min<std::size_t>(40, 80000 / (g.size() + 1)));
}

/// V-cycles on `best`: at least one, then while the budget lasts and they still better it.
PartitionResult cycle_while_it_pays(const Hypergraph& g, const LoadLimits& limits,
                                    PartitionResult best, std::mt19937& rng, WorkMeter& work) {
  for (int cycle = 0, idle = 0; cycle < k_most_cycles && idle < k_cycle_patience; ++cycle) {
    if (cycle > 0 && work.nets >= k_work_budget) break;
    PartitionResult next = v_cycle(g, limits, best, rng, &work);
    idle = better_result(next, best) ? 0 : idle + 1;
    best = std::move(next);
  }
  return best;
}

/// True when some net holds at least half of an even host share of VMs: packing nets whole
/// (RunKind::by_nets) then pays; with only small nets the multilevel runs do better.
bool has_large_nets(const Hypergraph& g, std::size_t hosts) {
  std::uint64_t total = 0, largest = 0;
  for (const core::Demand& w : g.weight) total += w.vms;
  for (const auto& nodes : g.net_nodes) {
    std::uint64_t vms = 0;
    for (std::uint32_t v : nodes) vms += g.weight[v].vms;
    largest = std::max(largest, vms);
  }
  return hosts > 0 && 2 * largest * hosts >= total;
}

/// The error for a unit that fit nowhere, with every host's reason as the partial run left it.
Error unplaced_error(const core::Scenario& s, const std::vector<Unit>& units,
                     const PartitionResult& run) {
  Assignment a(s, units);
  for (std::uint32_t u = 0; u < units.size(); ++u) {
    if (run.host_of_node[u] != Partition::k_nowhere) a.assign(u, run.host_of_node[u]);
  }
  return a.nowhere_error(*run.unplaced);
}

}  // namespace

Expected<core::Placement> MinTunnelsSegmenter::place(const core::Scenario& scenario) const {
  std::vector<Unit> units = build_units(scenario);
  Assignment pinned(scenario, units);
  if (auto error = pinned.place_pinned()) return *error;
  const Hypergraph graph = build_hypergraph(scenario, units);
  const LoadLimits limits(scenario, m_imbalance);
  // Multilevel runs, two net by net where nets are large, and one flat run last (its nodes are
  // the units themselves, so that a failure names a VM); the best placement wins.
  std::optional<PartitionResult> best;
  PartitionResult flat;
  WorkMeter work;
  std::uint32_t run = 0;
  auto try_run = [&](RunKind kind) {
    std::mt19937 rng(static_cast<std::uint32_t>(m_seed * 7919 + run++));
    PartitionResult r = partition_hypergraph(graph, limits, kind, rng, &work);
    if (kind == RunKind::flat) flat = r;
    if (!best || better_result(r, *best)) best = std::move(r);
  };
  while (run < k_least_runs || (run < k_most_runs && work.nets < k_work_budget / 4))
    try_run(RunKind::multilevel);
  if (has_large_nets(graph, scenario.hosts.size())) {
    try_run(RunKind::by_nets);
    try_run(RunKind::by_fitting_nets);
  }
  try_run(RunKind::flat);
  if (best->unplaced) return unplaced_error(scenario, units, flat);
  std::mt19937 rng(static_cast<std::uint32_t>(m_seed * 7919 + run));
  *best = perturb_and_refine(graph, limits, *best, perturbation_rounds(graph), rng, &work);
  *best = cycle_while_it_pays(graph, limits, std::move(*best), rng, work);
  Assignment chosen(scenario, units);
  for (std::uint32_t u = 0; u < units.size(); ++u) chosen.assign(u, best->host_of_node[u]);
  return chosen.placement();
}

SegmenterFactory min_tunnels_segmenter_factory() {
  return {"min-tunnels",
          "fewest broadcast copies: minimises sum(span - 1) over nets within the balance bound",
          [](const core::Global& g) {
            return std::make_unique<MinTunnelsSegmenter>(g.imbalance, g.seed);
          }};
}

}  // namespace dcod::seg
