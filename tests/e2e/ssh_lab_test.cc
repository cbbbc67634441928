// End-to-end over SSH: the netns backend on "remote" Linux hosts (namespaces of this machine,
// each with its own sshd and its own /run/netns), reached with libssh. The desk-lab checks run
// again over SSH, plus the faults: a stopped sshd, a changed host key, a wrong key, a hanging
// remote command, and secrets that must never appear in any output.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "routed_scenario.h"
#include "ssh_desk.h"

namespace dcod::test {

TEST(SshLab, CreatePingsIsolatesRepairsAndDestroysOverSsh) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  CommandResult create = desk.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  EXPECT_TRUE(desk.ping("a1", "10.1.0.2")) << "hv1 -> hv2 over VXLAN between SSH hosts";
  EXPECT_TRUE(desk.ping("a1", "10.1.0.3"));
  EXPECT_TRUE(desk.ping("a1", "fd00:1::2"));
  EXPECT_TRUE(desk.ping("b1", "10.1.0.3")) << "red has its own 10.1.0.3";
  EXPECT_FALSE(desk.ping("a1", "10.1.0.9"));
  // MTU boundary.
  EXPECT_EQ(desk.dcod({"--exec", "a1", "--", "ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1422",
                       "10.1.0.3"})
                .exit_status,
            0);
  // Idempotent.
  EXPECT_EQ(desk.dcod({"--plan"}).exit_status, 0);
  // Drift on a remote host.
  lab.on_host(1, "bridge fdb del 00:00:00:00:00:00 dev dcx100 dst " + lab.address(0));
  CommandResult status = desk.dcod({"--status"});
  EXPECT_EQ(status.exit_status, 3) << status.err;
  EXPECT_NE(status.out.find("): drift, 1 to fix\n"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\nhv2 (end point "), std::string::npos) << status.out;
  EXPECT_EQ(desk.dcod({"--plan"}).exit_status, 3);
  CommandResult repair = desk.dcod({"--create"});
  EXPECT_NE(repair.out.find("created 1 on"), std::string::npos) << repair.out;
  EXPECT_EQ(desk.dcod({"--plan"}).exit_status, 0);
  // Destroy leaves nothing on any host, and succeeds again.
  ASSERT_EQ(desk.dcod({"--destroy"}).exit_status, 0);
  for (int h = 0; h < 3; ++h) EXPECT_EQ(desk.leftovers(h), "0\n0\n") << "host " << h;
  EXPECT_EQ(desk.dcod({"--destroy"}).exit_status, 0);
}

TEST(SshLab, RoutesForwardingAndOnBootOverSsh) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab, "", "", k_routed_nets_and_vms);
  CommandResult create = desk.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  EXPECT_TRUE(desk.ping("a1", "10.2.0.1")) << "through r1 on hv2";
  EXPECT_TRUE(desk.ping("b1", "fd00:1::1"));
  EXPECT_TRUE(desk.ping("a1", "10.99.0.1")) << "r1's on_boot command ran";
  EXPECT_EQ(desk.dcod({"--plan"}).exit_status, 0);
  lab.on_host(0, "ip -n dcod." + desk.name() + ".vm.a1 route flush proto static");
  CommandResult repair = desk.dcod({"--create"});
  EXPECT_NE(repair.out.find("changed 1 on"), std::string::npos) << repair.out;
  EXPECT_TRUE(desk.ping("a1", "10.2.0.1"));
}

TEST(SshLab, AHostWithoutSshdIsNamedAndTheOthersConverge) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  lab.stop_sshd(2);
  CommandResult r = desk.dcod({"--create"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(
      r.err.find("host hv3: cannot be observed: cannot connect to host hv3 (" + lab.address(2)),
      std::string::npos)
      << r.err;
  EXPECT_TRUE(desk.ping("a1", "10.1.0.2")) << "hv1 and hv2 converged all the same";
  ASSERT_TRUE(lab.start_sshd(2)) << lab.error();
  CommandResult again = desk.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.out << again.err;
  EXPECT_TRUE(desk.ping("a1", "10.1.0.3"));
}

TEST(SshLab, AChangedHostKeyIsRefusedEvenWhenNewKeysAreAccepted) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  ASSERT_EQ(desk.dcod({"--create"}).exit_status, 0);
  ASSERT_TRUE(lab.change_host_key(1)) << lab.error();
  CommandResult r = desk.dcod({"--create"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("host hv2: cannot be observed: the host key of host hv2"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("has CHANGED"), std::string::npos) << r.err;
  auto first = r.err.find("SHA256:");
  EXPECT_NE(r.err.find("SHA256:", first + 1), std::string::npos) << "both fingerprints: " << r.err;
}

TEST(SshLab, AWrongKeyIsAClearAuthenticationError) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab, "", lab.stranger_key());
  CommandResult r = desk.dcod({"--create"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("authentication as 'root' on host hv1"), std::string::npos) << r.err;
}

TEST(SshLab, AHangingRemoteCommandIsBoundedByTheTimeout) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  lab.make_hang(2, "bridge");  // hv3's `bridge` never returns
  auto start = std::chrono::steady_clock::now();
  CommandResult r = desk.dcod({"--create"}, {"DCOD_SCRIPT_TIMEOUT=3"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("host hv3: cannot be observed: observing the host timed out"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(desk.ping("a1", "10.1.0.2")) << "the other hosts converged";
  lab.end_hang(2);
}

TEST(SshLab, SecretsNeverAppearInAnyOutput) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  const std::string secret = "s3cr3t-" + std::to_string(::getpid()) + "-do-not-print";
  write_temp_file("pw-" + std::to_string(::getpid()), secret + "\n");
  SshDesk desk(lab, "  <host name=\"pw1\" address=\"" + lab.address(0) +
                        "\" user=\"root\" password-env=\"DCOD_TEST_SECRET\"/>\n"
                        "  <host name=\"pw2\" address=\"" +
                        lab.address(1) + "\" user=\"root\" password-file=\"" + temp_dir() + "/pw-" +
                        std::to_string(::getpid()) + "\"/>\n");
  std::string log = temp_dir() + "/secret.log";
  std::vector<std::string> env = {"DCOD_TEST_SECRET=" + secret};
  std::string everything;
  for (const auto& mode :
       std::vector<std::vector<std::string>>{{"--create", "-v", "--log-file", log},
                                             {"--plan", "-v"},
                                             {"--status", "-v"},
                                             {"--status", "--format", "json"},
                                             {"--show"},
                                             {"--seg-info", "--format", "json"}}) {
    CommandResult r = desk.dcod(mode, env);
    everything += r.out + r.err;
  }
  CommandResult destroy = desk.dcod({"--destroy", "-v", "--log-file", log}, env);
  everything += destroy.out + destroy.err;
  everything += read_file(log);
  everything += files_under(temp_dir() + "/" + desk.name() + ".xml.state");  // record, keepers
  EXPECT_NE(everything.find("authentication as 'root' on host pw1"), std::string::npos)
      << "password was tried";
  EXPECT_EQ(everything.find(secret), std::string::npos) << "the secret leaked";
}

namespace {

/// True when process `pid`'s parent is a dcod keeper spawner (or keeper) still running.
bool parent_is_a_keeper_process(int pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto end_of_name = stat.rfind(')');
  if (end_of_name == std::string::npos) return false;
  int parent = 0;
  std::sscanf(stat.c_str() + end_of_name + 1, " %*c %d", &parent);
  return read_file("/proc/" + std::to_string(parent) + "/cmdline").find("--ssh-keeper") !=
         std::string::npos;
}

}  // namespace

TEST(SshLab, SessionsAreKeptBetweenRunsAndEndWithDestroy) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  ASSERT_EQ(desk.dcod({"--create"}).exit_status, 0);
  EXPECT_EQ(desk.keepers().size(), 3u) << "one per host";
  for (int pid : desk.keepers())
    EXPECT_FALSE(parent_is_a_keeper_process(pid))
        << "the spawner of keeper " << pid << " ended with the run that started it";
  CommandResult again = desk.dcod({"--create", "-v"});
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_EQ(count_of(again.err, "reusing the kept session"), 3u) << again.err;
  EXPECT_EQ(count_of(again.err, "new session"), 0u) << again.err;
  EXPECT_TRUE(desk.ping("a1", "10.1.0.2")) << "--exec goes through the kept session too";
  EXPECT_EQ(desk.keepers().size(), 3u);
  ASSERT_EQ(desk.dcod({"--destroy"}).exit_status, 0);
  EXPECT_TRUE(eventually([&] { return desk.keepers().empty(); })) << "destroy ends them";
}

TEST(SshLab, RelativePathsReachTheKeepersAsTheyMeantForTheRun) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  // Run from `base`: the scenario, its key (identity= relative to the scenario), the state and
  // known hosts all given relative to it. A keeper works from a directory of its own.
  const std::string base = temp_dir() + "/relative";
  std::filesystem::create_directories(base + "/lab");
  std::filesystem::copy_file(lab.client_key(), base + "/lab/key");
  std::ofstream(base + "/lab/s.xml")
      << "<scenario name=\"rel" << ::getpid() % 100000 << "\" version=\"1\">\n"
      << "<global><segmentation algorithm=\"static\"/></global>\n"
      << lab.host_elements("key") << k_nets << "</scenario>\n";
  auto dcod = [&](const std::string& args) {
    return run_command({"sh", "-c",
                        "cd '" + base +
                            "' && exec '" DCOD_BINARY
                            "' -f lab/s.xml --state-dir lab/state --known-hosts lab/known_hosts "
                            "--accept-new-host-keys " +
                            args},
                       {"DCOD_SCRIPT_TIMEOUT=30"});
  };
  CommandResult create = dcod("--create");
  EXPECT_EQ(create.exit_status, 0) << create.out << create.err;
  EXPECT_EQ(count_of(read_file(base + "/lab/known_hosts"), "\n"), 3u)
      << "the keys are recorded where the run was told, not under the keepers' directory";
  CommandResult again = dcod("--create -v");
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_EQ(count_of(again.err, "reusing the kept session"), 3u) << again.err;
  CommandResult destroy = dcod("--destroy");
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
}

TEST(SshLab, AKeptSessionEndsWithItsServerAndWhenIdle) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  ASSERT_EQ(desk.dcod({"--create", "--ssh-persist", "3"}).exit_status, 0);
  ASSERT_EQ(desk.keepers().size(), 3u);
  lab.stop_sshd(1);
  EXPECT_TRUE(eventually([&] { return desk.keepers().size() == 2; }, 2))
      << "the keeper of hv2 noticed its server went away";
  CommandResult r = desk.dcod({"--create", "--ssh-persist", "3"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("cannot connect to host hv2"), std::string::npos) << r.err;
  EXPECT_TRUE(eventually([&] { return desk.keepers().empty(); }, 8)) << "idle for 3 s";
  ASSERT_TRUE(lab.start_sshd(1)) << lab.error();
}

TEST(SshLab, NoSessionIsKeptWithPersistZero) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  ASSERT_EQ(desk.dcod({"--create", "--ssh-persist", "0"}).exit_status, 0);
  EXPECT_TRUE(desk.keepers().empty());
}

