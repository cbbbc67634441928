// The VNX 2.0 input language (vnx-core/load/vnx/): how each element maps onto the model, what
// is warned about once, what is refused with the quality of dcod's own errors, hosts files, and
// the writer that `dcod convert` uses.

#include <gtest/gtest.h>

#include "load/scenario_loader.h"
#include "load/scenario_writer.h"
#include "load/vnx/vnx_values.h"
#include "scenario_builder.h"
#include "test_support.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

const char* k_three_hosts = R"(<hosts version="1">
  <host name="hv1"/><host name="hv2"/><host name="hv3"/>
</hosts>)";

Scenario hosts_of(const std::string& text) {
  LoadResult r = load_valid_hosts_text(text, "hosts.xml", test::builtin_backends());
  EXPECT_TRUE(r.scenario) << r.diagnostics.format_all();
  return r.scenario ? *r.scenario : Scenario{};
}

/// A VNX file: <global> with the scenario name and `global`, then `body`.
std::string vnx(const std::string& body, const std::string& global = "",
                const std::string& name = "lab") {
  return "<vnx>\n<global><version>2.0</version><scenario_name>" + name + "</scenario_name>" +
         global + "</global>\n" + body + "</vnx>\n";
}

LoadResult load_vnx(const std::string& text, const char* hosts = k_three_hosts) {
  Scenario h = hosts_of(hosts);
  return load_valid_scenario_text(text, "lab.xml", test::builtin_backends(), &h);
}

/// Every finding of one severity, formatted, in file order.
std::vector<std::string> findings(const LoadResult& r, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics.sorted())
    if (d.severity == severity) out.push_back(r.diagnostics.format(d));
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

const Vm& vm_named(const Scenario& s, const std::string& name) {
  return s.vms.at(s.vm_index.at(name));
}

const std::string k_routed_body = R"(
<net name="Net0" mode="virtual_bridge"/>
<net name="Net1" mode="openvswitch"/>
<vm name="h1" type="lxc">
  <mem>512M</mem>
  <if id="1" net="Net0">
    <mac>02:fd:00:00:01:01</mac>
    <ipv4>10.0.0.2/24</ipv4>
    <ipv6>2001:db8:0::2/64</ipv6>
  </if>
  <route type="ipv4" gw="10.0.0.1">default</route>
  <route type="ipv6" gw="2001:db8:0::1">2001:db8:1::/64</route>
  <exec seq="on_boot,start" type="verbatim">
    ip link set lo up
    echo started
  </exec>
</vm>
<vm name="r1" type="libvirt" vcpu="2">
  <mem>1G</mem>
  <if id="1" net="Net0"><ipv4 mask="255.255.255.0">10.0.0.1</ipv4></if>
  <if id="2" net="Net1"><ipv4 mask="24">10.1.0.1</ipv4><ipv6 mask="64">2001:db8:1::1</ipv6></if>
  <forwarding type="ipv4"/>
</vm>
<host>
  <hostif net="Net1"><ipv4>10.1.0.2</ipv4></hostif>
  <route type="ipv4" gw="10.1.0.1">10.0.0.0/16</route>
</host>
)";

}  // namespace

