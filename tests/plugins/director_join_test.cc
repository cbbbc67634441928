// A director VM (VNX's <host>) on the netns backend: the names of the director's own ends, the
// view of such a VM built from the director's links, and the steps that make and configure
// them, touching nothing of the director's but what dcod made.

#include <gtest/gtest.h>

#include "linux/linux_naming.h"
#include "netns/director_view.h"
#include "netns/netns_naming.h"
#include "netns/netns_steps.h"

namespace dcod::plugins {

namespace {

std::string all_text(const std::vector<Step>& steps) {
  std::string out;
  for (const Step& s : steps) out += (s.tool.empty() ? "$ " : s.tool + " | ") + s.text + "\n";
  return out;
}

core::Action director_action(core::ObjectKind kind, core::ActionOp op = core::ActionOp::create) {
  core::Action a;
  a.kind = kind;
  a.op = op;
  a.target.name = "host";
  a.target.vm.name = "host";
  a.target.vm.on_director = true;
  core::DesiredInterface i;
  i.id = 0;
  i.net = "Net3";
  i.vni = 4647470;
  i.mtu = 1450;
  i.mac = core::MacAddress{{0x02, 0, 0, 0, 0, 0x02}};
  i.addresses = {core::IpPrefix{*core::parse_ip_address("198.18.13.2"), 24},
                 core::IpPrefix{*core::parse_ip_address("2001:db8:3::2"), 64}};
  a.target.iface = i;
  a.target.vm.interfaces = {i};
  a.target.vm.routes = {{core::IpPrefix{*core::parse_ip_address("198.18.8.0"), 21},
                         *core::parse_ip_address("198.18.13.1")},
                        {core::IpPrefix{*core::parse_ip_address("2001:db8::"), 32},
                         *core::parse_ip_address("2001:db8:3::1")}};
  return a;
}

const NetnsPlace k_place{"tut", "hv1", "dcod.tut.host.hv1", ""};

}  // namespace

TEST(DirectorJoin, TheDirectorsEndIsNamedForScenarioAndVmAndFitsALinkName) {
  std::string name =
      director_link_name("a-scenario-name-24-chars", "a-vm-name-of-32-characters-long", 9999);
  EXPECT_LE(name.size(), 15u) << name;
  EXPECT_EQ(name.rfind("dd", 0), 0u);
  EXPECT_NE(director_link_name("one", "host", 0), director_link_name("two", "host", 0))
      << "two scenarios' director VMs share the director's namespace";
  EXPECT_EQ(director_link_id(director_link_name("one", "host", 12)), 12u);
  EXPECT_FALSE(director_link_id("eth0"));

  auto owner = director_link_owner(director_link_alias("tut", "hv1", "host"), "tut");
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->first, "hv1");
  EXPECT_EQ(owner->second, "host");
  EXPECT_FALSE(director_link_owner(director_link_alias("tut", "hv1", "host"), "other"));
  EXPECT_FALSE(director_link_owner("dcod:tut:Net3", "tut")) << "a net's alias";
}

