// min-tunnels' V-cycle: coarsening again within the hosts of a finished placement and refining
// back down never makes it worse, keeps it balanced and its pinned VMs where they are, and
// betters a placement that is not yet a local optimum.

#include <gtest/gtest.h>

#include "common/load_limits.h"
#include "min_tunnels/hypergraph.h"
#include "min_tunnels/multilevel.h"
#include "min_tunnels/partition.h"
#include "scenario_builder.h"

namespace dcod::seg {

TEST(VCycle, NeverWorseBalancedPinnedAndBetterFromAPoorStart) {
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    core::Scenario s =
        test::valid_scenario(test::scenario_xml(test::random_scenario_body(seed, 8, 60, 400)));
    std::vector<Unit> units = build_units(s);
    Hypergraph g = build_hypergraph(s, units);
    LoadLimits limits(s, 1.10);
    std::mt19937 rng(seed);
    PartitionResult poor;  // round robin: balanced, and far from any local optimum
    Partition p(g, limits);
    for (std::uint32_t v = 0; v < g.node_count(); ++v)
      p.assign(v, g.fixed[v] ? *g.fixed[v] : v % p.host_count());
    poor.host_of_node = p.hosts();
    poor.cost = p.cost();
    PartitionResult cycled = v_cycle(g, limits, poor, rng);
    EXPECT_LT(cycled.cost, poor.cost);
    EXPECT_TRUE(cycled.balanced);
    Partition check(g, limits);
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
      check.assign(v, cycled.host_of_node[v]);
      if (g.fixed[v]) EXPECT_EQ(cycled.host_of_node[v], *g.fixed[v]);
    }
    EXPECT_EQ(check.cost(), cycled.cost) << "the cost said is the placement's";
    PartitionResult good = partition_hypergraph(g, limits, RunKind::multilevel, rng);
    PartitionResult again = v_cycle(g, limits, good, rng);
    EXPECT_LE(again.cost, good.cost) << "never worse than where it started";
    EXPECT_TRUE(again.balanced);
  }
}

}  // namespace dcod::seg