TEST(VnxLoader, MapsNetsVmsInterfacesRoutesForwardingAndExecs) {
  LoadResult r = load_vnx(vnx(k_routed_body));
  ASSERT_TRUE(r.scenario) << r.diagnostics.format_all();
  const Scenario& s = *r.scenario;
  EXPECT_TRUE(s.from_vnx);
  EXPECT_EQ(s.name, "lab");
  ASSERT_EQ(s.hosts.size(), 3u);
  ASSERT_EQ(s.nets.size(), 2u);
  EXPECT_NE(s.nets[0].vni, s.nets[1].vni);

  const Vm& h1 = vm_named(s, "h1");
  EXPECT_EQ(h1.memory_mb, 512u);
  ASSERT_EQ(h1.interfaces.size(), 1u);
  EXPECT_EQ(h1.interfaces[0].id, 1u);
  EXPECT_EQ(h1.interfaces[0].mac->to_string(), "02:fd:00:00:01:01");
  EXPECT_EQ(h1.interfaces[0].ipv4.at(0).to_string(), "10.0.0.2/24");
  EXPECT_EQ(h1.interfaces[0].ipv6.at(0).to_string(), "2001:db8::2/64");
  ASSERT_EQ(h1.routes.size(), 2u);
  EXPECT_FALSE(h1.routes[0].destination);
  EXPECT_EQ(h1.routes[1].destination->to_string(), "2001:db8:1::/64");
  ASSERT_EQ(h1.execs.size(), 2u) << "seq=\"on_boot,start\" is one command in two sequences";
  EXPECT_EQ(h1.execs[0].seq, "on_boot");
  EXPECT_EQ(h1.execs[1].seq, "start");
  EXPECT_EQ(h1.execs[0].command, "ip link set lo up\n    echo started")
      << "a multi-line body is one script";

  const Vm& r1 = vm_named(s, "r1");
  EXPECT_EQ(r1.cpus, 2u);
  EXPECT_EQ(r1.memory_mb, 1024u);
  EXPECT_EQ(r1.forwarding, Forwarding::ipv4);
  EXPECT_EQ(r1.interfaces[0].ipv4.at(0).to_string(), "10.0.0.1/24") << "a dotted mask";
  EXPECT_EQ(r1.interfaces[1].ipv4.at(0).to_string(), "10.1.0.1/24") << "a prefix length mask";
  EXPECT_EQ(r1.interfaces[1].ipv6.at(0).to_string(), "2001:db8:1::1/64");

  const Vm& host = vm_named(s, "host");
  EXPECT_TRUE(host.on_director) << "<host> is the director itself";
  EXPECT_EQ(host.pinned_host, "hv1") << "joined through the first simulated host";
  EXPECT_TRUE(findings(r, Severity::warning).empty()) << joined(findings(r, Severity::warning));
  ASSERT_EQ(host.interfaces.size(), 1u);
  EXPECT_EQ(host.interfaces[0].net, "Net1");
  EXPECT_EQ(host.interfaces[0].ipv4.at(0).to_string(), "10.1.0.2/24") << "no mask: VNX's /24";
  EXPECT_EQ(host.routes.at(0).destination->to_string(), "10.0.0.0/16");
}

