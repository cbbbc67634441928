#include <gtest/gtest.h>

#include "desire/desired_state.h"
#include "scenario_builder.h"

namespace dcod::core {

namespace {

const std::string k_three_hosts_two_nets = R"(
  <host name="h0"/><host name="h1"/><host name="h2"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a" host="h0"><if id="0" net="blue" mac="02:00:00:00:00:0a"><ipv4>10.0.0.1/24</ipv4><ipv6>fd00::1/64</ipv6></if></vm>
  <vm name="b" host="h1"><if id="0" net="blue" mac="02:00:00:00:00:0b"><ipv4>10.0.0.2/24</ipv4></if>
                         <if id="1" net="red" mac="02:00:00:00:00:1b"/></vm>
  <vm name="c" host="h1" cpus="2" memory="512"><if id="0" net="red"><ipv4>10.9.0.5/24</ipv4></if><route gw="10.9.0.1">default</route><forwarding/>
                         <exec seq="on_boot">ip link set lo up</exec><exec seq="other">true</exec></vm>
)";

DesiredState desired(const std::string& body, const std::vector<std::uint32_t>& hosts) {
  Scenario s = test::valid_scenario(test::scenario_xml(body));
  return desire(s, Placement{hosts}, test::endpoints_of(s));
}

std::vector<std::string> addresses(const std::vector<Endpoint>& endpoints) {
  std::vector<std::string> out;
  for (const Endpoint& e : endpoints) out.push_back(e.address);
  return out;
}

}  // namespace

TEST(Desire, FloodsOnlyToHostsThatCarryTheVni) {
  DesiredState d = desired(k_three_hosts_two_nets, {0, 1, 1});
  ASSERT_EQ(d.hosts.size(), 3u);
  // blue on h0 and h1, red on h1 only, h2 carries nothing.
  ASSERT_EQ(d.hosts[0].vteps.size(), 1u);
  EXPECT_EQ(d.hosts[0].vteps[0].vni, 100u);
  EXPECT_EQ(addresses(d.hosts[0].vteps[0].flood), std::vector<std::string>{"198.18.0.2"});
  EXPECT_EQ(d.hosts[0].vteps[0].flood[0].host, "h1");
  ASSERT_EQ(d.hosts[1].vteps.size(), 2u);
  EXPECT_EQ(addresses(d.hosts[1].vteps[0].flood), std::vector<std::string>{"198.18.0.1"});
  EXPECT_TRUE(d.hosts[1].vteps[1].flood.empty());
  EXPECT_TRUE(d.hosts[2].vteps.empty());
}

TEST(Desire, StaticEntriesPointAtTheRemoteVmsHost) {
  DesiredState d = desired(k_three_hosts_two_nets, {0, 1, 1});
  const DesiredVtep& blue_on_h0 = d.hosts[0].vteps[0];
  ASSERT_EQ(blue_on_h0.fdb.size(), 1u);
  EXPECT_EQ(blue_on_h0.fdb[0].mac.to_string(), "02:00:00:00:00:0b");
  EXPECT_EQ(blue_on_h0.fdb[0].dst, (Endpoint{"h1", "198.18.0.2"}));
  ASSERT_EQ(blue_on_h0.neigh.size(), 1u);
  EXPECT_EQ(blue_on_h0.neigh[0].ip.to_string(), "10.0.0.2");
  const DesiredVtep& blue_on_h1 = d.hosts[1].vteps[0];
  ASSERT_EQ(blue_on_h1.neigh.size(), 2u);  // a's IPv4 and IPv6
  EXPECT_EQ(blue_on_h1.fdb[0].dst.address, "198.18.0.1");
}

TEST(Desire, VtepsSayWhatNotHow) {
  DesiredState d = desired(k_three_hosts_two_nets, {0, 1, 1});
  const DesiredVtep& v = d.hosts[1].vteps[1];
  EXPECT_EQ(v.net, "red");
  EXPECT_EQ(v.local, (Endpoint{"h1", "198.18.0.2"}));
  EXPECT_EQ(v.port, 4789);
  EXPECT_EQ(v.mtu, 1450u);
  EXPECT_TRUE(d.hosts[1].simulated);
  EXPECT_EQ(d.hosts[1].backend, "netns");
  ASSERT_TRUE(d.underlay);
  EXPECT_EQ(d.underlay->subnet.to_string(), "198.18.0.0/24");
  EXPECT_EQ(d.underlay->mtu, 1500u);
}