TEST(SshLab, AKeptPasswordSessionHoldsTheSecretNowhereVisible) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  const std::string secret = "kept-" + std::to_string(::getpid()) + "-secret";
  ASSERT_TRUE(lab.set_root_password(0, secret));
  SshDesk desk(lab, "  <host name=\"pw\" address=\"" + lab.address(0) +
                        "\" user=\"root\" password-env=\"DCOD_TEST_SECRET\"/>\n");
  std::vector<std::string> env = {"DCOD_TEST_SECRET=" + secret, "DCOD_SCRIPT_TIMEOUT=30"};
  CommandResult r = desk.dcod({"--create"}, env);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  ASSERT_EQ(desk.keepers().size(), 4u) << "three key logins and the password login";
  for (int pid : desk.keepers()) {
    for (const char* file : {"/cmdline", "/environ"}) {
      std::string text = read_file("/proc/" + std::to_string(pid) + file);
      EXPECT_EQ(text.find(secret), std::string::npos) << "keeper " << pid << file;
    }
  }
  CommandResult again = desk.dcod({"--create", "-v"}, env);
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_NE(again.err.find("pw: reusing the kept session"), std::string::npos) << again.err;
}

}  // namespace dcod::test

namespace dcod::test {

TEST(SshLab, TunnelsRunOnTheDataNetworkWhenItIsNotTheOneSshReaches) {
  SshLab lab(3, true);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab);
  CommandResult create = desk.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  // The VTEPs' end points are the data addresses, never the management ones SSH uses.
  std::string vxlan = lab.on_host(0, "ip -d link show dcx100").out;
  EXPECT_NE(vxlan.find("local " + lab.data_address(0)), std::string::npos) << vxlan;
  std::string flood = lab.on_host(0, "bridge fdb show dev dcx100 | grep ^00:00:00:00:00:00").out;
  EXPECT_NE(flood.find("dst " + lab.data_address(1)), std::string::npos) << flood;
  EXPECT_EQ(flood.find("dst " + lab.address(1)), std::string::npos) << flood;
  EXPECT_TRUE(desk.ping("a1", "10.1.0.2")) << "hv1 -> hv2 across the data network";
  // The pings cross on the data network: without hv2's data link they do not cross, while SSH
  // (on the management network) still reaches hv2.
  lab.set_data_link(1, false);
  EXPECT_FALSE(desk.ping("a1", "10.1.0.2"));
  EXPECT_EQ(desk.dcod({"--plan"}).exit_status, 0) << "hv2 is still observed over SSH";
  lab.set_data_link(1, true);
  EXPECT_TRUE(desk.ping("a1", "10.1.0.2"));
  EXPECT_TRUE(desk.ping("a1", "10.1.0.3"));
}

