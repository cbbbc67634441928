#include "min_tunnels/refinement.h"

#include <algorithm>
#include <numeric>

#include "min_tunnels/fm_pass.h"

namespace dcod::seg {

namespace {

/// Per host, the nodes local search may move: not pinned, no anti-affinity.
std::vector<std::vector<std::uint32_t>> movable_by_host(const Partition& p) {
  std::vector<std::vector<std::uint32_t>> out(p.host_count());
  const Hypergraph& g = p.graph();
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    if (!g.fixed[v] && g.apart[v].empty()) out[p.host_of(v)].push_back(v);
  }
  return out;
}

/// A node's best move: to `host` with `gain` (cost before minus cost after).
struct Move {
  std::uint32_t host = Partition::k_nowhere;
  std::int64_t gain = 0;
};

class Refiner {
 public:
  explicit Refiner(Partition& p) : m_p(p), m_connection(p.host_count(), 0) {}

  /// One pass over the nodes in `order`; returns the total gain.
  std::int64_t pass(const std::vector<std::uint32_t>& order) {
    std::int64_t total = 0;
    for (std::uint32_t node : order) {
      if (m_p.graph().fixed[node]) continue;
      Move m = best_move(node);
      if (m.host == Partition::k_nowhere) continue;
      m_p.move(node, m.host);
      total += m.gain;
    }
    return total;
  }

 private:
  /// Sums, per host, the weight of the node's nets that host already carries; `benefit` is the
  /// weight of the nets the node alone holds on its own host (they leave with it).
  void connect(std::uint32_t node, std::int64_t& benefit, std::int64_t& total) {
    const Hypergraph& g = m_p.graph();
    const std::uint32_t own = m_p.host_of(node);
    m_p.count_work(g.node_nets[node].size());
    for (std::uint32_t e : g.node_nets[node]) {
      const std::int64_t w = g.net_weight[e];
      total += w;
      for (const auto& [host, pins] : m_p.net_hosts(e)) {
        if (host == own) {
          if (pins == 1) benefit += w;
          continue;
        }
        if (m_connection[host] == 0) m_touched.push_back(host);
        m_connection[host] += w;
      }
    }
  }

  Move best_move(std::uint32_t node) {
    std::int64_t benefit = 0, total = 0;
    connect(node, benefit, total);
    const std::uint32_t own = m_p.host_of(node);
    const double own_fill = m_p.fill(own);
    Move best;
    double best_fill = 0;
    for (std::uint32_t host : m_touched) {
      std::int64_t gain = benefit - (total - m_connection[host]);
      double fill = m_p.fill_with(node, host);
      bool better = best.host == Partition::k_nowhere || gain > best.gain ||
                    (gain == best.gain && fill < best_fill);
      if (!better || gain < 0 || (gain == 0 && fill >= own_fill)) continue;
      if (!m_p.may_take(node, host, true)) continue;
      best = {host, gain};
      best_fill = fill;
    }
    for (std::uint32_t host : m_touched) m_connection[host] = 0;
    m_touched.clear();
    return best;
  }

  Partition& m_p;
  std::vector<std::int64_t> m_connection;  // per host, scratch; zero between nodes
  std::vector<std::uint32_t> m_touched;
};

/// Trades nodes between hosts where balance blocks a single move: for each node that would gain
/// by moving to a full host, the node there whose move back makes the trade gain most. Nodes
/// with anti-affinity are left alone. Returns the total gain.
class Swapper {
 public:
  explicit Swapper(Partition& p) : m_p(p), m_on_host(movable_by_host(p)) {}

  std::int64_t pass(const std::vector<std::uint32_t>& order) {
    std::int64_t total = 0;
    for (std::uint32_t u : order) {
      if (!tradeable(u)) continue;
      for (std::uint32_t b : neighbour_hosts(u)) {
        std::int64_t gained = trade(u, b);
        total += gained;
        if (gained > 0) break;
      }
    }
    return total;
  }

 private:
  bool tradeable(std::uint32_t v) const {
    return !m_p.graph().fixed[v] && m_p.graph().apart[v].empty();
  }

  std::vector<std::uint32_t> neighbour_hosts(std::uint32_t u) const {
    std::vector<std::uint32_t> hosts;
    for (std::uint32_t e : m_p.graph().node_nets[u]) {
      for (const auto& [h, pins] : m_p.net_hosts(e)) {
        if (h != m_p.host_of(u) && std::find(hosts.begin(), hosts.end(), h) == hosts.end())
          hosts.push_back(h);
      }
    }
    return hosts;
  }

  /// Moves u to b and the best partner from b to u's host when that gains; returns the gain.
  std::int64_t trade(std::uint32_t u, std::uint32_t b) {
    const std::uint32_t a = m_p.host_of(u);
    const std::int64_t first = m_p.gain(u, b);
    if (first <= 0) return 0;
    m_p.move(u, b);
    std::uint32_t partner = Partition::k_nowhere;
    std::int64_t best = 0;
    for (std::uint32_t v : m_on_host[b]) {
      if (v == u || m_p.host_of(v) != b) continue;
      std::int64_t second = m_p.gain(v, a);
      if (first + second <= best) continue;
      m_p.move(v, a);
      if (!m_p.over_balance(a) && !m_p.over_balance(b)) partner = v, best = first + second;
      m_p.move(v, b);
    }
    if (partner == Partition::k_nowhere) {
      m_p.move(u, a);
      return 0;
    }
    m_p.move(partner, a);
    m_on_host[b].push_back(u);
    m_on_host[a].push_back(partner);
    return best;
  }

