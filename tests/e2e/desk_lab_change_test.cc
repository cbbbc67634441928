// End-to-end changes in the desk lab: scenarios edited between runs get minimal plans; runs
// interrupted by SIGKILL are finished by the next run; two runs on one scenario never interleave.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <functional>

#include "desk_lab.h"

namespace dcod::test {

namespace {

const std::string k_head = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/><host name="hv3"/>
  <net name="blue" vni="100"/>
)";
const std::string k_red = "  <net name=\"red\" vni=\"200\"/>\n";
const std::string k_a = R"(
  <vm name="a1" host="hv1"><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4></if></vm>
)";
std::string a3_on(const std::string& host) {
  return "  <vm name=\"a3\" host=\"" + host +
         "\"><if id=\"0\" net=\"blue\" "
         "mac=\"02:00:00:00:01:03\"><ipv4>10.1.0.3/24</ipv4></if></vm>\n";
}
const std::string k_b = R"(
  <vm name="b1" host="hv1"><if id="0" net="red"><ipv4>10.2.0.1/24</ipv4></if></vm>
  <vm name="b3" host="hv3"><if id="0" net="red"><ipv4>10.2.0.3/24</ipv4></if></vm>
)";

}  // namespace

TEST(DeskLabChange, AddingAVmTouchesOnlyItAndItsNetsEntries) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_head + k_a + a3_on("hv3"));
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  lab.rewrite(k_head + k_a + a3_on("hv3") +
              "  <vm name=\"a4\" host=\"hv2\"><if id=\"0\" net=\"blue\" mac=\"02:00:00:00:01:04\">"
              "<ipv4>10.1.0.4/24</ipv4></if></vm>\n");
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3);
  // a4's namespace and interface on hv2; an FDB and a neighbour entry for it on hv1 and hv3.
  EXPECT_EQ(plan_counts(plan), "Plan: 6 to create, 0 to change, 0 to delete.\n") << plan.out;
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  EXPECT_TRUE(lab.ping("a1", "10.1.0.4"));
  EXPECT_TRUE(lab.ping("a3", "10.1.0.4"));
}

TEST(DeskLabChange, RemovingANetTearsDownItsDevicesAndVms) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_head + k_red + k_a + a3_on("hv3") + k_b);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  lab.rewrite(k_head + k_a + a3_on("hv3"));
  CommandResult plan = lab.dcod({"--plan"});
  // red's bridge and VXLAN device on hv1 and hv3, and the VMs b1 and b3 (their interfaces go
  // with them).
  EXPECT_EQ(plan_counts(plan), "Plan: 0 to create, 0 to change, 6 to delete.\n") << plan.out;
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  EXPECT_EQ(DeskLab::sh("ip -n " + lab.host_ns("hv1") + " link show dcx200").exit_status, 1);
  EXPECT_EQ(DeskLab::sh("ip netns list | grep -c '" + lab.vm_ns("b") + "'").out, "0\n");
  EXPECT_TRUE(lab.ping("a1", "10.1.0.3"));
}

TEST(DeskLabChange, MovingAVmUpdatesTheFloodListsOfEveryAffectedHost) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_head + k_a + a3_on("hv3"));
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  EXPECT_EQ(lab.flood_list("hv1", "dcx100"), "198.18.0.2 198.18.0.3 ");
  lab.rewrite(k_head + k_a + a3_on("hv2"));
  CommandResult moved = lab.dcod({"--create"});
  ASSERT_EQ(moved.exit_status, 0) << moved.out;
  EXPECT_EQ(lab.flood_list("hv1", "dcx100"), "198.18.0.2 ");
  EXPECT_EQ(lab.flood_list("hv2", "dcx100"), "198.18.0.1 ");
  EXPECT_EQ(DeskLab::sh("ip -n " + lab.host_ns("hv3") + " link show dcx100").exit_status, 1)
      << "hv3 carries no blue VM any more";
  EXPECT_TRUE(lab.ping("a1", "10.1.0.3"));
  EXPECT_TRUE(lab.ping("a2", "10.1.0.3"));
  EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
}