TEST(VnxLoader, TheDirectorKeepsItsDefaultRouteForwardingAndShellWithAWarningEach) {
  LoadResult r = load_vnx(vnx(R"(<net name="n" mode="virtual_bridge"/>
<host>
  <hostif net="n"><ipv4>10.0.0.3/24</ipv4></hostif>
  <route type="ipv4" gw="10.0.0.1">default</route>
  <route type="ipv4" gw="10.0.0.1">10.9.0.0/16</route>
  <forwarding type="ip"/>
  <exec seq="start" type="verbatim">touch /tmp/x</exec>
</host>
)"));
  ASSERT_TRUE(r.scenario) << r.diagnostics.format_all();
  const Vm& host = vm_named(*r.scenario, "host");
  ASSERT_EQ(host.routes.size(), 1u) << "only the route to a prefix";
  EXPECT_EQ(host.routes[0].destination->to_string(), "10.9.0.0/16");
  EXPECT_EQ(host.forwarding, Forwarding::none);
  EXPECT_TRUE(host.execs.empty());
  std::vector<std::string> warnings = findings(r, Severity::warning);
  ASSERT_EQ(warnings.size(), 3u) << joined(warnings);
  EXPECT_NE(warnings[0].find("lab.xml:6:3: /vnx/host/route[1]: warning: a default route of the "
                             "director"),
            std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[1].find("forwarding on the director"), std::string::npos) << warnings[1];
  EXPECT_NE(warnings[2].find("commands on the director"), std::string::npos) << warnings[2];
}

TEST(VnxLoader, RoutesOfADirectorWithoutHostifAreIgnoredWithAWarning) {
  LoadResult r = load_vnx(vnx(R"(<net name="n" mode="virtual_bridge"/>
<vm name="a" type="lxc"><if id="1" net="n"><ipv4>10.0.0.2/24</ipv4></if></vm>
<host>
  <route type="ipv4" gw="10.0.0.1">10.9.0.0/16</route>
</host>
)"));
  ASSERT_TRUE(r.scenario) << r.diagnostics.format_all();
  EXPECT_EQ(r.scenario->vm_index.count("host"), 0u) << "no interface: no director VM";
  std::vector<std::string> warnings = findings(r, Severity::warning);
  ASSERT_EQ(warnings.size(), 1u) << joined(warnings);
  EXPECT_NE(warnings[0].find("lab.xml:5:1: /vnx/host: warning: routes of the director without "
                             "a <hostif>"),
            std::string::npos)
      << warnings[0];
  LoadResult empty = load_vnx(vnx(R"(<net name="n" mode="virtual_bridge"/>
<vm name="a" type="lxc"><if id="1" net="n"><ipv4>10.0.0.2/24</ipv4></if></vm>
<host/>
)"));
  ASSERT_TRUE(empty.scenario) << empty.diagnostics.format_all();
  EXPECT_TRUE(findings(empty, Severity::warning).empty()) << "an empty <host> asks for nothing";
}

TEST(VnxLoader, WithoutASimulatedHostTheDirectorStaysOutWithAWarning) {
  LoadResult r = load_vnx(vnx(R"(<net name="n" mode="virtual_bridge"/>
<vm name="a" type="lxc"><if id="1" net="n"><ipv4>10.0.0.2/24</ipv4></if></vm>
<host><hostif net="n"><ipv4>10.0.0.3/24</ipv4></hostif></host>
)"),
                          R"(<hosts version="1">
  <host name="r1" address="192.0.2.10" user="root"/>
</hosts>)");
  ASSERT_TRUE(r.scenario) << r.diagnostics.format_all();
  EXPECT_EQ(r.scenario->vm_index.count("host"), 0u);
  std::vector<std::string> warnings = findings(r, Severity::warning);
  ASSERT_EQ(warnings.size(), 1u) << joined(warnings);
  EXPECT_NE(warnings[0].find("lab.xml:5:1: /vnx/host: warning: the director joins nets only "
                             "through a simulated host"),
            std::string::npos)
      << warnings[0];
}

TEST(VnxLoader, ADirectorVmInDcodsLanguageIsCheckedLikeVnxsHost) {
  LoadResult r = load_valid_scenario_text(R"(<scenario name="d" version="1">
  <host name="hv1"/>
  <host name="r1" address="192.0.2.10" user="root"/>
  <net name="n" vni="10"/>
  <vm name="me" host="r1" director="yes">
    <route gw="10.0.0.1">default</route>
    <forwarding type="ip"/>
    <exec seq="on_boot">true</exec>
  </vm>
  <vm name="free" director="yes"><if id="0" net="n"><ipv4>10.0.0.2/24</ipv4></if></vm>
  <vm name="ok" host="hv1" director="yes"><if id="0" net="n"><ipv4>10.0.0.3/24</ipv4></if></vm>
</scenario>)",
                                          "d.xml", test::builtin_backends());
  std::vector<std::string> errors = findings(r, Severity::error);
  ASSERT_EQ(errors.size(), 7u) << joined(errors) << "with the gateway off its (no) subnets";
  EXPECT_NE(joined(errors).find("d.xml:5:3: /scenario/vm[me]: host 'r1' is not simulated"),
            std::string::npos)
      << joined(errors);
  for (const char* what : {"director VM 'me' has no interface", "the director's forwarding",
                           "no commands on the director", "the director's default route",
                           "/scenario/vm[free]: the director joins its nets through a simulated"})
    EXPECT_NE(joined(errors).find(what), std::string::npos) << what << "\n" << joined(errors);
  EXPECT_EQ(joined(errors).find("vm[ok]"), std::string::npos) << "a director VM done right";
}

TEST(VnxLoader, AVmNamedHostBesideAHostElementIsOneClearError) {
  LoadResult r = load_vnx(vnx(R"(<net name="n" mode="virtual_bridge"/>
<vm name="host" type="lxc"><if id="1" net="n"><ipv4>10.0.0.2/24</ipv4></if></vm>
<host><hostif net="n"><ipv4>10.0.0.3/24</ipv4></hostif></host>
)"));
  std::vector<std::string> errors = findings(r, Severity::error);
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0],
            "lab.xml:5:1: /vnx/host: <host> becomes the director VM 'host', and a <vm> (line 4) "
            "already has that name (rename that VM)");
}

TEST(VnxLoader, AVniComesStablyFromTheNetsNameUnlessTheHostsFilePinsIt) {
  LoadResult a = load_vnx(vnx(k_routed_body));
  LoadResult b = load_vnx(vnx(k_routed_body));
  ASSERT_TRUE(a.scenario && b.scenario);
  EXPECT_EQ(a.scenario->nets[0].vni, b.scenario->nets[0].vni);
  EXPECT_EQ(vni_from_name("lab", "Net0", 0), a.scenario->nets[0].vni);
  EXPECT_GE(a.scenario->nets[0].vni, 1u);
  EXPECT_LE(a.scenario->nets[0].vni, 16777215u);
  LoadResult other = load_vnx(vnx(k_routed_body, "", "other"));
  ASSERT_TRUE(other.scenario);
  EXPECT_NE(other.scenario->nets[0].vni, a.scenario->nets[0].vni)
      << "the scenario's name is part of it, so two scenarios seldom share a VNI";

  LoadResult pinned = load_vnx(vnx(k_routed_body), R"(<hosts version="1">
    <host name="hv1"/><net name="Net1" vni="4242"/><net name="Gone" vni="4243"/></hosts>)");
  ASSERT_TRUE(pinned.scenario) << pinned.diagnostics.format_all();
  EXPECT_EQ(pinned.scenario->nets[1].vni, 4242u);
  EXPECT_EQ(pinned.scenario->nets[0].vni, a.scenario->nets[0].vni);
  EXPECT_NE(joined(findings(pinned, Severity::warning))
                .find("net 'Gone' of hosts.xml is no net of the scenario"),
            std::string::npos)
      << pinned.diagnostics.format_all();
}

TEST(VnxLoader, CmdSeqRunsItsSequencesInOrderAndNestsGlobalAndPerVm) {
  std::string body = R"(
<net name="n" mode="virtual_bridge"/>
<vm name="a" type="lxc">
  <if id="1" net="n"><ipv4>10.0.0.1/24</ipv4></if>
  <exec seq="one" type="verbatim">echo 1</exec>
  <exec seq="two" type="verbatim">echo 2</exec>
  <exec seq="three" type="verbatim">echo 3</exec>
  <cmd-seq seq="mine">three,one</cmd-seq>
</vm>
<vm name="b" type="lxc">
  <if id="1" net="n"><ipv4>10.0.0.2/24</ipv4></if>
  <exec seq="two" type="verbatim">echo b2</exec>
</vm>
)";
  LoadResult r = load_vnx(vnx(body,
                              "<cmd-seq seq=\"both\">one,two</cmd-seq>"
                              "<cmd-seq seq=\"all\">both,three</cmd-seq>"));
  ASSERT_TRUE(r.scenario) << r.diagnostics.format_all();
  auto commands_of = [](const Vm& vm, const std::string& seq) {
    std::string out;
    for (const Exec& e : vm.execs)
      if (e.seq == seq) out += e.command + ";";
    return out;
  };
  const Vm& a = vm_named(*r.scenario, "a");
  EXPECT_EQ(commands_of(a, "both"), "echo 1;echo 2;");
  EXPECT_EQ(commands_of(a, "all"), "echo 1;echo 2;echo 3;");
  EXPECT_EQ(commands_of(a, "mine"), "echo 3;echo 1;");
  EXPECT_EQ(commands_of(vm_named(*r.scenario, "b"), "all"), "echo b2;");
  EXPECT_EQ(commands_of(vm_named(*r.scenario, "b"), "mine"), "") << "mine is a's own";
}

