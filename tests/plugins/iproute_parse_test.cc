#include "linux/iproute_parse.h"

#include <gtest/gtest.h>

namespace dcod::plugins {

TEST(IprouteParse, LinksWithVxlanDataAliasMasterAndGlobalAddresses) {
  const std::string json = R"([{"ifindex":5,"ifname":"dcx100","flags":["BROADCAST","UP"],"mtu":1450,
    "master":"dcb100","address":"86:da:88:cf:31:f5","ifalias":"dcod:desk:blue",
    "linkinfo":{"info_kind":"vxlan","info_data":{"id":100,"local":"198.18.0.1","port":4789,"learning":false,"proxy":true}},
    "addr_info":[{"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"},
                 {"family":"inet","local":"10.1.0.1","prefixlen":24,"scope":"global"}]},
   {"ifindex":6,"ifname":"old","flags":["BROADCAST"],"mtu":1500,
    "linkinfo":{"info_kind":"vxlan","info_data":{"id":7,"port":8472}}}])";
  auto links = parse_links(json);
  ASSERT_TRUE(links) << links.error().message;
  ASSERT_EQ(links->size(), 2u);
  const LinuxLink& l = (*links)[0];
  EXPECT_EQ(l.name, "dcx100");
  EXPECT_EQ(l.kind, "vxlan");
  EXPECT_EQ(l.alias, "dcod:desk:blue");
  EXPECT_EQ(l.master, "dcb100");
  EXPECT_TRUE(l.up);
  EXPECT_EQ(l.mtu, 1450u);
  ASSERT_TRUE(l.vxlan);
  EXPECT_EQ(l.vxlan->id, 100u);
  EXPECT_EQ(l.vxlan->local, "198.18.0.1");
  EXPECT_EQ(l.vxlan->port, 4789);
  EXPECT_FALSE(l.vxlan->learning);
  EXPECT_TRUE(l.vxlan->proxy);
  ASSERT_EQ(l.addresses.size(), 1u) << "link-local addresses are not dcod's";
  EXPECT_EQ(l.addresses[0].to_string(), "10.1.0.1/24");
  // iproute2 before 6.4 leaves false booleans out.
  EXPECT_FALSE((*links)[1].up);
  EXPECT_FALSE((*links)[1].vxlan->learning);
  EXPECT_FALSE((*links)[1].vxlan->proxy);
}

TEST(IprouteParse, FdbSplitsFloodListFromStaticEntriesOfOwnedDevices) {
  const std::string json = R"([
    {"mac":"86:da:88:cf:31:f5","ifname":"dcx100","flags":[],"master":"dcb100","state":"permanent"},
    {"mac":"02:00:00:00:01:02","ifname":"dcx100","dst":"198.18.0.2","flags":["self"],"state":"permanent"},
    {"mac":"00:00:00:00:00:00","ifname":"dcx100","dst":"198.18.0.2","flags":["self"],"state":"permanent"},
    {"mac":"02:00:00:00:01:09","ifname":"dcx100","dst":"198.18.0.9","flags":["self"],"state":""},
    {"mac":"00:00:00:00:00:00","ifname":"vxlan0","dst":"10.0.0.1","flags":["self"],"state":"permanent"}])";
  BridgeEntries entries;
  ASSERT_TRUE(parse_fdb(json, "dcx", entries));
  EXPECT_EQ(entries.flood["dcx100"], std::vector<std::string>{"198.18.0.2"});
  ASSERT_EQ(entries.fdb["dcx100"].size(), 1u);
  EXPECT_EQ(entries.fdb["dcx100"][0].mac.to_string(), "02:00:00:00:01:02");
  EXPECT_FALSE(entries.flood.count("vxlan0")) << "not a device dcod names";
}

TEST(IprouteParse, PermanentNeighboursAndGatewayRoutes) {
  BridgeEntries entries;
  auto neigh = parse_neigh(
      R"([{"dst":"10.1.0.2","dev":"dcx100","lladdr":"02:00:00:00:01:02","state":["PERMANENT"]},
    {"dst":"10.1.0.7","dev":"dcx100","lladdr":"02:00:00:00:01:07","state":["REACHABLE"]}])",
      "dcx", entries);
  ASSERT_TRUE(neigh);
  ASSERT_EQ(entries.neigh["dcx100"].size(), 1u);
  auto routes = parse_routes(R"([{"dst":"default","gateway":"10.0.0.2","dev":"v0"},
    {"dst":"10.5.0.0/16","gateway":"10.0.0.3"},{"dst":"10.0.0.0/24","dev":"v0","protocol":"kernel"},
    {"dst":"default","gateway":"fd00::2"}])");
  ASSERT_TRUE(routes);
  ASSERT_EQ(routes->size(), 3u);
  EXPECT_FALSE((*routes)[0].destination);
  EXPECT_EQ((*routes)[1].destination->to_string(), "10.5.0.0/16");
  EXPECT_EQ((*routes)[2].gateway.to_string(), "fd00::2");
}

TEST(IprouteParse, EmptyOutputIsNothingAndGarbageIsAnError) {
  EXPECT_TRUE(parse_links("")->empty());
  auto bad = parse_links("Object \"addr\" is unknown");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("ip -j link show"), std::string::npos);
}

}  // namespace dcod::plugins
