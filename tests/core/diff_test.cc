#include "diff/diff.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "perfect_observation.h"
#include "plan/plan_text.h"
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
  return desire(s, Placement{std::move(hosts)}, test::endpoints_of(s));
}

std::size_t count(const Plan& p, ActionOp op, ObjectKind kind,
                  std::optional<std::uint32_t> host = {}) {
  return static_cast<std::size_t>(std::count_if(
      p.actions.begin(), p.actions.end(),
      [&](const Action& a) { return a.op == op && a.kind == kind && (!host || a.host == *host); }));
}

const Action& only(const Plan& p, ObjectKind kind, std::optional<ActionOp> op = {}) {
  auto it = std::find_if(p.actions.begin(), p.actions.end(),
                         [&](const Action& a) { return a.kind == kind && (!op || a.op == *op); });
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
  Plan plan = diff(want, nothing);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::underlay), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::host), 3u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::bridge), 4u);  // blue: h0,h1; red: h1,h2
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::tunnel), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::fdb_entry), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::neigh_entry), 2u);  // a and b have addresses
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm), 3u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_interface), 4u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_routes), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_forwarding), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_boot), 1u);
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::host), ObjectKind::underlay));
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::tunnel), ObjectKind::bridge));
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::flood_entry), ObjectKind::tunnel));
  const Action& iface = only(plan, ObjectKind::vm_interface);
  EXPECT_TRUE(depends_on(plan, iface, ObjectKind::vm));
  EXPECT_TRUE(depends_on(plan, iface, ObjectKind::bridge));
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::vm_boot), ObjectKind::vm_forwarding));
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    for (std::size_t d : plan.actions[i].deps) EXPECT_LT(d, i) << "dependencies come first";
    EXPECT_EQ(plan.actions[i].waits_for, "") << "every end point is known";
  }
}

TEST(Diff, AMissingFloodEntryIsAddedAndNothingElse) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[1].vteps[100].flood.clear();
  Plan plan = diff(want, seen);
  ASSERT_EQ(plan.actions.size(), 1u) << format_plan(plan);
  EXPECT_EQ(plan.actions[0].summary, "flood blue -> h0 (198.18.0.1)");
  EXPECT_EQ(plan.actions[0].host, 1u);
  EXPECT_EQ(plan.actions[0].target.peer.address, "198.18.0.1");
}

TEST(Diff, AWrongOrExtraEntryIsFixed) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].vteps[100].flood.push_back("198.18.0.3");
  seen.hosts[0].vteps[100].fdb[0].dst = "198.18.0.3";
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::flood_entry), 1u);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::fdb_entry), 1u);
  EXPECT_EQ(plan.actions.size(), 2u) << format_plan(plan);
  EXPECT_EQ(only(plan, ObjectKind::flood_entry).summary, "flood blue -> h2 (198.18.0.3)")
      << "an address is named by its host";
}

TEST(Diff, AMissingTunnelComesBackWithItsEntries) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].vteps[100].tunnel.reset();
  seen.hosts[0].vteps[100].flood.clear();
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::tunnel, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::fdb_entry, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::neigh_entry, 0), 1u);
  EXPECT_EQ(plan.actions.size(), 4u) << format_plan(plan);
}

TEST(Diff, ATunnelWithTheWrongLocalAddressIsRecreated) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[2].vteps[200].tunnel->local = "198.18.0.99";
  Plan plan = diff(want, seen);
  ASSERT_EQ(count(plan, ActionOp::change, ObjectKind::tunnel), 1u) << format_plan(plan);
  EXPECT_TRUE(only(plan, ObjectKind::tunnel).target.recreate);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry, 2), 1u);
}

TEST(Diff, AMissingVmIsBuiltAgainWithItsBootSequence) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[2].vms.clear();
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_interface, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_forwarding, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_boot, 2), 1u);
  EXPECT_EQ(plan.actions.size(), 4u) << format_plan(plan);
}

TEST(Diff, ChangedAddressesAndRoutesAreSetAgain) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].vms["a"].interfaces[0].addresses->clear();
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm_addresses), 1u);
  // The routes are as desired, but setting the addresses anew takes them away: set them too.
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm_routes), 1u);
  EXPECT_TRUE(depends_on(plan, only(plan, ObjectKind::vm_routes), ObjectKind::vm_addresses));
  EXPECT_EQ(plan.actions.size(), 2u) << format_plan(plan);
}

