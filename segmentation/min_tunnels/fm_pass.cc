#include "min_tunnels/fm_pass.h"

#include <queue>
#include <tuple>
#include <vector>

namespace dcod::seg {

namespace {

/// Nets larger than this do not update their nodes' moves after a move (their gains barely
/// change, and a large net would make every step cost as much as the whole graph).
constexpr std::size_t k_update_limit = 64;

struct Candidate {
  std::int64_t gain;
  std::uint32_t version;
  std::uint32_t node;
  std::uint32_t host;
  bool operator<(const Candidate& o) const {
    return std::tie(gain, node) < std::tie(o.gain, o.node);
  }
};

class FmPass {
 public:
  explicit FmPass(Partition& p)
      : m_p(p),
        m_locked(p.graph().node_count(), 0),
        m_version(p.graph().node_count(), 0),
        m_carried(p.host_count(), 0) {}

  std::int64_t run(std::uint32_t patience) {
    for (std::uint32_t v = 0; v < m_p.graph().node_count(); ++v) offer(v);
    const std::uint64_t start = m_p.cost();
    std::uint64_t best_cost = start;
    std::size_t best_length = 0;
    std::uint32_t since_best = 0;
    while (!m_queue.empty() && since_best < patience) {
      Candidate c = m_queue.top();
      m_queue.pop();
      if (m_locked[c.node] || c.version != m_version[c.node]) continue;
      if (!m_p.may_take(c.node, c.host, true) || m_p.gain(c.node, c.host) != c.gain) {
        ++m_version[c.node];
        offer(c.node);  // the move changed meanwhile (a full host, a large net): offered anew
        continue;
      }
      m_log.emplace_back(c.node, m_p.host_of(c.node));
      m_p.move(c.node, c.host);
      m_locked[c.node] = 1;
      if (m_p.cost() < best_cost) {
        best_cost = m_p.cost(), best_length = m_log.size(), since_best = 0;
      } else {
        ++since_best;
      }
      update_neighbours(c.node);
    }
    for (std::size_t k = m_log.size(); k-- > best_length;)
      m_p.move(m_log[k].first, m_log[k].second);
    return static_cast<std::int64_t>(start - best_cost);
  }

 private:
  bool movable(std::uint32_t v) const {
    const Hypergraph& g = m_p.graph();
    return !m_locked[v] && !g.fixed[v] && g.apart[v].empty();
  }

  /// Queues the node's best move to a host one of its nets is on, if it has one. The gain of
  /// every such host at once: what leaves with the node (its nets it alone holds here) less
  /// what the host does not carry yet.
  void offer(std::uint32_t v) {
    if (!movable(v)) return;
    const std::uint32_t own = m_p.host_of(v);
    std::int64_t leaves = 0, total = 0;
    m_p.count_work(m_p.graph().node_nets[v].size());
    for (std::uint32_t e : m_p.graph().node_nets[v]) {
      const std::int64_t w = m_p.graph().net_weight[e];
      total += w;
      for (const auto& [host, pins] : m_p.net_hosts(e)) {
        if (host == own) {
          if (pins == 1) leaves += w;
          continue;
        }
        if (m_carried[host] == 0) m_touched.push_back(host);
        m_carried[host] += w;
      }
    }
    Candidate best{0, m_version[v], v, Partition::k_nowhere};
    for (std::uint32_t host : m_touched) {
      const std::int64_t gain = leaves - (total - m_carried[host]);
      m_carried[host] = 0;
      if (best.host != Partition::k_nowhere && gain <= best.gain) continue;
      if (m_p.may_take(v, host, true)) best.gain = gain, best.host = host;
    }
    m_touched.clear();
    if (best.host != Partition::k_nowhere) m_queue.push(best);
  }

  void update_neighbours(std::uint32_t moved) {
    const Hypergraph& g = m_p.graph();
    for (std::uint32_t e : g.node_nets[moved]) {
      if (g.net_nodes[e].size() > k_update_limit) continue;
      for (std::uint32_t u : g.net_nodes[e]) {
        if (!movable(u)) continue;
        ++m_version[u];
        offer(u);
      }
    }
  }

  Partition& m_p;
  std::vector<char> m_locked;
  std::vector<std::uint32_t> m_version;  // a queued move of an older version is stale
  std::vector<std::int64_t> m_carried;   // per host, scratch of offer(); zero between nodes
  std::vector<std::uint32_t> m_touched;
  std::priority_queue<Candidate> m_queue;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> m_log;  // node, host it came from
};

}  // namespace

std::int64_t fm_pass(Partition& partition, std::uint32_t patience) {
  return FmPass(partition).run(patience);
}

}  // namespace dcod::seg