TEST(SshLab, SequencesRunInRemoteVmsAsExecDoes) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk desk(lab, "", "",
               k_nets +
                   "  <vm name=\"r1\" host=\"hv2\"><if id=\"0\" net=\"blue\"><ipv4>10.1.0.9/24"
                   "</ipv4></if><exec seq=\"hello\">echo hi from "
                   "$(ip -br link show eth0 | cut -d' ' -f1)</exec>"
                   "<exec seq=\"hello\">cat /proc/sys/net/ipv4/ip_forward</exec>"
                   "<exec seq=\"fails\">exit 4</exec></vm>\n");
  ASSERT_EQ(desk.dcod({"--create"}).exit_status, 0);
  CommandResult seq = desk.dcod({"-x", "hello", "-M", "r1"});
  EXPECT_EQ(seq.exit_status, 0) << seq.out << seq.err;
  EXPECT_NE(seq.out.find("r1: echo hi from"), std::string::npos) << seq.out;
  EXPECT_NE(seq.out.find("hi from eth0@"), std::string::npos)
      << "ran inside r1 on hv2: " << seq.out;
  EXPECT_NE(seq.out.find("r1: cat /proc/sys/net/ipv4/ip_forward\n0\n"), std::string::npos)
      << seq.out;
  CommandResult fails = desk.dcod({"-x", "fails"});
  EXPECT_EQ(fails.exit_status, 1) << fails.out;
  CommandResult exec = desk.dcod({"--exec", "r1", "--", "sh", "-c", "exit 7"});
  EXPECT_EQ(exec.exit_status, 7) << "--exec takes the same path and keeps the status";
}