TEST(Diff, WhateverReplacesAnInterfaceSetsTheRoutesThroughItAgain) {
  DesiredState before = lab();
  DesiredState after = lab(R"(
  <host name="h0"/><host name="h1"/><host name="h2"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a" host="h0"><if id="0" net="blue" mac="02:00:00:00:0a:0a"><ipv4>10.0.0.1/24</ipv4></if><route gw="10.0.0.9">default</route></vm>
  <vm name="b" host="h1"><if id="0" net="blue"><ipv4>10.0.0.2/24</ipv4></if><if id="1" net="red"/></vm>
  <vm name="c" host="h2"><if id="0" net="red"/><forwarding/><exec seq="on_boot">true</exec></vm>
)");
  Plan plan = diff(after, test::perfect_observation(before));
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm_interface, 0), 1u) << format_plan(plan);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm_routes, 0), 1u) << format_plan(plan);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::fdb_entry, 1), 1u) << "h1 learns a's new MAC";
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::fdb_entry, 1), 1u) << "and forgets the old";
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::neigh_entry, 1), 1u);
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
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::tunnel), 2u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::vm_interface), 2u);  // b's eth1, c's eth0
  EXPECT_EQ(only(plan, ObjectKind::vm_interface).summary, "interface b/eth1");
  EXPECT_EQ(plan.actions.size(), 6u) << format_plan(plan);
}

TEST(Diff, AVmMovingBetweenHostsIsRemovedBeforeItIsMadeOnItsNewHost) {
  DesiredState before = lab();
  DesiredState after = lab(k_lab, {0, 1, 0});  // c moves from h2 to h0
  Plan plan = diff(after, test::perfect_observation(before));
  const Action& gone = only(plan, ObjectKind::vm, ActionOp::remove);
  EXPECT_EQ(gone.host, 2u);
  const Action& made = only(plan, ObjectKind::vm, ActionOp::create);
  EXPECT_EQ(made.host, 0u);
  EXPECT_TRUE(depends_on(plan, made, ObjectKind::vm)) << "made after it is gone from h2";
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_boot, 0), 1u) << "it boots anew";
  // red now on h0 and h1: h0 gets the VNI, h2 loses it, h1 floods to h0 instead of h2.
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::tunnel, 0), 1u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::tunnel, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::flood_entry, 1), 1u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::flood_entry, 1), 1u);
}

TEST(Diff, DestroyRemovesTheUnderlayAndTheLeftoversTheSiteFound) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.site.leftovers = {{"dcod.t.host.h0", "host h0", "h0", ""},
                         {"dcod.t.vm.a", "vm a", "h0", "a"}};
  Plan plan = diff(emptied(want), seen);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::underlay, plan.director()), 1u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::leftover, plan.director()), 2u);
  EXPECT_EQ(plan.actions.size(), 3u) << "simulated hosts go whole with their namespaces";
  ObservedState nothing{{ObservedHost{}, ObservedHost{}, ObservedHost{}}, {}};
  EXPECT_TRUE(diff(emptied(want), nothing).empty());
}

TEST(Diff, AVmMovingOffAHostGoneFromTheScenarioWaitsForItsLeftoverToGo) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[1].vms.erase("b");  // b lived on h9, a simulated host no longer in the scenario
  seen.site.leftovers = {{"dcod.t.vm.b", "vm b", "h9", "b"}};
  Plan plan = diff(want, seen);
  const Action& made = only(plan, ObjectKind::vm, ActionOp::create);
  EXPECT_TRUE(depends_on(plan, made, ObjectKind::leftover)) << "one namespace name for both";
}

TEST(Diff, AnUnreachableHostOrSiteGetsNoActions) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[1] = ObservedHost::unreachable(Error{"gone"});
  seen.site.reachable = false;
  seen.site.leftovers = {{"dcod.t.vm.x", "vm x", "", "x"}};
  Plan plan = diff(want, seen);
  EXPECT_TRUE(plan.empty()) << format_plan(plan);
}

TEST(Diff, HalfMadeVmsAndUnderlayLinksAreFinished) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].vms["a"].complete = false;  // its maker was killed before it was marked
  seen.hosts[1].base.addresses.clear();     // h1's underlay link without its address
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm, 0), 1u) << format_plan(plan);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::host, 1), 1u) << format_plan(plan);
  EXPECT_EQ(plan.actions.size(), 2u) << format_plan(plan);
}