TEST(DeskLabChange, ARunKilledHalfwayIsFinishedByTheNext) {
  DCOD_REQUIRE_ROOT();
  std::string body = k_head;
  for (int i = 0; i < 60; ++i) {
    body += "  <vm name=\"v" + std::to_string(i) + "\" host=\"hv" + std::to_string(1 + i % 3) +
            "\"><if id=\"0\" net=\"blue\"><ipv4>10.1.1." + std::to_string(i + 1) +
            "/24</ipv4></if></vm>\n";
  }
  DeskLab lab(body);
  const std::vector<std::string> create = {"-f", lab.file(), "--state-dir", lab.file() + ".state",
                                           "--create"};
  // Cut at known points: after the underlay, after a host's own namespace, amid the VTEPs and
  // VMs (results come a batch at a time, so later cuts could come after the last batch). A
  // killed run's batch may have begun more than was reported; the next run finishes them all.
  for (std::size_t cut : {1u, 2u, 5u, 20u}) {
    SCOPED_TRACE("killed after " + std::to_string(cut) + " actions");
    CommandResult killed = run_dcod_killed_after(create, cut);
    ASSERT_EQ(killed.exit_status, 128 + 9) << "the run was not cut:\n" << killed.out;
    CommandResult left = lab.dcod({"--plan"});
    EXPECT_EQ(left.exit_status, 3) << "something was left to do:\n" << left.out << left.err;
    CommandResult finish = lab.dcod({"--create"});
    EXPECT_EQ(finish.exit_status, 0) << finish.out << finish.err;
    EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
    EXPECT_TRUE(lab.ping("v0", "10.1.1.60"));
    EXPECT_EQ(lab.dcod({"--destroy"}).exit_status, 0);
    EXPECT_TRUE(lab.namespaces().empty());
  }
}

TEST(DeskLabChange, TwoRunsOnOneScenarioNeverInterleave) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_head + k_a + a3_on("hv3"));
  std::string dcod =
      std::string(DCOD_BINARY) + " -f " + lab.file() + " --state-dir " + lab.file() + ".state";
  CommandResult both =
      DeskLab::sh(dcod + " --create > " + lab.file() + ".one 2>&1 & p=$!; " + dcod +
                  " --create > " + lab.file() + ".two 2>&1; b=$?; wait $p; a=$?; echo $a $b");
  EXPECT_EQ(both.out, "0 0\n");
  std::string one = read_file(lab.file() + ".one"), two = read_file(lab.file() + ".two");
  const std::string nothing = "nothing to change on";
  // One run built everything; the other waited for the lock and then found nothing to do.
  EXPECT_NE(one.find(nothing) == std::string::npos, two.find(nothing) == std::string::npos)
      << one << "\n"
      << two;
  EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
}

TEST(DeskLabChange, AHeldLockIsReportedAfterABoundedWait) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_head + k_a);
  std::string state = lab.file() + ".state";
  DeskLab::sh("mkdir -p " + state);
  int fd = ::open((state + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto start = std::chrono::steady_clock::now();
  CommandResult r = lab.dcod({"--create"});
  auto waited = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("another dcod run holds the lock of scenario '" + lab.name() + "'"),
            std::string::npos)
      << r.err;
  EXPECT_GE(waited, std::chrono::seconds(5)) << "it gives up at once";
  EXPECT_LT(waited, std::chrono::seconds(30)) << "it waits forever";
  EXPECT_TRUE(lab.namespaces().empty()) << "nothing was touched";
}

}  // namespace dcod::test

namespace dcod::test {

namespace {

/// A routed lab whose every attribute a test can change: a1 (blue) and b1 (red) on different
/// hosts, routed through r1.
struct RoutedLab {
  std::string udp = "4789", mtu = "1500", subnet = "198.18.0.0/24";
  std::string blue = "blue", blue_vni = "100", red = "red", red_vni = "200";
  std::string a1_host = "hv1", a1_v4 = "10.1.0.1/24", a1_v6 = "fd00:1::1/64", a1_mac,
              a1_route = "10.2.0.0/24", a1_resources, a1_extra_if;
  std::string r1_forwarding = "ip";

