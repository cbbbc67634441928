// What a user sees of a lab in the desk lab: --status tables with the state of every row, and
// --plan lines that say what changes, compared line by line with tests/golden/.

#include <gtest/gtest.h>

#include <algorithm>

#include "desk_lab.h"
#include "netns/netns_naming.h"
#include "util/json.h"

namespace dcod::test {

namespace {

const std::string k_lab = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/><host name="hv3"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a1" host="hv1"><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4><ipv6>fd00:1::1/64</ipv6></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4></if></vm>
  <vm name="b1" host="hv1"><if id="0" net="red" mac="02:00:00:00:02:01"><ipv4>10.2.0.1/24</ipv4></if></vm>
  <vm name="b3" host="hv3"><if id="0" net="red" mac="02:00:00:00:02:03"><ipv4>10.2.0.3/24</ipv4></if></vm>
)";

/// The output with the lab's own scenario name put back to the golden files' placeholder.
std::string seen(const DeskLab& lab, const CommandResult& r) {
  return replaced(r.out, lab.name(), "@SCENARIO@");
}

}  // namespace

TEST(DeskLabStatus, NeverCreatedIsOneLine) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_lab);
  CommandResult status = lab.dcod({"--status"});
  EXPECT_EQ(status.exit_status, 3) << status.err;
  EXPECT_EQ(seen(lab, status),
            "@SCENARIO@ is not created: nothing of it is on its 3 hosts; dcod --create makes it\n");
  CommandResult json = lab.dcod({"--status", "--format", "json"});
  EXPECT_EQ(json.exit_status, 3) << json.err;
  auto parsed = parse_json(json.out);
  ASSERT_TRUE(parsed) << json.out;
  EXPECT_EQ((*parsed)["state"], "not created");
  EXPECT_EQ((*parsed)["hosts"]["hv1"]["state"], "not created");
}

TEST(DeskLabStatus, EveryRowSaysHowItStands) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_lab);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  CommandResult synced = lab.dcod({"--status"});
  EXPECT_EQ(synced.exit_status, 0) << synced.err;
  EXPECT_EQ(seen(lab, synced), golden("status-in-sync.txt", seen(lab, synced)));
  DeskLab::sh("bridge -n " + lab.host_ns("hv1") +
              " fdb del 00:00:00:00:00:00 dev dcx100 dst 198.18.0.2");
  DeskLab::sh("ip -n " + lab.vm_ns("a2") + " -4 addr flush dev eth0 && ip -n " + lab.vm_ns("a2") +
              " addr add 10.1.0.22/24 dev eth0");
  DeskLab::sh("ip netns del " + lab.vm_ns("b3"));
  // The kernel frees a deleted namespace's veth pairs a moment later.
  ASSERT_EQ(DeskLab::sh("for i in $(seq 100); do ip -n " + lab.host_ns("hv3") + " link show " +
                        plugins::host_veth_name("b3", 0) +
                        " >/dev/null 2>&1 || exit 0; sleep 0.05; done; exit 1")
                .exit_status,
            0);
  CommandResult drift = lab.dcod({"--status"});
  EXPECT_EQ(drift.exit_status, 3) << drift.err;
  EXPECT_EQ(seen(lab, drift), golden("status-drift.txt", seen(lab, drift)));
  CommandResult json = lab.dcod({"--status", "--format", "json"});
  EXPECT_EQ(json.exit_status, 3) << json.err;
  auto parsed = parse_json(json.out);
  ASSERT_TRUE(parsed) << json.out;
  const Json& hv3 = (*parsed)["hosts"]["hv3"];
  EXPECT_EQ((*parsed)["state"], "drift");
  EXPECT_EQ(hv3["state"], "drift");
  EXPECT_EQ(hv3["vms"]["b3"], "missing");
  EXPECT_EQ(hv3["interfaces"][0]["state"], "missing");
  EXPECT_EQ((*parsed)["hosts"]["hv2"]["interfaces"][0]["state"], "drift");
  EXPECT_EQ((*parsed)["hosts"]["hv1"]["vteps"][0]["state"], "drift");
  EXPECT_EQ((*parsed)["nets"]["red"]["state"], "drift");
  CommandResult repair = lab.dcod({"--create"});
  ASSERT_EQ(repair.exit_status, 0) << repair.out << repair.err;
  EXPECT_EQ(lab.dcod({"--status"}).exit_status, 0);
}