TEST(Diff, AVmWhoseBootDidNotFinishIsMadeAnewAndBootsOnce) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[2].vms["c"].booted = false;  // its maker was killed before on_boot ended
  seen.hosts[2].vms["c"].interfaces[7] = ObservedInterface{};  // and something else was left
  Plan plan = diff(want, seen);
  const Action& vm = only(plan, ObjectKind::vm, ActionOp::create);
  EXPECT_TRUE(vm.target.recreate) << "what is left of it goes first";
  ASSERT_EQ(vm.target.vm.interfaces.size(), 2u) << "its own interface and the one left";
  EXPECT_EQ(vm.target.vm.interfaces[1].id, 7u);
  EXPECT_NE(vm.change.find("on_boot"), std::string::npos) << vm.change;
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_interface, 2), 1u) << format_plan(plan);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_forwarding, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm_boot, 2), 1u);
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::vm_interface, 2), 0u)
      << "the VM made anew takes its old interfaces with it";
  EXPECT_EQ(plan.actions.size(), 4u) << format_plan(plan);
}

TEST(Diff, AVmWithoutOnBootThatDidNotBootIsLeftAlone) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[0].vms["a"].booted = false;  // nothing of a's boot is to be run
  EXPECT_TRUE(diff(want, seen).empty()) << format_plan(diff(want, seen));
}

TEST(Diff, AVniHeldBySomeoneElseRefusesTheWholeHost) {
  DesiredState want = lab();
  ObservedState seen;
  seen.hosts.resize(3);
  seen.hosts[1].foreign_vnis[200] = ForeignUse{"scenario 'accs1'", "dcb200"};
  Plan plan = diff(want, seen);
  ASSERT_EQ(plan.refusals.size(), 1u);
  EXPECT_EQ(plan.refusals[0].host, 1u);
  EXPECT_EQ(describe(plan.refusals[0].why),
            "h1: VNI 200 is already used by scenario 'accs1' (dcb200)");
  EXPECT_NE(plan.refusals[0].why.hint.find("another vni="), std::string::npos);
  EXPECT_EQ(plan.refusals[0].why.code, ErrorCode::refused);
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm, 1), 0u) << "nothing is touched on h1";
  EXPECT_EQ(count(plan, ActionOp::create, ObjectKind::vm, 0), 1u) << "the others go on";
  EXPECT_FALSE(plan.empty());
  EXPECT_NE(format_plan(plan).find("h1:\n  ! refused: h1: VNI 200"), std::string::npos)
      << format_plan(plan);
  seen.hosts[1].foreign_vnis = {{999, ForeignUse{"scenario 'x'", "dcb999"}}};
  EXPECT_TRUE(diff(want, seen).refusals.empty()) << "a VNI the host does not need is no matter";
}

TEST(Diff, ActionsTowardsAnEndPointNotKnownYetWaitForIt) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  for (DesiredVtep& v : want.hosts[0].vteps) {
    for (Endpoint& peer : v.flood) peer.address.clear();  // h1's proxy does not run yet
    for (RemoteMac& e : v.fdb) e.dst.address.clear();
  }
  seen.hosts[0].vteps[100].flood = {"198.18.0.77"};  // perhaps h1's, perhaps not
  seen.hosts[0].vteps[100].fdb.clear();
  Plan plan = diff(want, seen);
  const Action& flood = only(plan, ObjectKind::flood_entry);
  EXPECT_EQ(flood.op, ActionOp::create);
  EXPECT_EQ(flood.waits_for, "h1");
  EXPECT_EQ(flood.summary, "flood blue -> h1 (known once its proxy runs)");
  EXPECT_EQ(count(plan, ActionOp::remove, ObjectKind::flood_entry), 0u)
      << "an entry that may be the unknown end point's is left alone";
  EXPECT_EQ(only(plan, ObjectKind::fdb_entry).waits_for, "h1");
}

TEST(Diff, WhatABackendDoesNotManageIsLeftAlone) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  ObservedVm& a = seen.hosts[0].vms["a"];
  a.routes.reset();
  a.forwarding_v4.reset();
  a.interfaces[0].addresses.reset();
  a.interfaces[0].mtu.reset();
  a.interfaces[0].addresses.reset();
  EXPECT_TRUE(diff(want, seen).empty());
  a.cpus = 4;  // a backend that manages cpus found other than desired
  Plan plan = diff(want, seen);
  EXPECT_EQ(count(plan, ActionOp::change, ObjectKind::vm, 0), 1u) << format_plan(plan);
}

TEST(Diff, PlanIsPrintedByHostWithCounts) {
  DesiredState want = lab();
  ObservedState seen = test::perfect_observation(want);
  seen.hosts[1].vteps[100].flood.clear();
  seen.hosts[1].vteps[200].flood.push_back("198.18.0.9");
  EXPECT_EQ(format_plan(diff(want, seen)),
            "h1:\n"
            "  + flood blue -> h0 (198.18.0.1)\n"
            "  - flood red -> 198.18.0.9\n"
            "\nPlan: 1 to create, 0 to change, 1 to delete.\n");
}

}  // namespace dcod::core
