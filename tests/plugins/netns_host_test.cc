// The netns backend's host object against an in-memory session: what it asks a remote host,
// how it reads the answer into the neutral observed state, the scripts it runs for actions and
// in VMs. No root, no host.

#include "netns/netns_host.h"

#include <gtest/gtest.h>

#include "diff/diff.h"
#include "fake_session.h"
#include "linux/linux_naming.h"
#include "netns/netns_naming.h"
#include "scenario_builder.h"
#include "test_support.h"

namespace dcod::plugins {

namespace {

core::Host remote_host() {
  core::Host h;
  h.name = "hv1";
  h.address = "203.0.113.7";
  h.where = {7, 3};
  return h;
}

NetnsHostSpec spec_for(core::Host host, std::shared_ptr<test::SessionLog> log,
                       test::FakeSession::Answer answer) {
  NetnsHostSpec spec;
  spec.host = std::move(host);
  spec.scenario = "s";
  spec.timeout = std::chrono::seconds(10);
  spec.connect = [log, answer]() -> Expected<std::unique_ptr<Session>> {
    ++log->connects;
    return std::unique_ptr<Session>(new test::FakeSession(log, answer));
  };
  return spec;
}

ProcessResult printed(std::string out) {
  return ProcessResult{0, std::move(out), "", false};
}

/// What a remote host with blue (VNI 100) and VM a1 prints for the observation script, with
/// dcb200 of another scenario and a VXLAN device on VNI 300 that is no one's.
const std::string k_remote_answer =
    R"(@@section links
[{"ifname":"lo","flags":["LOOPBACK","UP"],"mtu":65536},)"
    R"({"ifname":"dcb100","flags":["UP"],"mtu":1450,"ifalias":"dcod:s:blue"},)"
    R"({"ifname":"dcx100","flags":["UP"],"mtu":1450,"master":"dcb100","ifalias":"dcod:s:blue"},)"
    R"({"ifname":"dcb200","flags":["UP"],"mtu":1450,"ifalias":"dcod:other:red"},)"
    R"({"ifname":"vx9","flags":["UP"],"mtu":1450},)"
    R"({"ifname":")" +
    plugins::host_veth_name("a1", 0) +
    R"(","flags":["UP"],"mtu":1450,"master":"dcb100","ifalias":"dcod:s:blue"}]
[]
[{"ifname":"dcb100"},{"ifname":"dcb200"}]
[{"dst":"10.1.0.2","dev":"dcx100","lladdr":"02:00:00:00:01:02","state":["PERMANENT"]}]
@@section vxlan
[{"ifname":"dcx100","linkinfo":{"info_kind":"vxlan","info_data":{"id":100,"local":"203.0.113.7","port":4789,"learning":false,"proxy":true}}},)"
    R"({"ifname":"vx9","linkinfo":{"info_kind":"vxlan","info_data":{"id":300,"port":4789}}}]
@@section fdb
[{"mac":"00:00:00:00:00:00","ifname":"dcx100","dst":"198.51.100.9","state":"permanent"},)"
    R"({"mac":"02:00:00:00:01:02","ifname":"dcx100","dst":"198.51.100.9","state":"permanent"}]
@@section vm:dcod.s.vm.a1
[{"ifname":"lo","flags":["LOOPBACK","UP"],"mtu":65536,"ifalias":"dcod:s:host:hv1"},)"
    R"({"ifname":"eth0","flags":["UP"],"mtu":1450,"address":"02:00:00:00:01:01"}]
[{"ifname":"eth0","addr_info":[{"family":"inet","local":"10.1.0.1","prefixlen":24,"scope":"global"}]}]
[{"dst":"default","gateway":"10.1.0.254"}]
[{"family":"inet","interface":"all","forwarding":true},{"family":"inet6","interface":"all","forwarding":false}]
)";

}  // namespace

TEST(NetnsHost, TheEndPointIsTheUnderlayAddressOrElseTheAddress) {
  auto log = std::make_shared<test::SessionLog>();
  NetnsHost plain(spec_for(remote_host(), log, nullptr), nullptr);
  EXPECT_EQ(plain.endpoint()->address, "203.0.113.7");
  core::Host split = remote_host();
  split.underlay_address = "198.51.100.7";
  NetnsHost data(spec_for(split, log, nullptr), nullptr);
  EXPECT_EQ(data.endpoint()->address, "198.51.100.7") << "the data network, not SSH's";
  core::Host named = remote_host();
  named.address = "srv7.example";
  auto refused = NetnsHost(spec_for(named, log, nullptr), nullptr).endpoint();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid);
  EXPECT_EQ(refused.error().context.line, 7u);
  EXPECT_NE(refused.error().hint.find("underlay-address="), std::string::npos);
  EXPECT_EQ(log->connects, 0) << "no host is contacted to know an end point";
}