TEST(VnxLoader, ACmdSeqThatRunsItselfIsAnError) {
  LoadResult r =
      load_vnx(vnx("<net name=\"n\" mode=\"virtual_bridge\"/>",
                   "\n<cmd-seq seq=\"a\">b</cmd-seq>\n<cmd-seq seq=\"b\">c,a</cmd-seq>"));
  EXPECT_FALSE(r.scenario);
  std::string errors = joined(findings(r, Severity::error));
  EXPECT_NE(errors.find("lab.xml:3:1: /vnx/global/cmd-seq[1]: cmd-seq 'a' runs itself"),
            std::string::npos)
      << errors;
}

TEST(VnxLoader, WhatDcodDoesNotDoIsWarnedOnceWithWhereElseItIsUsed) {
  std::string body = R"(
<net name="n" mode="virtual_bridge" managed="no" capture_file="/tmp/x.pcap"/>
<vm name="a" type="lxc">
  <filesystem type="cow">/usr/share/vnx/filesystems/rootfs_lxc</filesystem>
  <console id="0" display="yes"/>
  <if id="1" net="n" delay="10ms"><ipv4>dhcp</ipv4></if>
  <filetree seq="on_boot" root="/etc">conf</filetree>
</vm>
<vm name="b" type="lxc">
  <filesystem type="cow">/usr/share/vnx/filesystems/rootfs_lxc</filesystem>
  <if id="1" net="n"><ipv4>10.0.0.2/24</ipv4></if>
</vm>
<vm name="c" type="lxc">
  <filesystem type="cow">/usr/share/vnx/filesystems/rootfs_lxc</filesystem>
  <if id="1" net="n"><ipv4>10.0.0.3/24</ipv4></if>
</vm>
)";
  LoadResult r = load_vnx(vnx(body, "<vm_mgmt type=\"private\"/>"));
  ASSERT_TRUE(r.scenario) << r.diagnostics.format_all();
  std::vector<std::string> warnings = findings(r, Severity::warning);
  std::string all = joined(warnings);
  for (const char* expected :
       {"lab.xml:2:65: /vnx/global/vm_mgmt: warning: management networks",
        "/vnx/net[n]: warning: external bridges (managed=\"no\")",
        "/vnx/net[n]: warning: packet capture",
        "lab.xml:6:3: /vnx/vm[a]/filesystem: warning: guest filesystem images (<filesystem>) is "
        "not supported by dcod: ignored",
        "(2 more uses in the file)", "/vnx/vm[a]/console[0]: warning: consoles",
        "/vnx/vm[a]/if[1]: warning: link shaping", "/vnx/vm[a]/if[1]/ipv4: warning: dhcp",
        "/vnx/vm[a]/filetree: warning: copying files into VMs"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\nin\n" << all;
  }
  EXPECT_EQ(warnings.size(), 8u) << all << "one warning per feature, however often it is used";
  EXPECT_TRUE(vm_named(*r.scenario, "a").interfaces[0].ipv4.empty());

  r.diagnostics.promote_warnings();  // --strict
  EXPECT_EQ(r.diagnostics.error_count(), 8u);
  EXPECT_NE(joined(findings(r, Severity::error)).find("refused under --strict"), std::string::npos);
}