TEST(DirectorJoin, TheViewOfADirectorVmIsItsOwnLinksAndTheRoutesThroughThem) {
  NamespaceView own;
  LinuxLink eth0{"eth0", "", "", "", std::nullopt, 1500, true, std::nullopt, {}};
  LinuxLink mine{director_link_name("tut", "host", 0),
                 "veth",
                 director_link_alias("tut", "hv1", "host"),
                 "",
                 std::nullopt,
                 1450,
                 true,
                 std::nullopt,
                 {core::IpPrefix{*core::parse_ip_address("198.18.13.2"), 24}}};
  LinuxLink forged{director_link_name("tut", "other", 0),
                   "veth",
                   director_link_alias("tut", "hv1", "host"),
                   "",
                   std::nullopt,
                   1450,
                   true,
                   std::nullopt,
                   {}};
  own.links = {eth0, mine, forged};
  core::DesiredRoute director_default{std::nullopt, *core::parse_ip_address("192.0.2.1")};
  core::DesiredRoute through{core::IpPrefix{*core::parse_ip_address("198.18.8.0"), 21},
                             *core::parse_ip_address("198.18.13.1")};
  own.routes = {director_default, through};
  own.routes_by_link = {{"eth0", {director_default}}, {mine.name, {through}}};

  auto views = director_vm_views("tut", own);
  ASSERT_EQ(views.size(), 1u) << "a link whose name is not its alias's VM's is not taken";
  const NamespaceView& view = views.at("host");
  ASSERT_NE(view.link("lo"), nullptr);
  EXPECT_EQ(view.link("lo")->alias, vm_marker("tut", "hv1")) << "a finished VM of hv1";
  ASSERT_NE(view.link("eth0"), nullptr);
  EXPECT_EQ(view.link("eth0")->addresses.size(), 1u);
  EXPECT_EQ(view.routes, std::vector<core::DesiredRoute>{through})
      << "not the director's own default route";
  EXPECT_FALSE(view.forwarding_v4 || view.forwarding_v6);
  EXPECT_TRUE(director_vm_views("other", own).empty());
}

TEST(DirectorJoin, AnInterfaceIsAPairFromTheDirectorToTheHostsBridge) {
  std::string text =
      all_text(netns_steps(director_action(core::ObjectKind::vm_interface), k_place));
  const std::string own = director_link_name("tut", "host", 0);
  const std::string host_end = host_veth_name("host", 0);
  EXPECT_NE(text.find("$ ip -n dcod.tut.host.hv1 link del " + host_end + " 2>/dev/null || true"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ip | link add " + own +
                      " address 02:00:00:00:00:02 mtu 1450 type veth peer "
                      "name " +
                      host_end),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("netns dcod.tut.host.hv1"), std::string::npos) << text;
  EXPECT_NE(text.find("master " + bridge_name(4647470)), std::string::npos) << text;
  EXPECT_NE(text.find("ip | link set " + own + " alias dcod:tut:director:hv1:host"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ip | addr add 2001:db8:3::2/64 dev " + own + " nodad"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("netns exec"), std::string::npos) << "no VM namespace is entered\n" << text;
}

TEST(DirectorJoin, RoutesAreFlushedPerOwnLinkAndAddedNeverReplaced) {
  std::string text = all_text(netns_steps(director_action(core::ObjectKind::vm_routes), k_place));
  const std::string own = director_link_name("tut", "host", 0);
  EXPECT_NE(text.find("ip | route flush dev " + own + " proto static"), std::string::npos) << text;
  EXPECT_NE(text.find("ip -6 | route flush dev " + own + " proto static"), std::string::npos)
      << text;
  EXPECT_NE(text.find("ip | route add 198.18.8.0/21 via 198.18.13.1 proto static"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ip -6 | route add 2001:db8::/32 via 2001:db8:3::1 proto static"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("route flush proto static"), std::string::npos)
      << "never every static route of the director\n"
      << text;
  EXPECT_EQ(text.find("replace"), std::string::npos) << text;
}

TEST(DirectorJoin, TheDirectorItselfForwardingAndBootAreLeftAlone) {
  for (core::ObjectKind kind :
       {core::ObjectKind::vm, core::ObjectKind::vm_forwarding, core::ObjectKind::vm_boot}) {
    std::string text = all_text(netns_steps(director_action(kind), k_place));
    EXPECT_EQ(text, "$ true\n");
  }
}

TEST(DirectorJoin, ARemovalIsAVmsRemovalThroughItsHostsEnds) {
  core::Action a = director_action(core::ObjectKind::vm, core::ActionOp::remove);
  a.target.vm.on_director = false;  // a removal knows the name and the interfaces found only
  std::string text = all_text(netns_steps(a, k_place));
  EXPECT_NE(text.find("link del " + host_veth_name("host", 0)), std::string::npos) << text;
}

}  // namespace dcod::plugins
