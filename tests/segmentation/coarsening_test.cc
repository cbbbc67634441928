// min-tunnels' coarsening and the work meter that bounds its search: VMs that share only a net
// too large to rate whole (a campus LAN) still pair up, and counting work never steers a run.

#include "min_tunnels/coarsening.h"

#include <gtest/gtest.h>

#include <string>

#include "common/load_limits.h"
#include "min_tunnels/hypergraph.h"
#include "min_tunnels/multilevel.h"
#include "min_tunnels/partition.h"
#include "scenario_builder.h"

namespace dcod::seg {

namespace {

/// One LAN of `vms` VMs on `hosts` hosts, and nothing else.
core::Scenario one_lan(int vms, int hosts) {
  std::string body;
  for (int h = 0; h < hosts; ++h) body += "<host name=\"hv" + std::to_string(h) + "\"/>\n";
  body += "<net name=\"lan\" vni=\"100\"/>\n";
  for (int v = 0; v < vms; ++v)
    body += "<vm name=\"vm" + std::to_string(v) + "\"><if id=\"0\" net=\"lan\"/></vm>\n";
  return test::valid_scenario(test::scenario_xml(body));
}

}  // namespace

TEST(Coarsening, PairsTheVmsOfALanTooLargeToRateWhole) {
  core::Scenario s = one_lan(300, 4);  // 300 members: past the 64 a net rates whole
  std::vector<Unit> units = build_units(s);
  Hypergraph g = build_hypergraph(s, units);
  std::mt19937 rng(1);
  auto level = coarsen(g, core::Demand{8, 8, 8 * 1024 * 1024}, rng);
  ASSERT_TRUE(level.has_value()) << "a LAN's VMs are each other's partners";
  EXPECT_LE(level->graph.node_count(), 160u);
  for (const core::Demand& w : level->graph.weight) EXPECT_LE(w.vms, 2u);
  std::uint64_t vms = 0;
  for (const core::Demand& w : level->graph.weight) vms += w.vms;
  EXPECT_EQ(vms, 300u) << "no VM lost or counted twice";
}

TEST(WorkMeter, CountsTheSearchAndNeverSteersIt) {
  core::Scenario s =
      test::valid_scenario(test::scenario_xml(test::random_scenario_body(3, 6, 40, 300)));
  std::vector<Unit> units = build_units(s);
  Hypergraph g = build_hypergraph(s, units);
  LoadLimits limits(s, 1.10);
  std::mt19937 counted_rng(7), plain_rng(7);
  WorkMeter work;
  PartitionResult counted =
      partition_hypergraph(g, limits, RunKind::multilevel, counted_rng, &work);
  PartitionResult plain = partition_hypergraph(g, limits, RunKind::multilevel, plain_rng);
  EXPECT_EQ(counted.host_of_node, plain.host_of_node);
  EXPECT_GT(work.nets, g.size()) << "at least every pin placed once";
  const std::uint64_t after_run = work.nets;
  v_cycle(g, limits, counted, counted_rng, &work);
  EXPECT_GT(work.nets, after_run) << "a V-cycle's work is counted too";
}

}  // namespace dcod::seg