TEST(Desire, VmsCarryInterfacesRoutesForwardingBootCommandsAndResources) {
  DesiredState d = desired(k_three_hosts_two_nets, {0, 1, 1});
  ASSERT_EQ(d.hosts[1].vms.size(), 2u);
  const DesiredVm& c = d.hosts[1].vms[1];
  EXPECT_EQ(c.name, "c");
  EXPECT_EQ(c.cpus, 2u);
  EXPECT_EQ(c.memory_mb, 512u);
  ASSERT_EQ(c.interfaces.size(), 1u);
  EXPECT_EQ(c.interfaces[0].label(), "eth0");
  EXPECT_EQ(c.interfaces[0].net, "red");
  EXPECT_EQ(c.interfaces[0].vni, 200u);
  EXPECT_EQ(c.routes.size(), 1u);
  EXPECT_EQ(c.forwarding, Forwarding::ip);
  EXPECT_EQ(c.on_boot, std::vector<std::string>{"ip link set lo up"});
  const DesiredVm& a = d.hosts[0].vms[0];
  ASSERT_EQ(a.interfaces[0].addresses.size(), 2u);
  EXPECT_EQ(a.interfaces[0].addresses[1].to_string(), "fd00::1/64");
}

TEST(Desire, DerivedMacsAreStableUnicastLocalAndDistinct) {
  DesiredState first = desired(k_three_hosts_two_nets, {0, 1, 1});
  DesiredState again = desired(k_three_hosts_two_nets, {0, 1, 1});
  MacAddress mac = first.hosts[1].vms[1].interfaces[0].mac;
  EXPECT_EQ(mac, again.hosts[1].vms[1].interfaces[0].mac);
  EXPECT_FALSE(mac.is_multicast());
  EXPECT_EQ(mac.octets[0] & 0x02, 0x02);
  EXPECT_NE(mac, first.hosts[1].vms[0].interfaces[1].mac);
  // b and c share h1, the only host carrying red: no static entry is needed for either.
  EXPECT_TRUE(first.hosts[1].vteps[1].fdb.empty());
}

TEST(Desire, EndPointsComeFromTheEndpointsStage) {
  DesiredState d = desired(R"(
  <host name="sim"/><host name="srv" address="203.0.113.7" underlay-address="198.51.100.7"/>
  <net name="n" vni="5"/>
  <vm name="a" host="sim"><if id="0" net="n"/></vm><vm name="b" host="srv"><if id="0" net="n"/></vm>
)",
                           {0, 1});
  EXPECT_FALSE(d.hosts[1].simulated);
  EXPECT_EQ(d.hosts[1].vteps[0].local.address, "198.51.100.7") << "the data network, not SSH's";
  EXPECT_EQ(addresses(d.hosts[0].vteps[0].flood), std::vector<std::string>{"198.51.100.7"});
}

TEST(Desire, AnEndPointNotKnownYetStaysUnknownInFloodListsAndEntries) {
  Scenario s = test::valid_scenario(test::scenario_xml(R"(
  <host name="sim"/><host name="vb" backend="virtualbox" os="linux" address="192.0.2.9"><proxy vm="p"/></host>
  <net name="n" vni="5"/>
  <vm name="a" host="sim"><if id="0" net="n"/></vm>
  <vm name="b" host="vb"><image clone-of="base"/><if id="0" net="n" mac="02:00:00:00:00:0b"/></vm>
)"));
  DesiredState d = desire(s, Placement{{0, 1}}, test::endpoints_of(s));
  ASSERT_EQ(d.hosts[0].vteps[0].flood.size(), 1u);
  EXPECT_FALSE(d.hosts[0].vteps[0].flood[0].known());
  EXPECT_EQ(d.hosts[0].vteps[0].flood[0].describe(), "vb (known once its proxy runs)");
  EXPECT_FALSE(d.hosts[0].vteps[0].fdb[0].dst.known());
  EXPECT_FALSE(d.hosts[1].vteps[0].local.known());
}

TEST(Desire, NoUnderlayWithoutSimulatedHosts) {
  DesiredState d = desired("  <host name=\"srv\" address=\"203.0.113.7\"/>\n", {});
  EXPECT_FALSE(d.underlay);
}

TEST(Desire, DestroyEmptiesEveryHostAndDropsTheUnderlay) {
  DesiredState d = emptied(desired(k_three_hosts_two_nets, {0, 1, 1}));
  ASSERT_EQ(d.hosts.size(), 3u);
  for (const DesiredHost& h : d.hosts) {
    EXPECT_FALSE(h.present);
    EXPECT_TRUE(h.vteps.empty() && h.vms.empty());
    EXPECT_TRUE(h.endpoint.known()) << "its tunnels are still found by where they end";
  }
  EXPECT_FALSE(d.underlay);
}

}  // namespace dcod::core