TEST(DeskLabStatus, PlanLinesSayWhatChangesAndAMoveIsOneLine) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_lab);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  std::string moved = k_lab;
  moved = replaced(moved, R"(<vm name="b3" host="hv3">)", R"(<vm name="b3" host="hv2">)");
  moved = replaced(moved, "10.1.0.2/24", "10.1.0.12/24");
  lab.rewrite(moved);
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3) << plan.err;
  EXPECT_EQ(seen(lab, plan), golden("plan-move.txt", seen(lab, plan)));
  CommandResult apply = lab.dcod({"--create"});
  EXPECT_EQ(apply.exit_status, 0) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("hv2: change interface a2/eth0: address 10.1.0.2/24 → 10.1.0.12/24"),
            std::string::npos)
      << apply.out;
  EXPECT_EQ(lab.dcod({"--plan"}).out, "No changes: every host matches the scenario.\n");
  CommandResult destroy = lab.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.err;
  EXPECT_NE(destroy.out.find("deleted 8 on 3 hosts and the director in "), std::string::npos)
      << destroy.out;
}

TEST(DeskLabStatus, AHostGoneFromTheScenarioIsShownWithWhatIsLeftOnIt) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_lab);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  std::string without_hv3 = replaced(k_lab, R"(<host name="hv3"/>)", "");
  without_hv3 =
      replaced(without_hv3, R"(<vm name="b3" host="hv3">)", R"(<vm name="b3" host="hv2">)");
  lab.rewrite(without_hv3);
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3) << plan.err;
  EXPECT_NE(plan.out.find("  > vm b3: hv3 → hv2\n      + interface b3/eth0 on red\n"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("\nhv3:\n  - host hv3\n"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("  - flood red -> hv3 (198.18.0.3)\n"), std::string::npos)
      << "a host gone from the scenario is still named: " << plan.out;
  CommandResult status = lab.dcod({"--status"});
  EXPECT_EQ(status.exit_status, 3) << status.err;
  std::size_t hv3 = status.out.find("\nhv3 (no longer in the scenario): drift, 2 to fix\n");
  ASSERT_NE(hv3, std::string::npos) << status.out;
  EXPECT_NE(status.out.find("  b3  eth0  red  02:00:00:00:02:03  10.2.0.3/24  drift\n", hv3),
            std::string::npos)
      << "what is left there: " << status.out;
  EXPECT_NE(status.out.find("  to fix:\n    - host hv3\n", hv3), std::string::npos) << status.out;
  CommandResult apply = lab.dcod({"--create"});
  EXPECT_EQ(apply.exit_status, 0) << apply.out << apply.err;
  EXPECT_EQ(lab.dcod({"--plan"}).out, "No changes: every host matches the scenario.\n");
  EXPECT_TRUE(lab.ping("b1", "10.2.0.3")) << "b3 answers from hv2";
}

TEST(DeskLabStatus, ADestroyUnderANewNameSaysWhichScenariosAreThere) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_lab);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  std::string renamed = lab.name() + "x";
  std::string file =
      write_temp_file(renamed + ".xml", "<scenario name=\"" + renamed + "\" version=\"1\">" +
                                            k_lab + "</scenario>\n");
  CommandResult destroy = run_dcod({"-f", file, "--destroy", "--state-dir", file + ".state"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.err;
  EXPECT_EQ(destroy.out.rfind("nothing to change on 3 hosts in ", 0), 0u) << destroy.out;
  EXPECT_EQ(destroy.err.rfind("dcod: warning: nothing of scenario '" + renamed +
                                  "' was found on its 3 hosts; this machine holds scenario",
                              0),
            0u)
      << destroy.err;
  EXPECT_NE(destroy.err.find("'" + lab.name() + "' (namespaces dcod." + lab.name() + ".*)"),
            std::string::npos)
      << destroy.err;
  EXPECT_NE(destroy.err.find("  hint: was the scenario renamed since it was made?"),
            std::string::npos)
      << destroy.err;
  EXPECT_EQ(lab.dcod({"--status"}).exit_status, 0) << "the lab itself is untouched";
}

TEST(DeskLabStatus, AFailureThatComesFromTheScenarioNamesItsElement) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_lab +
              R"(<vm name="c1" host="hv2"><exec seq="on_boot">no-such-tool --now</exec></vm>)");
  std::string text = read_file(lab.file());
  std::size_t at = text.find("<vm name=\"c1\"");
  ASSERT_NE(at, std::string::npos);
  std::size_t line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  std::size_t column = at - text.rfind('\n', at);
  std::string place = lab.file() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  CommandResult create = lab.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1);
  EXPECT_NE(
      create.out.find("hv2: create on_boot c1 FAILED\n" + place + "sh: 1: no-such-tool: not found"),
      std::string::npos)
      << create.out;
  EXPECT_NE(create.out.find("\n  " + place + "hv2: create on_boot c1\n"), std::string::npos)
      << create.out;
  EXPECT_NE(create.out.find("running again fails the same way"), std::string::npos) << create.out;
}

}  // namespace dcod::test