TEST(VnxLoader, NamesOutsideVnxsGrammarAreErrorsWithDidYouMean) {
  std::string body = R"(<net name="n" mode="virtual_brige" nmae="x"/>
<vm name="a" type="lxc">
  <filesystm>x</filesystm>
  <if id="1" net="n"><ipv4 maks="24">10.0.0.1</ipv4></if>
</vm>
<bogus/>
)";
  LoadResult r = load_vnx(vnx(body));
  EXPECT_FALSE(r.scenario);
  std::string errors = joined(findings(r, Severity::error));
  for (const char* expected :
       {"lab.xml:3:15: /vnx/net[n]: mode 'virtual_brige' is not one of virtual_bridge, "
        "openvswitch, uml_switch, veth (did you mean 'virtual_bridge'?)",
        "lab.xml:3:36: /vnx/net[n]: <net> has no attribute 'nmae' (did you mean 'name'?)",
        "lab.xml:5:3: /vnx/vm[a]/filesystm: <vm> cannot contain <filesystm> (did you mean "
        "'filesystem'?)",
        "/vnx/vm[a]/if[1]/ipv4: <ipv4> has no attribute 'maks' (did you mean 'mask'?)",
        "lab.xml:8:1: /vnx/bogus: <vnx> cannot contain <bogus>"}) {
    EXPECT_NE(errors.find(expected), std::string::npos) << expected << "\nin\n" << errors;
  }
}

