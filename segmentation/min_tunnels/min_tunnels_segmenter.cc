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

/// Multilevel runs, each from its own seed (the best one wins): more for small scenarios, where
/// a run costs little and one local search more easily gets stuck, so the work stays bounded.
int multilevel_runs(const Hypergraph& g) {
  return static_cast<int>(std::clamp<std::size_t>(60000 / (g.size() + 1), 4, 64));
}

/// Rounds of perturb_and_refine(): many for small scenarios, none for the largest.
int perturbation_rounds(const Hypergraph& g) {
  return static_cast<int>(std::min<std::size_t>(40, 80000 / (g.size() + 1)));
}

/// V-cycles on the best result: a few, as each costs about one multilevel run.
int v_cycles(const Hypergraph& g) {
  return static_cast<int>(std::clamp<std::size_t>(20000 / (g.size() + 1), 1, 8));
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
  // Several multilevel runs, two net by net where nets are large, and one flat run last (its
  // nodes are the units themselves, so that a failure names a VM); the best placement wins.
  std::optional<PartitionResult> best;
  PartitionResult flat;
  const int runs = multilevel_runs(graph);
  std::vector<RunKind> kinds(static_cast<std::size_t>(runs), RunKind::multilevel);
  if (has_large_nets(graph, scenario.hosts.size()))
    kinds.insert(kinds.end(), {RunKind::by_nets, RunKind::by_fitting_nets});
  kinds.push_back(RunKind::flat);
  for (std::size_t run = 0; run < kinds.size(); ++run) {
    std::mt19937 rng(static_cast<std::uint32_t>(m_seed * 7919 + run));
    PartitionResult r = partition_hypergraph(graph, limits, kinds[run], rng);
    if (kinds[run] == RunKind::flat) flat = r;
    if (!best || better_result(r, *best)) best = std::move(r);
  }
  if (best->unplaced) return unplaced_error(scenario, units, flat);
  std::mt19937 rng(static_cast<std::uint32_t>(m_seed * 7919 + kinds.size()));
  *best = perturb_and_refine(graph, limits, *best, perturbation_rounds(graph), rng);
  for (int cycle = 0; cycle < v_cycles(graph); ++cycle) *best = v_cycle(graph, limits, *best, rng);
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