TEST(SshLab, AVniAnotherScenarioUsesOnAHostRefusesThatHost) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshDesk first(lab);
  ASSERT_EQ(first.dcod({"--create"}).exit_status, 0);
  // A second scenario with the same VNIs on the same hosts: their root namespaces hold dcb100.
  SshDesk second(lab);
  std::string before = lab.on_host(0, "ip -o link show; bridge fdb show | grep permanent").out;
  CommandResult r = second.dcod({"--create"});
  EXPECT_EQ(r.exit_status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("hv1: VNI 100 is already used by scenario '" + first.name() + "' (dcb100)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("hint: give net 'blue' another vni=, or destroy the scenario that uses it"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("run the same command again"), std::string::npos) << r.out;
  EXPECT_EQ(lab.on_host(0, "ip -o link show; bridge fdb show | grep permanent").out, before)
      << "nothing was touched";
  EXPECT_TRUE(first.ping("a1", "10.1.0.2")) << "the first scenario is untouched";
}

TEST(SshLab, TheMixedExamplePlansEveryBackendAndItsNetnsHostConverges) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  // examples/mixed-virtualbox.xml with every host on a lab host (no address outside the lab is
  // ever contacted): the Linux VirtualBox host has no VBoxManage, and the Windows one answers
  // with a POSIX shell instead of cmd.exe. (vbox_windows_test.cc runs the example for real.)
  std::string xml = read_file(source_path("examples/mixed-virtualbox.xml"));
  xml.replace(xml.find("name=\"mixed\""), 12, "name=\"mx" + std::to_string(::getpid()) + "\"");
  auto replace_element = [&](const std::string& start, const std::string& end,
                             const std::string& with) {
    std::size_t at = xml.find(start);
    xml.replace(at, xml.find(end, at) + end.size() - at, with);
  };
  replace_element("  <host name=\"srv7\"", "/>",
                  "  <host name=\"srv7\" backend=\"netns\" address=\"" + lab.address(0) +
                      "\" user=\"root\" identity=\"" + lab.client_key() + "\"/>");
  replace_element("  <host name=\"win1\"", "</host>",
                  "  <host name=\"win1\" backend=\"virtualbox\" os=\"windows\" address=\"" +
                      lab.address(2) + "\" user=\"root\" identity=\"" + lab.client_key() +
                      "\">\n    <proxy vm=\"virtnet_proxy\" identity=\"" + lab.client_key() +
                      "\"/>\n  </host>");
  replace_element("  <host name=\"lin1\"", "</host>",
                  "  <host name=\"lin1\" backend=\"virtualbox\" os=\"linux\" address=\"" +
                      lab.address(1) + "\" user=\"root\" identity=\"" + lab.client_key() +
                      "\">\n    <proxy vm=\"virtnet_proxy\" identity=\"" + lab.client_key() +
                      "\"/>\n  </host>");
  std::string file = write_temp_file("mixed-" + std::to_string(::getpid()) + ".xml", xml);
  auto dcod = [&](std::vector<std::string> args) {
    return run_dcod(lab.dcod_args(file, args), {"DCOD_SCRIPT_TIMEOUT=30", "WIN1_PASSWORD=unused"});
  };
  CommandResult plan = dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 1) << plan.out << plan.err;
  EXPECT_NE(
      plan.err.find("host win1: cannot be observed: the host's SSH server does not run "
                    "commands with cmd.exe (it answered 'dcod-probe %OS% !OS! %USERPROFILE%'"),
      std::string::npos)
      << plan.err;
  EXPECT_NE(plan.err.find("HKLM\\SOFTWARE\\OpenSSH\\DefaultShell"), std::string::npos) << plan.err;
  EXPECT_NE(plan.err.find("host lin1: cannot be observed: VBoxManage was not found on the host\n"
                          "  hint: install VirtualBox there, or give the host "
                          "vboxmanage=\"PATH\""),
            std::string::npos)
      << plan.err;
  EXPECT_NE(plan.out.find("srv7:\n"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("  + flood back -> win1 (known once its proxy runs)"), std::string::npos)
      << plan.out;
  CommandResult create = dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1) << create.out << create.err;
  EXPECT_NE(create.err.find("dcod: lin1: VBoxManage was not found on the host"), std::string::npos)
      << "bringing its end point up: " << create.err;
  EXPECT_NE(create.out.find("the tunnel end point of win1 is not known"), std::string::npos)
      << create.out;
  // srv7 holds what it can without the VirtualBox hosts: its VM and its VTEP.
  EXPECT_EQ(lab.on_host(0, "ip netns list | grep -c 'vm.db1'").out, "1\n");
  EXPECT_EQ(lab.on_host(0, "ip -br link show dcx301 | wc -l").out, "1\n");
  CommandResult again = dcod({"--plan"});
  EXPECT_EQ(plan_counts(again).find("Plan: 2 to create, 0 to change, 0 to delete."), 0u)
      << "only what waits for win1's proxy is left (its flood and FDB entry): " << again.out;
  EXPECT_EQ(dcod({"--destroy"}).exit_status, 1) << "the VirtualBox hosts cannot be emptied";
  EXPECT_EQ(lab.on_host(0, "ip netns list | grep -c 'vm.db1'").out, "0\n") << "srv7 was";
}

}  // namespace dcod::test
