// --status as data and text: states per row and per host for what a desk lab cannot show on
// demand (a host that cannot be observed, one refused, a place no longer in the scenario).

#include "status/inspect.h"

#include <gtest/gtest.h>

#include "diff/diff.h"
#include "perfect_observation.h"
#include "scenario_builder.h"

namespace dcod::core {

namespace {

const std::string k_lab = R"(
  <host name="h0"/><host name="h1"/>
  <net name="blue" vni="100"/>
  <vm name="a" host="h0"><if id="0" net="blue" mac="02:00:00:00:00:0a"><ipv4>10.0.0.1/24</ipv4></if></vm>
  <vm name="b" host="h1"/>
)";

struct Lab {
  Scenario scenario = test::valid_scenario(test::scenario_xml(k_lab));
  DesiredState want = desire(scenario, Placement{{0, 1}}, test::endpoints_of(scenario));
  ObservedState seen = test::perfect_observation(want);

  StatusReport report() const { return inspect(scenario, want, seen, diff(want, seen)); }
};

}  // namespace

TEST(Inspect, AHostThatCannotBeObservedIsNamedWithTheReason) {
  Lab lab;
  lab.seen.hosts[1] = ObservedHost::unreachable(
      Error{"connection refused", "", ErrorCode::unreachable, ErrorContext{"h1", "", "", 0, 0}});
  StatusReport r = lab.report();
  EXPECT_EQ(r.state, "not observed");
  EXPECT_EQ(status_table(r),
            "t: h1 could not be observed; the rest is below\n"
            "\n"
            "NET   VNI  HOSTS  STATE\n"
            "blue  100  h0     in sync\n"
            "\n"
            "h0 (end point 198.18.0.1): in sync\n"
            "  VM  IF    NET   MAC                ADDRESSES    STATE\n"
            "  a   eth0  blue  02:00:00:00:00:0a  10.0.0.1/24  in sync\n"
            "  VNI  NET   FLOOD  STATE\n"
            "  100  blue  -      in sync\n"
            "\n"
            "h1 (end point 198.18.0.2): unreachable: h1: connection refused\n"
            "\n"
            "director: in sync\n");
}

TEST(Inspect, AVmWithoutInterfacesHasOneRowAndAnUnwantedVmIsDrift) {
  Lab lab;
  lab.seen.hosts[1].vms["stray"] = ObservedVm{};
  lab.seen.hosts[1].vms.erase("b");
  StatusReport r = lab.report();
  EXPECT_EQ(r.state, "drift");
  ASSERT_EQ(r.hosts[1].interfaces.size(), 2u);
  EXPECT_EQ(r.hosts[1].interfaces[0].vm, "b");
  EXPECT_EQ(r.hosts[1].interfaces[0].state, RowState::missing);
  EXPECT_EQ(r.hosts[1].interfaces[1].vm, "stray");
  EXPECT_EQ(r.hosts[1].interfaces[1].state, RowState::drift);
  EXPECT_FALSE(r.hosts[1].interfaces[1].wanted);
  EXPECT_NE(status_table(r).find("  b      -   -    -    -          missing\n"), std::string::npos)
      << status_table(r);
  EXPECT_NE(status_table(r).find("    - vm stray\n"), std::string::npos) << status_table(r);
}

TEST(Inspect, JsonKeepsItsFieldsAndGainsTheStates) {
  Lab lab;
  lab.seen.hosts[0].vteps.erase(100);
  StatusReport r = lab.report();
  std::string json = status_json(r);
  for (const char* field : {"\"scenario\"", "\"in_sync\"", "\"state\"", "\"hosts\"", "\"nets\"",
                            "\"director_drift\"", "\"reachable\"", "\"error\"", "\"vnis\"",
                            "\"vms\"", "\"drift\"", "\"interfaces\"", "\"vteps\"", "\"endpoint\""})
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  EXPECT_EQ(r.hosts[0].vteps[0].state, RowState::missing);
  EXPECT_EQ(r.nets[0].state, RowState::missing);
}

}  // namespace dcod::core
