// The in-process rtnetlink reader must see a namespace exactly as iproute2 does (the remote path
// reads iproute2's JSON): links, addresses, static routes of both families, forwarding.

#include "netlink/netns_reader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "desk_lab.h"
#include "linux/iproute_parse.h"

namespace dcod::plugins {

namespace {

struct ScratchNamespace {
  std::string name = "dcodtest-reader-" + std::to_string(::getpid());
  ScratchNamespace() { test::DeskLab::sh("ip netns add " + name); }
  ~ScratchNamespace() { test::DeskLab::sh("ip netns del " + name); }
};

}  // namespace

TEST(NetnsReader, SeesWhatIproute2Sees) {
  DCOD_REQUIRE_ROOT();
  ScratchNamespace ns;
  std::string ip = "ip -n " + ns.name + " ";
  auto r = test::DeskLab::sh(
      ip + "link add br0 type bridge && " + ip +
      "link set br0 alias 'dcod:x:blue' mtu 1400 up && " + ip +
      "link add v0 mtu 1400 type veth peer name eth0 address 02:00:00:00:0a:01 && " + ip +
      "link set v0 master br0 up && " + ip + "link set eth0 up && " + ip +
      "addr add 10.7.0.1/24 dev eth0 && " + ip + "addr add fd00:7::1/64 dev eth0 nodad && " + ip +
      "route add 10.8.0.0/16 via 10.7.0.254 proto static && " + ip +
      "route add default via 10.7.0.253 proto static && " + ip +
      "-6 route add default via fd00:7::fe proto static && " + "ip netns exec " + ns.name +
      " sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'");
  ASSERT_EQ(r.exit_status, 0) << r.err;

  auto seen = read_netns(ns.name);
  ASSERT_TRUE(seen) << seen.error().message;
  auto links =
      parse_links(test::run_command({"ip", "-n", ns.name, "-d", "-j", "addr", "show"}).out);
  auto routes = parse_routes(test::run_command({"ip", "-n", ns.name, "-j", "route", "show", "table",
                                                "all", "proto", "static"})
                                 .out);
  ASSERT_TRUE(links && routes);

  ASSERT_EQ(seen->links.size(), links->size());
  for (const LinuxLink& want : *links) {
    const LinuxLink* got = seen->link(want.name);
    ASSERT_NE(got, nullptr) << want.name;
    EXPECT_EQ(got->kind, want.kind) << want.name;
    EXPECT_EQ(got->alias, want.alias) << want.name;
    EXPECT_EQ(got->master, want.master) << want.name;
    EXPECT_EQ(got->mtu, want.mtu) << want.name;
    EXPECT_EQ(got->up, want.up) << want.name;
    EXPECT_EQ(got->mac, want.mac) << want.name;
    auto a = got->addresses, b = want.addresses;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << want.name;
  }
  auto a = seen->routes, b = *routes;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 3u);
  EXPECT_TRUE(seen->forwarding_v4);
  EXPECT_FALSE(seen->forwarding_v6);
  EXPECT_EQ(seen->link("eth0")->addresses.size(), 2u);
  EXPECT_EQ(seen->link("v0")->master, "br0");
  ASSERT_EQ(seen->routes_by_link.size(), 1u) << "every route leaves through eth0";
  EXPECT_EQ(seen->routes_by_link.at("eth0").size(), 3u);

  ASSERT_EQ(test::DeskLab::sh("ip netns exec " + ns.name +
                              " sh -c 'echo 0 > /proc/sys/net/ipv4/ip_forward && "
                              "echo 1 > /proc/sys/net/ipv6/conf/all/forwarding'")
                .exit_status,
            0);
  auto again = read_netns(ns.name);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->forwarding_v4) << "each family's forwarding is read on its own";
  EXPECT_TRUE(again->forwarding_v6);
}

