#include "plan/diff.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "desire/naming.h"
#include "perfect_observation.h"
#include "scenario_builder.h"

namespace dcod::core {

namespace {

const std::string k_lab = R"(
  <host name="h0"/><host name="h1"/><host name="h2"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a" host="h0"><if id="0" net="blue"><ipv4>10.0.0.1/24</ipv4></if><route gw="10.0.0.9">default</route></vm>
  <vm name="b" host="h1"><if id="0" net="blue"><ipv4>10.0.0.2/24</ipv4></if><if id="1" net="red"/></vm>
  <vm name="c" host="h2"><if id="0" net="red"/><forwarding/><exec seq="on_boot">true</exec></vm>
)";

DesiredState lab(const std::string& body = k_lab, std::vector<std::uint32_t> hosts = {0, 1, 2}) {
  Scenario s = test::valid_scenario(test::scenario_xml(body));
  auto d = desire(s, Placement{std::move(hosts)});
  EXPECT_TRUE(d);
  return *d;
}

std::size_t count(const Plan& p, ActionOp op, ObjectKind kind,
                  std::optional<std::uint32_t> host = {}) {
  return static_cast<std::size_t>(std::count_if(
      p.actions.begin(), p.actions.end(),
      [&](const Action& a) { return a.op == op && a.kind == kind && (!host || a.host == *host); }));
}

const Action& only(const Plan& p, ObjectKind kind) {
  auto it = std::find_if(p.actions.begin(), p.actions.end(),
                         [&](const Action& a) { return a.kind == kind; });
  EXPECT_NE(it, p.actions.end());
  return *it;
}

bool depends_on(const Plan& p, const Action& a, ObjectKind kind) {
  return std::any_of(a.deps.begin(), a.deps.end(),
                     [&](std::size_t d) { return p.actions[d].kind == kind; });
}

}  // namespace

TEST(Diff, MatchingHostsNeedNothing) {
  DesiredState want = lab();
  Plan plan = diff(want, test::perfect_observation(want));
  EXPECT_TRUE(plan.empty()) << format_plan(plan);
  EXPECT_EQ(format_plan(plan), "No changes: every host matches the scenario.\n");
}

TEST(Diff, AnEmptyMachineGetsEverythingInDependencyOrder) {
  DesiredState want = lab();
  ObservedState nothing;
  nothing.hosts.resize(3);
  for (auto& h : nothing.hosts) h.netns_exists = false;
  Plan plan = diff(want, nothing);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::underlay), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::host_netns), 3u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::bridge), 4u);  // blue: h0,h1; red: h1,h2
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vxlan), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::fdb_entry), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::neigh_entry), 2u);  // a and b have addresses
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_netns), 3u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_interface), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_routes), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_forwarding), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_boot), 1u);
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::host_netns), ObjectKind::underlay));
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::vxlan), ObjectKind::bridge));
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::flood_entry), ObjectKind::vxlan));
  const Action& iface = only(plan, ObjectKind::vm_interface);
  EXPECT_TRUE(depends_on(plan, iface, ObjectKind::vm_netns));
  EXPECT_TRUE(depends_on(plan, iface, ObjectKind::bridge));
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::vm_boot), ObjectKind::vm_forwarding));
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    for (std::size_t d : plan.actions[i].deps) EXPECT_LT(d, i) << "dependencies come first";
  }
}

TEST(Diff, AMissingFloodEntryIsAddedAndNothingElse) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[1].flood_by_dev["dcx100"].clear();
  Plan plan = diff(want, seen);
  ASSERT_EQ(plan.actions.size(), 1u) << format_plan(plan);
  EXPECT_EQ(plan.actions[0].summary, "flood dcx100 -> 198.18.0.1");
  EXPECT_EQ(plan.actions[0].host, 1u);
}

TEST(Diff, AWrongOrExtraEntryIsFixed) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].flood_by_dev["dcx100"].push_back("198.18.0.3");
  seen.hosts[0].fdb_by_dev["dcx100"][0].dst = "198.18.0.3";
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::flood_entry), 1u);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::fdb_entry), 1u);
  EXPECT_EQ(plan.actions.size(), 2u) << format_plan(plan);
}

TEST(Diff, AMissingVxlanDeviceComesBackWithItsEntries) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  auto& links = seen.hosts[0].links;
  links.erase(std::remove_if(links.begin(), links.end(),
                             [](const ObservedLink& l) { return l.name == "dcx100"; }),
              links.end());
  seen.hosts[0].flood_by_dev.erase("dcx100");
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vxlan, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::fdb_entry, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::neigh_entry, 0), 1u);
  EXPECT_EQ(plan.actions.size(), 4u) << format_plan(plan);
}

TEST(Diff, AVxlanWithTheWrongLocalAddressIsRecreated) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  for (auto& l : seen.hosts[2].links) {
    if (l.name == "dcx200") l.vxlan->local = "198.18.0.99";
  }
  Plan plan = diff(want, seen);
  ASSERT_EQ(count(plan, ActionOp::change, ObjectKind::vxlan), 1u) << format_plan(plan);
  EXPECT_TRUE(only(plan, ObjectKind::vxlan).target.recreate);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry, 2), 1u);
}

