// The Fiduccia–Mattheyses pass of min-tunnels' refinement: from any balanced start it keeps
// balance, moves no pinned node, never makes the cost worse, and says exactly what it gained.

#include "min_tunnels/fm_pass.h"

#include <gtest/gtest.h>

#include <random>

#include "common/load_limits.h"
#include "min_tunnels/hypergraph.h"
#include "scenario_builder.h"

namespace dcod::seg {

namespace {

/// 60 VMs with one to three interfaces on 20 nets, on 6 hosts; v0 pinned to h0.
std::string random_body(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string xml;
  for (int h = 0; h < 6; ++h) xml += "  <host name=\"h" + std::to_string(h) + "\"/>\n";
  for (int n = 0; n < 20; ++n)
    xml += "  <net name=\"n" + std::to_string(n) + "\" vni=\"" + std::to_string(n + 1) + "\"/>\n";
  for (int v = 0; v < 60; ++v) {
    xml += "  <vm name=\"v" + std::to_string(v) + "\"" + (v == 0 ? " host=\"h0\"" : "") + ">";
    const int interfaces = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < interfaces; ++i)
      xml += "<if id=\"" + std::to_string(i) + "\" net=\"n" + std::to_string(rng() % 20) + "\"/>";
    xml += "</vm>\n";
  }
  return xml;
}

}  // namespace

TEST(FmPass, KeepsBalanceAndPinsAndGainsExactlyWhatItSays) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    core::Scenario s = test::valid_scenario(test::scenario_xml(random_body(seed)));
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