  Partition& m_p;
  std::vector<std::vector<std::uint32_t>> m_on_host;  // may hold stale entries; checked on use
};

/// Empties a net off a host where it has few nodes: each of them to the other host of the net
/// that gains most and has room; kept when the whole evacuation lowers the cost, undone
/// otherwise. Finds the chains of zero-gain moves that single moves never start. Returns the gain.
class Evacuator {
 public:
  explicit Evacuator(Partition& p) : m_p(p), m_on_host(movable_by_host(p)) {}

  std::int64_t pass() {
    std::int64_t total = 0;
    for (std::uint32_t e = 0; e < m_p.graph().net_count(); ++e) {
      if (m_p.net_hosts(e).size() < 2) continue;
      auto smallest =
          std::min_element(m_p.net_hosts(e).begin(), m_p.net_hosts(e).end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      total += evacuate(e, smallest->first);
    }
    return total;
  }

 private:
  using Undo = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // node, host it came from

  std::int64_t evacuate(std::uint32_t e, std::uint32_t from) {
    const std::uint64_t before = m_p.cost();
    Undo undo;
    std::vector<std::uint32_t> targets;
    for (const auto& [h, pins] : m_p.net_hosts(e)) {
      if (h != from) targets.push_back(h);
    }
    bool stuck = false;
    for (std::uint32_t v : m_p.graph().net_nodes[e]) {
      if (m_p.host_of(v) != from) continue;
      std::uint32_t to = best_target(v, targets);
      if (m_p.graph().fixed[v] || (to == Partition::k_nowhere && !make_room(e, v, targets, undo))) {
        stuck = true;
        break;
      }
      if (to != Partition::k_nowhere) move(v, to, undo);
    }
    if (!stuck && m_p.cost() < before) return static_cast<std::int64_t>(before - m_p.cost());
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) m_p.move(it->first, it->second);
    return 0;
  }

  void move(std::uint32_t v, std::uint32_t to, Undo& undo) {
    undo.emplace_back(v, m_p.host_of(v));
    m_p.move(v, to);
    m_on_host[to].push_back(v);
  }

  /// Where every target is full: trades `v` (of net `e`) for a node of another net on a target
  /// that loses nothing by coming to v's host (its nets are there too). True when it was made.
  bool make_room(std::uint32_t e, std::uint32_t v, const std::vector<std::uint32_t>& targets,
                 Undo& undo) {
    const std::uint32_t from = m_p.host_of(v);
    const auto& nets_of = m_p.graph().node_nets;
    for (std::uint32_t t : targets) {
      for (std::size_t i = 0, n = m_on_host[t].size(); i < n; ++i) {  // the list grows meanwhile
        const std::uint32_t u = m_on_host[t][i];
        if (m_p.host_of(u) != t || m_p.gain(u, from) < 0 ||
            std::find(nets_of[u].begin(), nets_of[u].end(), e) != nets_of[u].end())
          continue;  // not one of the net's own nodes: they would only trade places
        move(u, from, undo);
        move(v, t, undo);
        if (!m_p.over_balance(t) && !m_p.over_balance(from) && m_p.may_take(v, t, false))
          return true;
        m_p.move(v, from), m_p.move(u, t);
        undo.resize(undo.size() - 2);
      }
    }
    return false;
  }

  std::uint32_t best_target(std::uint32_t v, const std::vector<std::uint32_t>& targets) const {
    std::uint32_t best = Partition::k_nowhere;
    std::int64_t best_gain = 0;
    for (std::uint32_t h : targets) {
      if (!m_p.may_take(v, h, true)) continue;
      std::int64_t gain = m_p.gain(v, h);
      if (best == Partition::k_nowhere || gain > best_gain) best = h, best_gain = gain;
    }
    return best;
  }

  Partition& m_p;
  std::vector<std::vector<std::uint32_t>> m_on_host;  // free nodes; may hold stale entries
};

constexpr std::uint32_t k_fm_patience = 400;

}  // namespace

void refine(Partition& partition, std::mt19937& rng, int max_passes) {
  std::vector<std::uint32_t> order(partition.graph().node_count());
  std::iota(order.begin(), order.end(), 0u);
  Refiner refiner(partition);
  const std::uint32_t nodes = partition.graph().node_count();
  for (int pass = 0; pass < max_passes; ++pass) {
    std::shuffle(order.begin(), order.end(), rng);
    if (refiner.pass(order) > 0) continue;
    if (Swapper(partition).pass(order) > 0) continue;  // it knows where every node is now
    if (Evacuator(partition).pass() > 0) continue;
    // Moves past the cheapest point before a pass gives up: about half the nodes, bounded so
    // that a pass on a large graph costs what a greedy one does.
    const std::uint32_t patience = std::min<std::uint32_t>(k_fm_patience, 50 + nodes / 2);
    if (fm_pass(partition, patience) <= 0) break;
  }
}

}  // namespace dcod::seg