TEST(Diff, AMissingVmIsBuiltAgainWithItsBootSequence) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[2].vms.clear();
  auto& links = seen.hosts[2].links;
  links.erase(
      std::remove_if(links.begin(), links.end(),
                     [](const ObservedLink& l) { return l.kind == "veth" && l.name != "ul0"; }),
      links.end());
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_netns, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_interface, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_forwarding, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_boot, 2), 1u);
  EXPECT_EQ(plan.actions.size(), 4u) << format_plan(plan);
}

TEST(Diff, ChangedAddressesAndRoutesAreSetAgain) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].vms["a"].links[1].addresses.clear();  // [0] is lo, [1] eth0
  seen.hosts[0].vms["a"].routes.clear();
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm_addresses), 1u);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm_routes), 1u);
  EXPECT_EQ(plan.actions.size(), 2u) << format_plan(plan);
}

TEST(Diff, ANetRemovedFromTheScenarioIsTornDown) {
  DesiredState before = lab();
  DesiredState after = lab(R"(
  <host name="h0"/><host name="h1"/><host name="h2"/>
  <net name="blue" vni="100"/>
  <vm name="a" host="h0"><if id="0" net="blue"><ipv4>10.0.0.1/24</ipv4></if><route gw="10.0.0.9">default</route></vm>
  <vm name="b" host="h1"><if id="0" net="blue"><ipv4>10.0.0.2/24</ipv4></if></vm>
  <vm name="c" host="h2"><forwarding/><exec seq="on_boot">true</exec></vm>
)");
  Plan plan = diff(after, test::perfect_observation(before));
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::bridge), 2u) << format_plan(plan);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::vxlan), 2u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::vm_interface), 2u);  // b's eth1, c's eth0
  EXPECT_EQ(plan.actions.size(), 6u) << format_plan(plan);
}

TEST(Diff, AVmMovingBetweenHostsIsDetachedBeforeItIsAttached) {
  DesiredState before = lab();
  DesiredState after = lab(k_lab, {0, 1, 0});  // c moves from h2 to h0
  ObservedState seen = test::perfect_observation(before);
  seen.hosts[0].vms["c"] = seen.hosts[2].vms["c"];  // its namespace is on the same machine
  Plan plan = diff(after, seen);
  const Action& detach = only(plan, ObjectKind::vm_interface);
  EXPECT_EQ(detach.op, ActionOp::remove);
  EXPECT_EQ(detach.host, 2u);
  auto attach = std::find_if(plan.actions.begin(), plan.actions.end(), [](const Action& a) {
    return a.kind == ObjectKind::vm_interface && a.op == ActionOp::create;
  });
  ASSERT_NE(attach, plan.actions.end());
  EXPECT_EQ(attach->host, 0u);
  EXPECT_TRUE(depends_on(plan, *attach, ObjectKind::vm_interface)) << "attach waits for detach";
  // red now on h0 and h1: h0 gets the VNI, h2 loses it, h1 floods to h0 instead of h2.
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vxlan, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::vxlan, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry, 1), 1u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::flood_entry, 1), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_netns), 0u)
      << "the VM keeps its namespace";
}

TEST(Diff, DestroyRemovesNamespacesOfSimulatedHostsAndTheUnderlay) {
  DesiredState want = lab();
  Plan plan = diff(emptied(want), test::perfect_observation(want));
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::underlay), 1u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::vm_netns, plan.director()),
            6u);  // 3 hosts + 3 VMs
  EXPECT_EQ(plan.actions.size(), 7u) << format_plan(plan);
  EXPECT_TRUE(
      diff(emptied(want), ObservedState{{ObservedHost{}, ObservedHost{}, ObservedHost{}}, {}})
          .empty());
}

TEST(Diff, AnUnreachableHostGetsNoActions) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[1] = ObservedHost{};
  seen.hosts[1].reachable = false;
  Plan plan = diff(want, seen);
  EXPECT_TRUE(plan.empty()) << format_plan(plan);
}

TEST(Diff, HalfMadeNamespacesAndUnderlayLinksAreFinished) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].vms["a"].links[0].up = false;  // lo of a: its maker was killed before "lo up"
  for (auto& l : seen.hosts[1].links) {
    if (l.name == "ul0") l.addresses.clear();  // h1's underlay NIC without its address
  }
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm_netns, 0), 1u) << format_plan(plan);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::host_netns, 1), 1u) << format_plan(plan);
  EXPECT_EQ(plan.actions.size(), 2u) << format_plan(plan);
}

TEST(Diff, PlanIsPrintedByHostWithCounts) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[1].flood_by_dev["dcx100"].clear();
  seen.hosts[1].flood_by_dev["dcx200"].push_back("198.18.0.9");
  EXPECT_EQ(format_plan(diff(want, seen)),
            "h1:\n"
            "  + flood dcx100 -> 198.18.0.1\n"
            "  - flood dcx200 -> 198.18.0.9\n"
            "\nPlan: 1 to create, 0 to change, 1 to delete.\n");
}

}  // namespace dcod::core