TEST(NetnsHost, ObservesARemoteHostInOneRoundTripInNeutralTerms) {
  auto log = std::make_shared<test::SessionLog>();
  NetnsHost host(spec_for(remote_host(), log,
                          [](const std::string&) {
                            return Expected<ProcessResult>(printed(k_remote_answer));
                          }),
                 nullptr);
  core::ObservedHost seen = host.observe(core::DesiredHost{});
  ASSERT_TRUE(seen.reachable) << describe(seen.error);
  ASSERT_EQ(log->texts.size(), 1u);
  EXPECT_NE(log->texts[0].find("ip -j -batch -"), std::string::npos);
  EXPECT_NE(log->texts[0].find("ip -d -j link show type vxlan"), std::string::npos)
      << "details only where they are needed";
  EXPECT_NE(log->texts[0].find("/run/netns/dcod.s.vm."), std::string::npos) << "VMs by a glob";
  ASSERT_TRUE(seen.vteps.count(100));
  const core::ObservedVtep& blue = seen.vteps[100];
  ASSERT_TRUE(blue.bridge && blue.tunnel);
  EXPECT_EQ(blue.tunnel->net, "blue");
  EXPECT_TRUE(blue.tunnel->attached);
  EXPECT_EQ(blue.flood, std::vector<std::string>{"198.51.100.9"});
  ASSERT_EQ(blue.fdb.size(), 1u);
  ASSERT_EQ(blue.neigh.size(), 1u);
  EXPECT_FALSE(seen.vteps.count(200)) << "another scenario's bridge is not this one's VTEP";
  ASSERT_TRUE(seen.foreign_vnis.count(200));
  EXPECT_EQ(seen.foreign_vnis[200].owner, "scenario 'other'");
  EXPECT_EQ(seen.foreign_vnis[200].object, "dcb200");
  ASSERT_TRUE(seen.foreign_vnis.count(300)) << "a VXLAN device on the same port, any name";
  EXPECT_EQ(seen.foreign_vnis[300].owner, "something dcod does not own");
  ASSERT_TRUE(seen.vms.count("a1"));
  const core::ObservedVm& a1 = seen.vms["a1"];
  EXPECT_TRUE(a1.complete) << "its loopback is marked for hv1";
  ASSERT_TRUE(a1.interfaces.count(0));
  EXPECT_EQ(a1.interfaces.at(0).vni, std::optional<std::uint32_t>(100));
  EXPECT_EQ(a1.interfaces.at(0).net, "blue");
  EXPECT_TRUE(a1.interfaces.at(0).whole);
  EXPECT_EQ(a1.routes->size(), 1u);
  EXPECT_EQ(a1.interfaces.at(0).addresses->size(), 1u) << "from `addr show scope global`";
  EXPECT_EQ(a1.forwarding_v4, std::optional<bool>(true));
  EXPECT_FALSE(a1.cpus) << "netns does not manage a VM's cpus";
}

TEST(NetnsHost, ALinkAKilledRunLeftUnmarkedIsKnownByItsSignature) {
  std::string half = R"(@@section links
[{"ifname":"dcb100","flags":[],"mtu":1500,"address":")" +
                     signature_mac("s", "dcb100") + R"("}]
[]
[{"ifname":"dcb100"}]
[]
@@section fdb
[]
)";
  auto log = std::make_shared<test::SessionLog>();
  NetnsHost host(
      spec_for(remote_host(), log,
               [&](const std::string&) { return Expected<ProcessResult>(printed(half)); }),
      nullptr);
  core::ObservedHost seen = host.observe(core::DesiredHost{});
  ASSERT_TRUE(seen.vteps.count(100));
  EXPECT_EQ(seen.vteps[100].bridge->net, "") << "dcod's, not yet marked: to be finished";
  EXPECT_TRUE(seen.foreign_vnis.empty());
}