TEST(VnxLoader, BadValuesAreErrorsAtTheirPlace) {
  std::string body = R"(<net name="n" mode="virtual_bridge"/>
<vm name="a" type="lxc">
  <mem>256</mem>
  <if id="1" net="m"><ipv4 mask="255.0.255.0">10.0.0.1</ipv4></if>
  <route type="ipv6" gw="10.0.0.254">default</route>
  <exec seq="go" type="script">ls</exec>
  <if id="2" net="n"><ipv6>2001:db8::1</ipv6></if>
</vm>
)";
  LoadResult r = load_vnx(vnx(body, "", "lab"));
  EXPECT_FALSE(r.scenario);
  std::string errors = joined(findings(r, Severity::error));
  for (const char* expected :
       {"lab.xml:5:3: /vnx/vm[a]/mem: memory '256' is not a size in M or G",
        "/vnx/vm[a]/if[1]: net 'm' is not declared (did you mean 'n'?)",
        "/vnx/vm[a]/if[1]/ipv4: mask '255.0.255.0' is not a prefix length or a dotted mask",
        "/vnx/vm[a]/route: gw '10.0.0.254' is not an address of type ipv6",
        "/vnx/vm[a]/exec: type 'script' is not one of verbatim, file",
        "/vnx/vm[a]/if[2]/ipv6: '2001:db8::1' has no prefix length"}) {
    EXPECT_NE(errors.find(expected), std::string::npos) << expected << "\nin\n" << errors;
  }
}

TEST(VnxLoader, TheVersionAndTheScenarioNameAreChecked) {
  LoadResult old = load_vnx(
      "<vnx><global><version>1.9</version><scenario_name>x"
      "</scenario_name></global></vnx>");
  EXPECT_NE(
      joined(findings(old, Severity::error)).find("VNX language version '1.9' is not supported"),
      std::string::npos);
  LoadResult nameless = load_vnx("<vnx><global><version>2.0</version></global></vnx>");
  EXPECT_NE(joined(findings(nameless, Severity::error)).find("has no <global><scenario_name>"),
            std::string::npos);
  LoadResult odd = load_vnx(
      vnx("<net name=\"n\" mode=\"virtual_bridge\"/>", "", "1st lab.v2 of the course of networks"));
  ASSERT_TRUE(odd.scenario) << odd.diagnostics.format_all();
  EXPECT_EQ(odd.scenario->name, "vnx-1st-lab-v2-of-the-co");
  EXPECT_NE(joined(findings(odd, Severity::note)).find("is used as 'vnx-1st-lab-v2-of-the-co'"),
            std::string::npos);
}

TEST(VnxLoader, AVnxFileWithoutHostsAndAHostsFileAsAScenarioAreRefused) {
  LoadResult r = load_scenario_text(vnx(""), "lab.xml", test::builtin_backends());
  EXPECT_NE(joined(findings(r, Severity::error)).find("a VNX scenario needs hosts to run on"),
            std::string::npos);
  LoadResult h = load_scenario_text(k_three_hosts, "h.xml", test::builtin_backends());
  EXPECT_NE(joined(findings(h, Severity::error)).find("a hosts file is given with --hosts"),
            std::string::npos);
  LoadResult v = load_hosts_text(vnx(""), "lab.xml", test::builtin_backends());
  EXPECT_NE(joined(findings(v, Severity::error)).find("not <hosts>"), std::string::npos);
}

TEST(VnxLoader, HostsFilesAreCheckedAsDcodsOwnLanguage) {
  LoadResult r = load_valid_hosts_text(R"(<hosts version="1">
  <global><segmentation algorithm="weighted_round_robin"/></global>
  <host name="hv1"/><host name="hv1"/>
  <vm name="a"/>
</hosts>)",
                                       "h.xml", test::builtin_backends());
  EXPECT_FALSE(r.scenario);
  std::string all = r.diagnostics.format_all();
  EXPECT_NE(all.find("note: algorithm 'weighted_round_robin' is EDIV's name: dcod runs its "
                     "weighted"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("h.xml:4:3: /hosts/vm[a]: <hosts> cannot contain <vm>"), std::string::npos)
      << all;
  EXPECT_NE(all.find("/hosts/host[hv1]"), std::string::npos) << all;
}

