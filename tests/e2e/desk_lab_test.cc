// End-to-end in the desk lab: the real dcod binary builds scenarios of simulated hosts with
// real kernel VXLAN; pings cross hosts, VNIs stay apart, reconcile is idempotent and repairs
// drift, destroy leaves nothing. Needs root (in CI these fail instead of skipping).

#include "desk_lab.h"

#include <gtest/gtest.h>

#include "netns/netns_naming.h"
#include "util/json.h"

namespace dcod::test {

namespace {

const std::string k_two_nets = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/><host name="hv3"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a1" host="hv1"><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4><ipv6>fd00:1::1/64</ipv6></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4><ipv6>fd00:1::2/64</ipv6></if></vm>
  <vm name="a3" host="hv3"><if id="0" net="blue" mac="02:00:00:00:01:03"><ipv4>10.1.0.3/24</ipv4><ipv6>fd00:1::3/64</ipv6></if></vm>
  <vm name="b1" host="hv1"><if id="0" net="red"><ipv4>10.2.0.1/24</ipv4></if></vm>
  <vm name="b3" host="hv3"><if id="0" net="red"><ipv4>10.2.0.3/24</ipv4></if></vm>
)";

/// Waits (up to 5 s) until `link` has left namespace `netns`: a deleted namespace takes its
/// veth pairs with it a moment after `ip netns del` returns.
bool gone_from(const std::string& netns, const std::string& link) {
  return DeskLab::sh("for i in $(seq 100); do ip -n " + netns + " link show " + link +
                     " >/dev/null 2>&1 || exit 0; sleep 0.05; done; exit 1")
             .exit_status == 0;
}

void create_ok(const DeskLab& lab) {
  CommandResult r = lab.dcod({"--create"});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
}

}  // namespace

TEST(DeskLab, PingCrossesHostsOverIpv4AndIpv6) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  create_ok(lab);
  EXPECT_TRUE(lab.ping("a1", "10.1.0.2"));
  EXPECT_TRUE(lab.ping("a1", "10.1.0.3"));
  EXPECT_TRUE(lab.ping("a3", "10.1.0.2"));
  EXPECT_TRUE(lab.ping("b1", "10.2.0.3"));
  // IPv6 neighbour discovery is multicast: it crosses only through the all-zero flood entries.
  EXPECT_TRUE(lab.ping("a1", "fd00:1::2"));
  EXPECT_TRUE(lab.ping("a2", "fd00:1::3"));
}

TEST(DeskLab, VnisStayApartEvenWithTheSameSubnet) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="x1" host="hv1"><if id="0" net="blue"><ipv4>10.0.0.1/24</ipv4></if></vm>
  <vm name="x2" host="hv2"><if id="0" net="blue"><ipv4>10.0.0.2/24</ipv4></if></vm>
  <vm name="y1" host="hv1"><if id="0" net="red"><ipv4>10.0.0.1/24</ipv4></if></vm>
  <vm name="y3" host="hv2"><if id="0" net="red"><ipv4>10.0.0.3/24</ipv4></if></vm>
)");
  create_ok(lab);
  EXPECT_TRUE(lab.ping("x1", "10.0.0.2"));
  EXPECT_TRUE(lab.ping("y1", "10.0.0.3"));
  EXPECT_FALSE(lab.ping("x1", "10.0.0.3")) << "blue reached a VM of red";
  EXPECT_FALSE(lab.ping("y1", "10.0.0.2")) << "red reached a VM of blue";
}

TEST(DeskLab, RoutesThroughRouterVms) {
  DCOD_REQUIRE_ROOT();
  std::string tutorial = read_file(source_path("examples/vnx-tutorial.xml"));
  std::string body = tutorial.substr(tutorial.find('>', tutorial.find("<scenario")) + 1);
  body = body.substr(0, body.find("</scenario>"));
  DeskLab lab(body);
  create_ok(lab);
  EXPECT_TRUE(lab.ping("h1", "10.0.2.2")) << "h1 -> r1 -> r2 -> h3";
  EXPECT_TRUE(lab.ping("h4", "10.0.0.3"));
  EXPECT_TRUE(lab.ping("h1", "2001:db8:2::2"));
}

