// The plan in words: every line names the object by what it belongs to and says what changes;
// a VM moving between hosts is one line with its parts under it; objects are listed under the
// host they live on.

#include "plan/plan_text.h"

#include <gtest/gtest.h>

#include "diff/diff.h"
#include "perfect_observation.h"
#include "scenario_builder.h"

namespace dcod::core {

namespace {

const std::string k_lab = R"(
  <host name="h0"/><host name="h1"/><host name="h2"/>
  <net name="blue" vni="100"/>
  <vm name="a"><if id="0" net="blue" mac="02:00:00:00:00:0a"><ipv4>10.0.0.1/24</ipv4></if></vm>
  <vm name="b"><if id="0" net="blue" mac="02:00:00:00:00:0b"><ipv4>10.0.0.2/24</ipv4></if><route gw="10.0.0.9">default</route></vm>
)";

DesiredState lab(std::vector<std::uint32_t> hosts) {
  Scenario s = test::valid_scenario(test::scenario_xml(k_lab));
  return desire(s, Placement{std::move(hosts)}, test::endpoints_of(s));
}

}  // namespace

TEST(PlanText, AChangeSaysWhatChanges) {
  DesiredState want = lab({0, 1});
  ObservedState seen = test::perfect_observation(want);
  ObservedInterface& eth0 = seen.hosts[1].vms["b"].interfaces[0];
  eth0.addresses = std::vector<IpPrefix>{*parse_ip_prefix("10.0.0.12/24", IpFamily::v4)};
  eth0.mtu = 1500;
  seen.hosts[1].vms["b"].routes = std::vector<DesiredRoute>{};
  seen.hosts[0].vteps[100].fdb[0].dst = "198.18.0.3";
  EXPECT_EQ(format_plan(diff(want, seen)),
            "h0:\n"
            "  ~ fdb blue 02:00:00:00:00:0b: h2 (198.18.0.3) → h1 (198.18.0.2)\n"
            "h1:\n"
            "  ~ interface b/eth0 on blue: MTU 1500 → 1450\n"
            "  ~ routes b: routes none → default via 10.0.0.9\n"
            "\nPlan: 0 to create, 3 to change, 0 to delete.\n");
  eth0.mtu = 1450;
  EXPECT_EQ(format_plan(diff(want, seen)),
            "h0:\n"
            "  ~ fdb blue 02:00:00:00:00:0b: h2 (198.18.0.3) → h1 (198.18.0.2)\n"
            "h1:\n"
            "  ~ interface b/eth0: address 10.0.0.12/24 → 10.0.0.2/24\n"
            "  ~ routes b: routes none → default via 10.0.0.9\n"
            "\nPlan: 0 to create, 3 to change, 0 to delete.\n");
}

TEST(PlanText, AVmMovingBetweenHostsIsOneLineWithItsPartsUnderIt) {
  DesiredState before = lab({0, 2});
  ObservedState seen = test::perfect_observation(before);
  DesiredState want = lab({0, 1});
  Plan plan = diff(want, seen);
  std::vector<Move> moved = moves(plan);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].vm, "b");
  EXPECT_EQ(moved[0].from, "h2");
  EXPECT_EQ(moved[0].to, "h1");
  std::vector<std::string> h1 = host_lines(plan, "h1", moved);
  std::vector<std::string> want_h1 = {"+ bridge of blue (VNI 100)",
                                      "+ vxlan of blue (VNI 100), local 198.18.0.2",
                                      "+ flood blue -> h0 (198.18.0.1)",
                                      "+ fdb blue 02:00:00:00:00:0a -> h0 (198.18.0.1)",
                                      "+ neigh blue 10.0.0.1 02:00:00:00:00:0a",
                                      "> vm b: h2 → h1",
                                      "    + interface b/eth0 on blue",
                                      "    + routes b"};
  EXPECT_EQ(h1, want_h1);
  for (const std::string& line : host_lines(plan, "h2", moved))
    EXPECT_EQ(line.find("vm b"), std::string::npos) << "the move's removal is its line on h1";
  EXPECT_EQ(format_plan(plan).substr(format_plan(plan).find("\nPlan: ")),
            "\nPlan: 1 VM to move, 9 to create, 1 to change, 4 to delete.\n");
}

TEST(PlanText, ALeftoverIsListedUnderTheHostItLivedOn) {
  DesiredState want = lab({0, 1});
  ObservedState seen = test::perfect_observation(want);
  seen.site.leftovers = {{"dcod.t.vm.c", "vm c", "h9", "c"},
                         {"dcod.t.zz", "namespace dcod.t.zz", "", ""}};
  Plan plan = diff(want, seen);
  EXPECT_EQ(format_plan(plan),
            "h9:\n"
            "  - vm c\n"
            "director:\n"
            "  - namespace dcod.t.zz\n"
            "\nPlan: 0 to create, 0 to change, 2 to delete.\n");
  EXPECT_EQ(plan.places(), (std::vector<std::string>{"h0", "h1", "h2", "h9", "director"}));
}

}  // namespace dcod::core
