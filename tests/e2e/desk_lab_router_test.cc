// End-to-end routing in the desk lab: a router VM (VNX's <forwarding>) joins two nets carried by
// different hosts; static routes of both families, forwarding and on_boot commands are made,
// left alone by a second run, and repaired after drift.

#include <gtest/gtest.h>

#include "desk_lab.h"
#include "routed_scenario.h"

namespace dcod::test {

namespace {

/// A ping expected to fail needs one try, not five.
const std::vector<std::string> k_one_try = {"-c", "1", "-W", "1"};

}  // namespace

TEST(DeskLabRouter, ARouterVmJoinsTwoNetsOnOtherHostsInBothFamilies) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_routed);
  CommandResult create = lab.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  EXPECT_TRUE(lab.ping("a1", "10.2.0.1"));
  EXPECT_TRUE(lab.ping("b1", "10.1.0.1"));
  EXPECT_TRUE(lab.ping("a1", "fd00:2::1"));
  EXPECT_TRUE(lab.ping("b1", "fd00:1::1"));
  EXPECT_TRUE(lab.ping("a1", "10.99.0.1")) << "r1's on_boot command ran";
  EXPECT_FALSE(lab.ping("b1", "10.99.0.1", k_one_try)) << "b1 has no route there";
  CommandResult again = lab.dcod({"--plan"});
  EXPECT_EQ(again.exit_status, 0) << again.out;
}

TEST(DeskLabRouter, RoutesAndForwardingRemovedByHandAreRepairedAndNothingElse) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_routed);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  DeskLab::sh("ip -n " + lab.vm_ns("a1") + " -6 route del default");
  DeskLab::sh("ip netns exec " + lab.vm_ns("r1") +
              " sh -c 'echo 0 > /proc/sys/net/ipv4/ip_forward'");
  ASSERT_FALSE(lab.ping("a1", "10.2.0.1", k_one_try));
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3);
  EXPECT_EQ(plan_counts(plan), "Plan: 0 to create, 2 to change, 0 to delete.\n") << plan.out;
  EXPECT_NE(plan.out.find("routes a1"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("forwarding r1"), std::string::npos) << plan.out;
  CommandResult repair = lab.dcod({"--create"});
  ASSERT_EQ(repair.exit_status, 0) << repair.out << repair.err;
  EXPECT_TRUE(lab.ping("a1", "10.2.0.1"));
  EXPECT_TRUE(lab.ping("a1", "fd00:2::1"));
  EXPECT_EQ(DeskLab::sh("ip -n " + lab.vm_ns("a1") + " route show proto static").out,
            "default via 10.1.0.254 dev eth0 \n")
      << "the IPv4 route was replaced, not doubled";
  EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
}

}  // namespace dcod::test
