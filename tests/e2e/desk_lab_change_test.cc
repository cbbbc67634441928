// End-to-end changes in the desk lab: scenarios edited between runs get minimal plans; runs
// interrupted by SIGKILL are finished by the next run; two runs on one scenario never interleave.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>

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

std::string flood_of(const DeskLab& lab, const std::string& host, const std::string& dev) {
  return DeskLab::
      sh("bridge -n " + lab.host_ns(host) + " fdb show dev " + dev +
         " | grep '^00:00:00:00:00:00' | sed 's/.* dst \\([^ ]*\\).*/\\1/' | sort | tr '\\n' ' '")
          .out;
}

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
  EXPECT_EQ(flood_of(lab, "hv1", "dcx100"), "198.18.0.2 198.18.0.3 ");
  lab.rewrite(k_head + k_a + a3_on("hv2"));
  CommandResult moved = lab.dcod({"--create"});
  ASSERT_EQ(moved.exit_status, 0) << moved.out;
  EXPECT_EQ(flood_of(lab, "hv1", "dcx100"), "198.18.0.2 ");
  EXPECT_EQ(flood_of(lab, "hv2", "dcx100"), "198.18.0.1 ");
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
    EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 3) << "something was left to do";
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
  const std::string nothing = "created 0, changed 0, deleted 0";
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
