// The Linux proxy configurator's steps for each VTEP action: what the netns backend runs in a
// host's namespace and the VirtualBox backend will run inside its proxy VM.

#include "linux/proxy_configurator.h"

#include <gtest/gtest.h>

#include "linux/linux_naming.h"

namespace dcod::plugins {

namespace {

core::DesiredVtep blue() {
  core::DesiredVtep v;
  v.vni = 100;
  v.net = "blue";
  v.local = {"hv1", "198.18.0.1"};
  v.port = 4789;
  v.mtu = 1450;
  return v;
}

core::Action action(core::ActionOp op, core::ObjectKind kind) {
  core::Action a;
  a.op = op;
  a.kind = kind;
  a.target.vtep = blue();
  return a;
}

std::vector<std::string> lines(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const Step& s : steps) out.push_back((s.checked ? "checked " : "") + s.tool + ": " + s.text);
  return out;
}

}  // namespace

TEST(ProxyConfigurator, ABridgeIsMadeWithItsSignatureThenMarkedOnlyIfItWasMade) {
  ProxyConfigurator proxy("dcod.s.host.hv1", "s", 4789);
  auto made = lines(proxy.steps(action(core::ActionOp::create, core::ObjectKind::bridge)));
  ASSERT_EQ(made.size(), 2u);
  EXPECT_EQ(made[0], "checked ip -n dcod.s.host.hv1: link add dcb100 address " +
                         signature_mac("s", "dcb100") + " type bridge");
  EXPECT_EQ(made[1], "ip -n dcod.s.host.hv1: link set dcb100 alias dcod:s:blue mtu 1450 up");
  auto changed = lines(proxy.steps(action(core::ActionOp::change, core::ObjectKind::bridge)));
  EXPECT_EQ(changed, std::vector<std::string>{made[1]});
}

TEST(ProxyConfigurator, ATunnelIsRemadeWhenItsIdLocalOrPortMustChange) {
  ProxyConfigurator proxy("", "s", 4789);
  core::Action remake = action(core::ActionOp::change, core::ObjectKind::tunnel);
  remake.target.recreate = true;
  auto out = lines(proxy.steps(remake));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], "ip: link del dcx100");
  EXPECT_EQ(out[1], "checked ip: link add dcx100 address " + signature_mac("s", "dcx100") +
                        " type vxlan id 100 dstport 4789 local 198.18.0.1 nolearning proxy");
  EXPECT_EQ(out[2], "ip: link set dcx100 master dcb100 alias dcod:s:blue mtu 1450 up");
  EXPECT_EQ(lines(proxy.steps(action(core::ActionOp::remove, core::ObjectKind::tunnel))),
            std::vector<std::string>{"ip: link del dcx100"});
}

TEST(ProxyConfigurator, EntriesAreOneBatchLineEach) {
  ProxyConfigurator proxy("", "s", 4789);
  core::Action flood = action(core::ActionOp::create, core::ObjectKind::flood_entry);
  flood.target.peer = {"hv2", "198.18.0.2"};
  EXPECT_EQ(
      lines(proxy.steps(flood)),
      std::vector<std::string>{"bridge: fdb append 00:00:00:00:00:00 dev dcx100 dst 198.18.0.2"})
      << "all-zero, never ff:ff:ff:ff:ff:ff (IPv6 neighbour discovery would break)";
  core::Action fdb = action(core::ActionOp::change, core::ObjectKind::fdb_entry);
  fdb.target.fdb = {*core::parse_mac("02:00:00:00:01:02"), "198.18.0.2"};
  EXPECT_EQ(lines(proxy.steps(fdb)),
            std::vector<std::string>{
                "bridge: fdb replace 02:00:00:00:01:02 dev dcx100 dst 198.18.0.2 self permanent"});
  core::Action neigh = action(core::ActionOp::remove, core::ObjectKind::neigh_entry);
  neigh.target.neigh = {*core::parse_ip_address("fd00::2"), *core::parse_mac("02:00:00:00:01:02")};
  EXPECT_EQ(lines(proxy.steps(neigh)),
            std::vector<std::string>{"ip: neigh del fd00::2 dev dcx100"});
}

TEST(ProxyConfigurator, OnlyTheScenariosOwnDevicesHoldItsEntries) {
  ProxyConfigurator proxy("", "s", 4789);
  std::map<std::string, std::string> sections = {
      {"links",
       R"([{"ifname":"dcx7","mtu":1450,"ifalias":"dcod:other:x"},{"ifname":"dcx8","mtu":1450,"ifalias":"dcod:s:y"},)"
       R"({"ifname":"vxA","mtu":1450}])"
       "\n[]\n[]\n[]\n"},
      {"vxlan",
       R"([{"ifname":"dcx7","linkinfo":{"info_kind":"vxlan","info_data":{"id":7,"port":4789}}},)"
       R"({"ifname":"dcx8","linkinfo":{"info_kind":"vxlan","info_data":{"id":8,"port":4789}}},)"
       R"({"ifname":"vxA","linkinfo":{"info_kind":"vxlan","info_data":{"id":9,"port":8472}}}])"
       "\n"},
      {"fdb",
       R"([{"mac":"00:00:00:00:00:00","ifname":"dcx7","dst":"10.0.0.7"},{"mac":"00:00:00:00:00:00","ifname":"dcx8","dst":"10.0.0.8"}])"
       "\n"}};
  auto seen = proxy.read(sections);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->vteps.size(), 1u);
  EXPECT_EQ(seen->vteps[8].flood, std::vector<std::string>{"10.0.0.8"});
  EXPECT_EQ(seen->foreign_vnis.count(7), 1u);
  EXPECT_EQ(seen->foreign_vnis.count(9), 0u) << "another port: the kernel keeps them apart";
  EXPECT_EQ(seen->links.size(), 3u) << "every link, for the backend's own objects";
}

TEST(ProxyConfigurator, GarbageFromAHostIsAnErrorNamingTheCommand) {
  ProxyConfigurator proxy("", "s", 4789);
  auto seen = proxy.read({{"links", "[{\"ifname\": 1-2}]\n[]\n[]\n[]\n"}, {"fdb", "[]"}});
  ASSERT_FALSE(seen);
  EXPECT_NE(seen.error().message.find("ip -j link show"), std::string::npos)
      << seen.error().message;
  auto deep = proxy.read({{"links", std::string(100000, '[') + "\n[]\n"}, {"fdb", "[]"}});
  ASSERT_FALSE(deep) << "a deeply nested answer is refused, not followed";
}

}  // namespace dcod::plugins
