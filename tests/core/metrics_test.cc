#include "placement/metrics.h"

#include <gtest/gtest.h>

#include "scenario_builder.h"

namespace dcod::core {

namespace {

const char* k_three_hosts = R"(
  <host name="h0"/><host name="h1"/><host name="h2"/>
  <net name="blue" vni="1"/><net name="red" vni="2"/><net name="green" vni="3"/><net name="idle" vni="4"/>
  <vm name="v0"><if id="0" net="blue"/><if id="1" net="red"/></vm>
  <vm name="v1"><if id="0" net="blue"/><if id="1" net="green"/></vm>
  <vm name="v2"><if id="0" net="blue"/></vm>
  <vm name="v3"><if id="0" net="green"/></vm>
  <vm name="v4"><if id="0" net="red"/></vm>
  <vm name="v5"><if id="0" net="blue"/></vm>
)";

}  // namespace

TEST(Metrics, ReplicationCostAndFloodEntriesByHand) {
  Scenario s = test::valid_scenario(test::scenario_xml(k_three_hosts));
  Placement p{{0, 1, 2, 2, 0, 0}};
  SegmentationMetrics m = measure_placement(s, p);
  // spans: blue {0,1,2}=3, red {0}=1, green {1,2}=2, idle 0
  EXPECT_EQ(m.net_hosts[0], (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(m.net_hosts[1], (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(m.net_hosts[2], (std::vector<std::uint32_t>{1, 2}));
  EXPECT_TRUE(m.net_hosts[3].empty());
  EXPECT_EQ(m.replication_cost, 2u + 0u + 1u);
  EXPECT_EQ(m.flood_entries, 6u + 0u + 2u);
  // VMs per host 3,1,2: mean 2, max 3.
  EXPECT_DOUBLE_EQ(m.imbalance, 1.5);
  EXPECT_EQ(m.used[0].vms, 3u);
  EXPECT_EQ(m.used[0].cpus, 3u);
  EXPECT_EQ(m.used[0].memory_mb, 768u);
}

TEST(Metrics, EverythingOnOneHostCostsNothing) {
  Scenario s = test::valid_scenario(test::scenario_xml(k_three_hosts));
  SegmentationMetrics m = measure_placement(s, Placement{{1, 1, 1, 1, 1, 1}});
  EXPECT_EQ(m.replication_cost, 0u);
  EXPECT_EQ(m.flood_entries, 0u);
  EXPECT_DOUBLE_EQ(m.imbalance, 3.0);  // 6 VMs on one of three hosts: 6 / mean 2
}

TEST(Metrics, ImbalanceUsesDeclaredCapacities) {
  Scenario s = test::valid_scenario(test::scenario_xml(R"(
  <host name="big" cpus="8"/><host name="small" cpus="4"/>
  <vm name="a" cpus="4"/><vm name="b" cpus="4"/>
)"));
  // big 4/8 = 0.5, small 4/4 = 1.0: mean 0.75, max 1.0.
  EXPECT_NEAR(measure_placement(s, Placement{{0, 1}}).imbalance, 1.0 / 0.75, 1e-9);
  // Proportional: both on big is 8/8 = 1 vs 0 -> 2.0.
  EXPECT_DOUBLE_EQ(measure_placement(s, Placement{{0, 0}}).imbalance, 2.0);
}

TEST(Metrics, HostWithoutDeclaredCapacityCountsAsAnAverageHost) {
  Scenario s = test::valid_scenario(test::scenario_xml(R"(
  <host name="a" memory="1000"/><host name="b"/>
  <vm name="x" memory="500"/><vm name="y" memory="500"/>
)"));
  std::vector<double> u = host_utilisation(s, measure_placement(s, Placement{{0, 1}}).used);
  EXPECT_DOUBLE_EQ(u[0], 0.5);
  EXPECT_DOUBLE_EQ(u[1], 0.5);
  EXPECT_DOUBLE_EQ(measure_placement(s, Placement{{0, 1}}).imbalance, 1.0);
}

TEST(Metrics, EmptyScenarioIsBalanced) {
  Scenario s = test::valid_scenario(test::scenario_xml("  <host name=\"a\"/><host name=\"b\"/>\n"));
  SegmentationMetrics m = measure_placement(s, Placement{});
  EXPECT_DOUBLE_EQ(m.imbalance, 1.0);
  EXPECT_EQ(m.replication_cost, 0u);
}

}  // namespace dcod::core
