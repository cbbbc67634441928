#include "min_tunnels/coarsening.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

#include "common/load_limits.h"

namespace dcod::seg {

namespace {

/// Of a larger net, only this many members (from a random place on) are rated as partners: it
/// says little about who belongs with whom, and rating all of them would cost its size squared.
constexpr std::size_t k_largest_rated_net = 64;

constexpr std::uint32_t k_unmatched = std::numeric_limits<std::uint32_t>::max();

/// For every node, its partner (itself when it stays alone).
std::vector<std::uint32_t> match(const Hypergraph& g, const core::Demand& max_weight,
                                 std::mt19937& rng, const std::vector<std::uint32_t>* block) {
  std::vector<std::uint32_t> partner(g.node_count(), k_unmatched);
  std::vector<std::uint32_t> order(g.node_count());
  std::iota(order.begin(), order.end(), 0u);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<double> rating(g.node_count(), 0.0);
  std::vector<std::uint32_t> touched;
  for (std::uint32_t u : order) {
    if (partner[u] != k_unmatched) continue;
    partner[u] = u;
    if (!g.contractible(u)) continue;
    for (std::uint32_t e : g.node_nets[u]) {
      const auto& nodes = g.net_nodes[e];
      const double r = static_cast<double>(g.net_weight[e]) / static_cast<double>(nodes.size() - 1);
      const std::size_t rated = std::min(nodes.size(), k_largest_rated_net);
      const std::size_t first = nodes.size() > rated ? rng() % nodes.size() : 0;
      for (std::size_t k = 0; k < rated; ++k) {
        const std::uint32_t v = nodes[(first + k) % nodes.size()];
        if (v == u || partner[v] != k_unmatched || !g.contractible(v)) continue;
        if (block && (*block)[v] != (*block)[u]) continue;
        if (rating[v] == 0.0) touched.push_back(v);
        rating[v] += r;
      }
    }
    std::uint32_t best = k_unmatched;
    double best_score = 0;
    for (std::uint32_t v : touched) {
      if (!fits_under(plus(g.weight[u], g.weight[v]), max_weight)) continue;
      const double score =
          rating[v] / static_cast<double>(std::max<std::uint64_t>(1, g.weight[v].vms));
      if (best == k_unmatched || score > best_score) best = v, best_score = score;
    }
    for (std::uint32_t v : touched) rating[v] = 0.0;
    touched.clear();
    if (best != k_unmatched) partner[u] = best, partner[best] = u;
  }
  return partner;
}

/// The coarse nets: member lists mapped, deduplicated, single-node nets dropped, identical ones
/// merged.
void contract_nets(const Hypergraph& fine, const std::vector<std::uint32_t>& coarse_of,
                   Hypergraph& coarse) {
  std::map<std::vector<std::uint32_t>, std::uint32_t> seen;
  for (std::uint32_t e = 0; e < fine.net_count(); ++e) {
    std::vector<std::uint32_t> nodes;
    for (std::uint32_t v : fine.net_nodes[e]) nodes.push_back(coarse_of[v]);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    if (nodes.size() < 2) continue;
    auto [it, fresh] = seen.emplace(nodes, coarse.net_count());
    if (!fresh) {
      coarse.net_weight[it->second] += fine.net_weight[e];
      continue;
    }
    coarse.net_nodes.push_back(std::move(nodes));
    coarse.net_weight.push_back(fine.net_weight[e]);
  }
  index_incidence(coarse);
}

}  // namespace

std::optional<CoarseLevel> coarsen(const Hypergraph& g, const core::Demand& max_weight,
                                   std::mt19937& rng, const std::vector<std::uint32_t>* block) {
  std::vector<std::uint32_t> partner = match(g, max_weight, rng, block);
  CoarseLevel level;
  level.coarse_of.assign(g.node_count(), k_unmatched);
  Hypergraph& c = level.graph;
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    if (level.coarse_of[v] != k_unmatched) continue;
    std::uint32_t id = c.node_count();
    level.coarse_of[v] = id;
    c.weight.push_back(g.weight[v]);
    c.fixed.push_back(g.fixed[v]);
    c.apart.push_back(g.apart[v]);  // only single nodes have any: remapped below
    if (partner[v] != v) {
      level.coarse_of[partner[v]] = id;
      c.weight.back() += g.weight[partner[v]];
    }
  }
  if (c.node_count() * 10 > g.node_count() * 9) return std::nullopt;
  for (auto& list : c.apart) {
    for (std::uint32_t& other : list) other = level.coarse_of[other];
  }
  contract_nets(g, level.coarse_of, c);
  return level;
}

}  // namespace dcod::seg