TEST(DeskLab, AFrameOfExactlyTheVmMtuCrossesHosts) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  create_ok(lab);
  // VM MTU 1450 = 1500 - 50: a DF ping of 1450 - 28 bytes of payload fits exactly.
  EXPECT_TRUE(lab.ping("a1", "10.1.0.3", {"-M", "do", "-s", "1422"}));
  EXPECT_FALSE(lab.ping("a1", "10.1.0.3", {"-M", "do", "-s", "1423"}));
}

TEST(DeskLab, CreateTwiceChangesNothingTheSecondTime) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  create_ok(lab);
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 0) << plan.out;
  EXPECT_EQ(plan.out, "No changes: every host matches the scenario.\n");
  std::string before = lab.snapshot();
  CommandResult again = lab.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0);
  EXPECT_NE(again.out.find("nothing to change on"), std::string::npos) << again.out;
  std::string after = lab.snapshot();
  EXPECT_TRUE(after == before) << "before:\n" << before << "\nafter:\n" << after;
}

TEST(DeskLab, DriftIsShownAndRepairedExactly) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  create_ok(lab);
  DeskLab::sh("bridge -n " + lab.host_ns("hv1") +
              " fdb del 00:00:00:00:00:00 dev dcx100 dst 198.18.0.2");
  DeskLab::sh("ip -n " + lab.host_ns("hv3") + " link del dcx200");
  DeskLab::sh("ip netns del " + lab.vm_ns("a2"));
  ASSERT_TRUE(gone_from(lab.host_ns("hv2"), plugins::host_veth_name("a2", 0)));
  CommandResult status = lab.dcod({"--status"});
  EXPECT_EQ(status.exit_status, 3) << status.err;
  EXPECT_NE(status.out.find("hv1 (end point 198.18.0.1): drift, 1 to fix\n"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("\nred   200  hv1 hv3      drift\n"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("    + flood blue -> hv2 (198.18.0.2)\n"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("    + vxlan of red (VNI 200)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("    + vm a2\n"), std::string::npos) << status.out;
  EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 3);
  CommandResult repair = lab.dcod({"--create"});
  EXPECT_EQ(repair.exit_status, 0) << repair.out;
  // hv1's flood entry (1) + hv3's dcx200 with its flood, fdb and neigh entry towards b1 (4) +
  // a2's namespace and interface (2).
  EXPECT_NE(repair.out.find("created 7 on"), std::string::npos) << repair.out;
  EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
  EXPECT_TRUE(lab.ping("a1", "10.1.0.2"));
  EXPECT_TRUE(lab.ping("b1", "10.2.0.3"));
}

TEST(DeskLab, DestroyRemovesEverythingOwnedAndNothingElse) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  std::string decoy = "decoy-" + lab.name();
  DeskLab::sh("ip netns add " + decoy + " && ip -n " + decoy + " link add dcx100 type bridge");
  create_ok(lab);
  // An unmarked bridge with a dcod-like name inside a host's namespace is not dcod's.
  DeskLab::sh("ip -n " + lab.host_ns("hv1") + " link add dcb999 type bridge");
  CommandResult again = lab.dcod({"--create"});
  EXPECT_NE(again.out.find("nothing to change on"), std::string::npos) << again.out;
  EXPECT_EQ(DeskLab::sh("ip -n " + lab.host_ns("hv1") + " link show dcb999").exit_status, 0);
  CommandResult destroy = lab.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out;
  EXPECT_TRUE(lab.namespaces().empty());
  EXPECT_EQ(DeskLab::sh("ip -n " + decoy + " link show dcx100").exit_status, 0)
      << "the decoy was touched";
  EXPECT_EQ(lab.dcod({"--destroy"}).exit_status, 0) << "a second destroy succeeds";
  DeskLab::sh("ip netns del " + decoy);
}

TEST(DeskLab, DestroyEndsWhatRunsInAVmAndLeavesTheOthersQuick) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  create_ok(lab);
  CommandResult started = DeskLab::sh("ip netns exec " + lab.vm_ns("a2") +
                                      " sh -c 'sleep 600 >/dev/null 2>&1 & echo $!'");
  ASSERT_EQ(started.exit_status, 0) << started.err;
  const std::string pid = started.out.substr(0, started.out.find('\n'));
  ASSERT_EQ(DeskLab::sh("kill -0 " + pid).exit_status, 0) << "sleep runs in a2";
  CommandResult destroy = lab.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
  EXPECT_TRUE(lab.namespaces().empty());
  EXPECT_NE(DeskLab::sh("for i in $(seq 100); do kill -0 " + pid +
                        " 2>/dev/null || exit 1; sleep 0.05; done")
                .exit_status,
            0)
      << "the process in a2 was ended with its namespace";
}

TEST(DeskLab, AFailureOnOneHostStopsOnlyWhatDependsOnIt) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets +
              "  <vm name=\"r1\" host=\"hv1\"><if id=\"0\" net=\"blue\"><ipv4>10.1.0.9/24"
              "</ipv4></if><route gw=\"10.1.0.254\">10.9.0.0/16</route></vm>\n");
  create_ok(lab);
  // r1 made again where a link dcod does not own has its interface's name: that must fail, and
  // its routes with it, nothing else.
  std::string hv1 = "ip -n " + lab.host_ns("hv1") + " ";
  const std::string r1_end = plugins::host_veth_name("r1", 0);
  DeskLab::sh("ip netns del " + lab.vm_ns("r1"));
  ASSERT_TRUE(gone_from(lab.host_ns("hv1"), r1_end)) << "the kernel frees a namespace later";
  ASSERT_EQ(DeskLab::sh(hv1 + "link add " + r1_end + " type bridge").exit_status, 0);
  DeskLab::sh("ip netns del " + lab.vm_ns("a3"));  // and something to repair on another host
  ASSERT_TRUE(gone_from(lab.host_ns("hv3"), plugins::host_veth_name("a3", 0)));
  CommandResult r = lab.dcod({"--create"});
  EXPECT_EQ(r.exit_status, 1) << r.out;
  EXPECT_NE(r.out.find("\n  " + lab.file() + ":"), std::string::npos)
      << "the failed action with its <if>'s place: " << r.out;
  EXPECT_NE(r.out.find(": hv1: create interface r1/eth0 on blue\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("File exists"), std::string::npos)
      << "the command's own error is shown: " << r.out;
  EXPECT_NE(r.out.find("1 action failed, 1 skipped"), std::string::npos) << "the routes: " << r.out;
  EXPECT_EQ(r.out.find("run the same command again"), std::string::npos)
      << "a foreign link in the way stays in the way: " << r.out;
  EXPECT_NE(r.out.find("running again fails the same way: change what the errors above name"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(lab.ping("a2", "10.1.0.3")) << "hv3 converged all the same";
  EXPECT_TRUE(lab.ping("a1", "10.1.0.2")) << "and hv1's other VMs";
  EXPECT_EQ(
      DeskLab::sh(hv1 + "link show " + plugins::host_veth_name("r1", 0) + " | grep -c alias").out,
      "0\n")
      << "the foreign link is untouched";
  DeskLab::sh(hv1 + "link del " + plugins::host_veth_name("r1", 0));
  CommandResult again = lab.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.out;
  EXPECT_TRUE(lab.ping("a1", "10.1.0.9"));
}

TEST(DeskLab, AVniHeldBySomethingElseRefusesThatHostAndTouchesNothingThere) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  create_ok(lab);
  // hv1's blue bridge replaced by one dcod does not own.
  std::string hv1 = "ip -n " + lab.host_ns("hv1") + " ";
  DeskLab::sh(hv1 + "link del dcx100; " + hv1 + "link del dcb100; " + hv1 +
              "link add dcb100 type bridge");
  DeskLab::sh("ip netns del " + lab.vm_ns("a3"));  // and something to repair on another host
  ASSERT_TRUE(gone_from(lab.host_ns("hv3"), plugins::host_veth_name("a3", 0)));
  const std::string hv1_state = hv1 + "-o link show; " + hv1 +
                                "neigh show nud permanent; bridge -n " + lab.host_ns("hv1") +
                                " fdb show | grep -v 'master dcb'";
  std::string before = DeskLab::sh(hv1_state).out;
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 1) << plan.out;
  EXPECT_NE(plan.out.find("hv1:\n  ! refused: hv1: VNI 100 is already used by something dcod does "
                          "not own (dcb100)"),
            std::string::npos)
      << plan.out;
  CommandResult r = lab.dcod({"--create"});
  EXPECT_EQ(r.exit_status, 1) << r.out;
  EXPECT_NE(r.out.find("hv1: VNI 100 is already used by something dcod does not own (dcb100)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("hint: give net 'blue' another vni="), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("run the same command again"), std::string::npos)
      << "trying again cannot help: " << r.out;
  EXPECT_EQ(r.out.find("hv1: create"), std::string::npos) << "nothing on hv1: " << r.out;
  EXPECT_EQ(DeskLab::sh(hv1_state).out, before);
  EXPECT_TRUE(lab.ping("a2", "10.1.0.3")) << "hv3 converged all the same";
  DeskLab::sh(hv1 + "link del dcb100");
  CommandResult again = lab.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.out;
  EXPECT_TRUE(lab.ping("a1", "10.1.0.2"));
}

TEST(DeskLab, ExecReturnsTheCommandsStatusAndSequencesRunByName) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets +
              "  <vm name=\"r1\" host=\"hv2\"><exec seq=\"hello\">echo hi from $(cat "
              "/proc/sys/kernel/hostname)</exec>"
              "<exec seq=\"hello\">true</exec></vm>\n");
  create_ok(lab);
  EXPECT_EQ(lab.exec("a1", {"sh", "-c", "exit 7"}).exit_status, 7);
  CommandResult inside = lab.exec("a1", {"ip", "-br", "addr", "show", "eth0"});
  EXPECT_NE(inside.out.find("10.1.0.1/24"), std::string::npos) << inside.out;
  CommandResult seq = lab.dcod({"-x", "hello", "-M", "r1"});
  EXPECT_EQ(seq.exit_status, 0) << seq.err;
  EXPECT_NE(seq.out.find("r1: true"), std::string::npos) << seq.out;
  EXPECT_NE(seq.out.find("hi from"), std::string::npos) << seq.out;
  CommandResult typo = lab.dcod({"-x", "helo"});
  EXPECT_EQ(typo.exit_status, 2);
  EXPECT_NE(typo.err.find("did you mean 'hello'?"), std::string::npos) << typo.err;
  EXPECT_EQ(lab.exec("nosuch", {"true"}).exit_status, 2);
  CommandResult missing = lab.exec("r1", {"no-such-command"});
  EXPECT_EQ(missing.exit_status, 127) << "as a shell says it";
  EXPECT_NE(missing.err.find("no-such-command"), std::string::npos) << missing.err;
  EXPECT_EQ(lab.exec("r1", {"/etc/passwd"}).exit_status, 126) << "there, but not a program";
}

TEST(DeskLab, StatusAsJsonNamesTheDrift) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_two_nets);
  create_ok(lab);
  DeskLab::sh("ip -n " + lab.host_ns("hv2") + " link del dcx100");
  CommandResult status = lab.dcod({"--status", "--format", "json"});
  ASSERT_EQ(status.exit_status, 3) << status.err;
  auto json = parse_json(status.out);
  ASSERT_TRUE(json) << status.out;
  EXPECT_FALSE((*json)["in_sync"].get<bool>());
  EXPECT_TRUE((*json)["hosts"]["hv1"]["in_sync"].get<bool>());
  const Json& hv2 = (*json)["hosts"]["hv2"];
  EXPECT_FALSE(hv2["in_sync"].get<bool>());
  EXPECT_EQ(hv2["vms"]["a2"], "present");
  ASSERT_FALSE(hv2["drift"].empty());
  EXPECT_EQ(hv2["drift"][0].get<std::string>().rfind("+ vxlan of blue (VNI 100)", 0), 0u)
      << hv2["drift"];
  EXPECT_FALSE((*json)["nets"]["blue"]["in_sync"].get<bool>());
  EXPECT_TRUE((*json)["nets"]["red"]["in_sync"].get<bool>());
  EXPECT_EQ((*json)["nets"]["blue"]["hosts"].size(), 3u);
}

}  // namespace dcod::test