TEST(NetnsHost, AHostThatCannotBeReachedIsReportedAndAskedOnlyOnce) {
  auto log = std::make_shared<test::SessionLog>();
  NetnsHostSpec spec = spec_for(remote_host(), log, nullptr);
  spec.connect = [log]() -> Expected<std::unique_ptr<Session>> {
    ++log->connects;
    return Error{"cannot connect to host hv1 (203.0.113.7:22): no route", "",
                 ErrorCode::unreachable};
  };
  NetnsHost host(spec, nullptr);
  core::ObservedHost seen = host.observe(core::DesiredHost{});
  EXPECT_FALSE(seen.reachable);
  EXPECT_EQ(seen.error.code, ErrorCode::unreachable);
  EXPECT_TRUE(seen.error.retryable());
  core::Plan plan;
  plan.host_names = {"hv1", "director"};
  plan.actions.push_back(core::Action{});
  auto results = host.run(plan, {0});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].ok);
  EXPECT_NE(results[0].error.find("no route"), std::string::npos) << results[0].error;
  EXPECT_EQ(log->connects, 1) << "a failed connection is not tried again within the run";
}

TEST(NetnsHost, ActionsBecomeOneScriptOfIprouteBatchesWithSignaturesAndMarkers) {
  core::Scenario s = test::valid_scenario(test::scenario_xml(
      "  <host name=\"hv1\" address=\"203.0.113.7\"/><host name=\"hv2\" address=\"203.0.113.8\"/>\n"
      "  <net name=\"blue\" vni=\"100\"/>\n"
      "  <vm name=\"a1\" host=\"hv1\"><if id=\"0\" net=\"blue\" mac=\"02:00:00:00:01:01\">"
      "<ipv4>10.1.0.1/24</ipv4></if></vm>\n"
      "  <vm name=\"a2\" host=\"hv2\"><if id=\"0\" net=\"blue\"/></vm>\n"));
  core::DesiredState want = core::desire(s, core::Placement{{0, 1}}, test::endpoints_of(s));
  core::ObservedState nothing;
  nothing.hosts.resize(2);
  core::Plan plan = core::diff(want, nothing);
  std::vector<std::size_t> first_batch;  // what does not wait for anything on hv1
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (plan.actions[i].host == 0 && plan.actions[i].deps.empty()) first_batch.push_back(i);
  }
  const std::string tool_log = test::temp_dir() + "/netns-host-actions.log";
  const std::string bin = test::fake_iproute(tool_log);
  auto log = std::make_shared<test::SessionLog>();
  NetnsHostSpec spec = spec_for(
      remote_host(), log, [&](const std::string& text) { return test::run_with_tools(text, bin); });
  spec.scenario = s.name;
  NetnsHost host(spec, nullptr);
  auto results = host.run(plan, first_batch);
  for (const core::ActionResult& r : results) EXPECT_TRUE(r.ok) << r.error;
  ASSERT_EQ(log->texts.size(), 1u) << "one round trip for the batch";
  std::string calls = test::read_file(tool_log);
  EXPECT_NE(
      calls.find("  link add dcb100 address " + signature_mac("t", "dcb100") + " type bridge"),
      std::string::npos)
      << calls;
  EXPECT_NE(calls.find("  netns add dcod.t.vm.a1"), std::string::npos) << calls;
  auto made = calls.find("  netns add dcod.t.vm.a1"),
       marked = calls.find("nsenter --net=/run/netns/dcod.t.vm.a1");
  ASSERT_NE(marked, std::string::npos) << calls;
  EXPECT_LT(made, marked) << "a VM is marked in its next stage, once its namespace exists";
  EXPECT_NE(calls.find("  link set lo alias dcod:t:host:hv1 up", marked), std::string::npos)
      << calls;
}

TEST(NetnsHost, CommandsInARemoteVmRunAsOneBatchWithAnOutcomeEach) {
  const std::string bin = test::fake_iproute(test::temp_dir() + "/netns-host-exec.log");
  auto log = std::make_shared<test::SessionLog>();
  NetnsHost host(spec_for(remote_host(), log,
                          [&](const std::string& text) { return test::run_with_tools(text, bin); }),
                 nullptr);
  auto outcomes =
      host.run_in_vm("a1", {{{"sh", "-c", "echo one; exit 3"}}, {{"echo", "it's fine"}}},
                     /*attach=*/true);
  ASSERT_TRUE(outcomes) << outcomes.error().message;
  ASSERT_EQ(outcomes->size(), 2u);
  EXPECT_EQ((*outcomes)[0].exit_status, 3);
  EXPECT_EQ((*outcomes)[0].out, "one\n");
  EXPECT_EQ((*outcomes)[1].out, "it's fine\n");
  ASSERT_EQ(log->texts.size(), 1u) << "attach has no meaning on a remote host: one round trip";
  EXPECT_NE(log->texts[0].find("ip netns exec dcod.s.vm.a1 env -- sh -c"), std::string::npos);
}

}  // namespace dcod::plugins
