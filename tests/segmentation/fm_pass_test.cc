// The Fiduccia–Mattheyses pass of min-tunnels' refinement: from any balanced start it keeps
// balance, moves no pinned node, never makes the cost worse, and says exactly what it gained.

#include "min_tunnels/fm_pass.h"

#include <gtest/gtest.h>

#include "common/load_limits.h"
#include "min_tunnels/hypergraph.h"
#include "scenario_builder.h"

namespace dcod::seg {

TEST(FmPass, KeepsBalanceAndPinsAndGainsExactlyWhatItSays) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    core::Scenario s =
        test::valid_scenario(test::scenario_xml(test::random_scenario_body(seed, 6, 20, 60)));
    std::vector<Unit> units = build_units(s);
    Hypergraph g = build_hypergraph(s, units);
    LoadLimits limits(s, 1.10);
    Partition p(g, limits);
    for (std::uint32_t v = 0; v < g.node_count(); ++v)
      p.assign(v, g.fixed[v] ? *g.fixed[v] : v % p.host_count());  // round robin: balanced
    const std::uint64_t before = p.cost();
    const std::int64_t gained = fm_pass(p, 200);
    EXPECT_GT(gained, 0) << "a round-robin start of a random graph is never a local optimum";
    EXPECT_EQ(static_cast<std::int64_t>(before - p.cost()), gained);
    for (std::uint32_t h = 0; h < p.host_count(); ++h) EXPECT_FALSE(p.over_balance(h)) << h;
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
      if (g.fixed[v]) EXPECT_EQ(p.host_of(v), *g.fixed[v]);
    }
    EXPECT_EQ(fm_pass(p, 0), 0) << "no patience: nothing kept";
  }
}

}  // namespace dcod::seg