TEST(NetnsReader, ReadsTheDirectorsOwnNamespaceWithoutEnteringAnother) {
  DCOD_REQUIRE_ROOT();
  auto own = read_own_netns();
  ASSERT_TRUE(own) << own.error().message;
  auto links = parse_links(test::run_command({"ip", "-d", "-j", "addr", "show"}).out);
  ASSERT_TRUE(links);
  EXPECT_EQ(own->links.size(), links->size());
  EXPECT_NE(own->link("lo"), nullptr);
}

TEST(NetnsReader, AMissingNamespaceIsAnError) {
  DCOD_REQUIRE_ROOT();
  EXPECT_FALSE(read_netns("dcodtest-no-such-namespace"));
}

}  // namespace dcod::plugins

namespace dcod::plugins {

TEST(NetnsReader, SeesAVtepAsIproute2AndBridgeSeeIt) {
  DCOD_REQUIRE_ROOT();
  ScratchNamespace ns;
  std::string ip = "ip -n " + ns.name + " ", bridge = "bridge -n " + ns.name + " ";
  auto r = test::DeskLab::sh(
      ip + "link add dcb7 type bridge && " + ip +
      "link add dcx7 type vxlan id 7 dstport 4790 local 198.18.3.1 nolearning proxy && " + ip +
      "link set dcx7 master dcb7 up && " + ip + "link set dcb7 up && " + bridge +
      "fdb append 00:00:00:00:00:00 dev dcx7 dst 198.18.3.2 && " + bridge +
      "fdb append 00:00:00:00:00:00 dev dcx7 dst 198.18.3.3 && " + bridge +
      "fdb replace 02:00:00:00:07:02 dev dcx7 dst 198.18.3.2 self permanent && " + ip +
      "neigh replace 10.7.0.2 lladdr 02:00:00:00:07:02 dev dcx7 nud permanent && " + ip +
      "neigh replace fd00:7::2 lladdr 02:00:00:00:07:02 dev dcx7 nud permanent");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto seen = read_netns(ns.name, NamespaceParts{false, true});
  ASSERT_TRUE(seen) << seen.error().message;
  auto vxlans = parse_links(
      test::run_command({"ip", "-n", ns.name, "-d", "-j", "link", "show", "type", "vxlan"}).out);
  ASSERT_TRUE(vxlans && vxlans->size() == 1u);
  const LinuxLink* got = seen->link("dcx7");
  ASSERT_TRUE(got && got->vxlan);
  const LinuxVxlan& want = *vxlans->front().vxlan;
  EXPECT_EQ(got->kind, "vxlan");
  EXPECT_EQ(got->vxlan->id, want.id);
  EXPECT_EQ(got->vxlan->local, want.local);
  EXPECT_EQ(got->vxlan->port, want.port);
  EXPECT_EQ(got->vxlan->learning, want.learning);
  EXPECT_EQ(got->vxlan->proxy, want.proxy);
  EXPECT_EQ(got->vxlan->port, 4790);
  BridgeEntries tools;
  ASSERT_TRUE(parse_fdb(test::run_command({"bridge", "-n", ns.name, "-j", "fdb", "show"}).out,
                        "dcx", tools));
  ASSERT_TRUE(parse_neigh(
      test::run_command({"ip", "-n", ns.name, "-j", "neigh", "show", "nud", "permanent"}).out,
      "dcx", tools));
  auto sorted = [](auto v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(seen->entries.flood["dcx7"]), sorted(tools.flood["dcx7"]));
  EXPECT_EQ(sorted(seen->entries.flood["dcx7"]).size(), 2u);
  EXPECT_EQ(sorted(seen->entries.fdb["dcx7"]), sorted(tools.fdb["dcx7"]));
  EXPECT_EQ(seen->entries.fdb["dcx7"].size(), 1u);
  EXPECT_EQ(sorted(seen->entries.neigh["dcx7"]), sorted(tools.neigh["dcx7"]));
  EXPECT_EQ(seen->entries.neigh["dcx7"].size(), 2u) << "both families";
  EXPECT_EQ(seen->link("dcb7")->kind, "bridge");
}

}  // namespace dcod::plugins