  std::string body() const {
    std::string mac = a1_mac.empty() ? "" : " mac=\"" + a1_mac + "\"";
    return "  <global><segmentation algorithm=\"static\"/><overlay udp-port=\"" + udp +
           "\" underlay-mtu=\"" + mtu + "\"/><underlay subnet=\"" + subnet +
           "\"/></global>\n"
           "  <host name=\"hv1\"/><host name=\"hv2\"/><host name=\"hv3\"/>\n"
           "  <net name=\"" +
           blue + "\" vni=\"" + blue_vni + "\"/><net name=\"" + red + "\" vni=\"" + red_vni +
           "\"/>\n"
           "  <vm name=\"r1\" host=\"hv2\"><if id=\"0\" net=\"" +
           blue +
           "\"><ipv4>10.1.0.254/24</ipv4><ipv6>fd00:1::fe/64</ipv6></if><if id=\"1\" net=\"" + red +
           "\"><ipv4>10.2.0.254/24</ipv4></if><forwarding type=\"" + r1_forwarding +
           "\"/></vm>\n"
           "  <vm name=\"a1\" host=\"" +
           a1_host + "\"" + a1_resources + "><if id=\"0\" net=\"" + blue + "\"" + mac + "><ipv4>" +
           a1_v4 + "</ipv4><ipv6>" + a1_v6 + "</ipv6></if>" + a1_extra_if +
           "<route gw=\"10.1.0.254\">" + a1_route +
           "</route></vm>\n"
           "  <vm name=\"b1\" host=\"hv3\"><if id=\"0\" net=\"" +
           red + "\"><ipv4>10.2.0.1/24</ipv4></if><route gw=\"10.2.0.254\">default</route></vm>\n";
  }
};

}  // namespace

TEST(DeskLabChange, OneCreateConvergesWhateverAttributeChanges) {
  DCOD_REQUIRE_ROOT();
  RoutedLab routed;
  DeskLab lab(routed.body());
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  ASSERT_TRUE(lab.ping("a1", "10.2.0.1")) << "a1 -> r1 -> b1";
  const std::vector<std::pair<std::string, std::function<void(RoutedLab&)>>> changes = {
      {"a VM's IPv4 address", [](RoutedLab& r) { r.a1_v4 = "10.1.0.11/24"; }},
      {"a VM's MAC", [](RoutedLab& r) { r.a1_mac = "02:00:00:00:0a:11"; }},
      {"a VM's IPv6 address", [](RoutedLab& r) { r.a1_v6 = "fd00:1::11/64"; }},
      {"a VM's route", [](RoutedLab& r) { r.a1_route = "10.2.0.0/16"; }},
      {"a VM's cpus and memory",
       [](RoutedLab& r) { r.a1_resources = " cpus=\"2\" memory=\"512\""; }},
      {"a VM's host", [](RoutedLab& r) { r.a1_host = "hv3"; }},
      {"an interface added",
       [](RoutedLab& r) {
         r.a1_extra_if = "<if id=\"1\" net=\"" + r.red + "\"><ipv4>10.2.0.11/24</ipv4></if>";
       }},
      {"an interface's net",
       [](RoutedLab& r) {
         r.a1_extra_if = "<if id=\"1\" net=\"" + r.blue + "\"><ipv4>10.1.0.111/24</ipv4></if>";
       }},
      {"an interface removed", [](RoutedLab& r) { r.a1_extra_if.clear(); }},
      {"a router's forwarding", [](RoutedLab& r) { r.r1_forwarding = "ipv4"; }},
      {"a net's VNI", [](RoutedLab& r) { r.blue_vni = "101"; }},
      {"a net's name", [](RoutedLab& r) { r.red = "crimson"; }},
      {"the VXLAN port", [](RoutedLab& r) { r.udp = "4790"; }},
      {"the underlay MTU", [](RoutedLab& r) { r.mtu = "1400"; }},
      {"the underlay subnet", [](RoutedLab& r) { r.subnet = "198.18.1.0/24"; }},
  };
  for (const auto& [what, change] : changes) {
    SCOPED_TRACE("changed: " + what);
    change(routed);
    lab.rewrite(routed.body());
    CommandResult create = lab.dcod({"--create"});
    EXPECT_EQ(create.exit_status, 0) << create.out << create.err;
    CommandResult plan = lab.dcod({"--plan"});
    EXPECT_EQ(plan.exit_status, 0) << "one --create did not converge:\n" << plan.out;
    // A peer keeps a changed MAC's old value in its ARP cache until it asks again (ARP never
    // crosses a suppressing VTEP, not even an announcement); here it is made to ask at once,
    // as it would by itself within its reachable time.
    if (what == "a VM's MAC") DeskLab::sh("ip -n " + lab.vm_ns("r1") + " neigh flush all");
    EXPECT_TRUE(lab.ping("a1", "10.2.0.1")) << "a1 -> r1 -> b1";
    EXPECT_TRUE(lab.ping("b1", routed.a1_v4.substr(0, routed.a1_v4.find('/'))));
  }
}

}  // namespace dcod::test