TEST(VnxLoader, TheLimitsOfOneScenarioHoldForVnxFilesToo) {
  std::string vms;
  for (int i = 0; i <= 50'000; ++i)
    vms += "<vm name=\"v" + std::to_string(i) + "\" type=\"lxc\"/>\n";
  LoadResult r = load_vnx(vnx(vms));
  std::vector<std::string> errors = findings(r, Severity::error);
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "" : errors[0]);
  EXPECT_NE(errors[0].find("lab.xml:50003:1: /vnx/vm[v50000]: more than 50,000 <vm> elements"),
            std::string::npos)
      << errors[0];
}

TEST(VnxValues, MemoryMasksNamesAndLists) {
  EXPECT_EQ(vnx_memory_mb("256M"), 256u);
  EXPECT_EQ(vnx_memory_mb(" 2G "), 2048u);
  EXPECT_FALSE(vnx_memory_mb("256"));
  EXPECT_FALSE(vnx_memory_mb("M"));
  EXPECT_EQ(vnx_mask_length("255.255.255.0", IpFamily::v4), 24u);
  EXPECT_EQ(vnx_mask_length("255.255.0.0", IpFamily::v4), 16u);
  EXPECT_EQ(vnx_mask_length("0.0.0.0", IpFamily::v4), 0u);
  EXPECT_EQ(vnx_mask_length("24", IpFamily::v4), 24u);
  EXPECT_EQ(vnx_mask_length("64", IpFamily::v6), 64u);
  EXPECT_FALSE(vnx_mask_length("255.0.255.0", IpFamily::v4));
  EXPECT_FALSE(vnx_mask_length("33", IpFamily::v4));
  EXPECT_FALSE(vnx_mask_length("255.255.255.0", IpFamily::v6));
  EXPECT_EQ(sanitized_scenario_name("tutorial_lxc_ubuntu"), "tutorial_lxc_ubuntu");
  EXPECT_EQ(sanitized_scenario_name("my lab.1"), "my-lab-1");
  EXPECT_EQ(sanitized_scenario_name("_x"), "vnx-_x");
  EXPECT_EQ(comma_list(" a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ScenarioWriter, WhatConvertWritesLoadsAsTheSameScenario) {
  LoadResult vnx_file = load_vnx(vnx(k_routed_body));
  ASSERT_TRUE(vnx_file.scenario) << vnx_file.diagnostics.format_all();
  std::string written = write_scenario(*vnx_file.scenario, "converted");
  LoadResult dcod_file = load_valid_scenario_text(written, "lab.xml", test::builtin_backends());
  ASSERT_TRUE(dcod_file.scenario) << written << dcod_file.diagnostics.format_all();
  EXPECT_FALSE(dcod_file.scenario->from_vnx);
  EXPECT_TRUE(findings(dcod_file, Severity::warning).empty())
      << written << dcod_file.diagnostics.format_all();
  EXPECT_EQ(write_scenario(*dcod_file.scenario, "converted"), written);
  EXPECT_NE(written.find("<!-- converted -->"), std::string::npos);
}

TEST(ScenarioWriter, EveryExampleSurvivesAWriteAndALoad) {
  for (const char* example : {"examples/desk.xml", "examples/vnx-tutorial.xml",
                              "examples/mixed-virtualbox.xml", "examples/virtualbox-linux.xml"}) {
    LoadResult r = load_valid_scenario(test::source_path(example), test::builtin_backends());
    ASSERT_TRUE(r.scenario) << example << r.diagnostics.format_all();
    std::string written = write_scenario(*r.scenario);
    LoadResult again = load_valid_scenario_text(written, example, test::builtin_backends());
    ASSERT_TRUE(again.scenario) << example << "\n" << written << again.diagnostics.format_all();
    EXPECT_EQ(write_scenario(*again.scenario), written) << example;
  }
}

}  // namespace dcod::core
