// End-to-end on simulated VirtualBox hosts (DESIGN §9): lab hosts reached over SSH whose
// VBoxManage is the simulator, each with a proxy VM that has its own sshd, next to a netns host.
// Pings cross from a VirtualBox VM through its host's internal network, the proxy VM's VXLAN and
// the lab underlay to VMs on the other hosts.

#include "vbox_lab.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sstream>

#include "ssh_lab.h"
#include "util/printable.h"

namespace dcod::test {

namespace {

/// A lab of two simulated VirtualBox hosts (vb1: VBoxManage on PATH, vb2: at vboxmanage=) and
/// a netns host (hv3), and a scenario over them.
class VBoxDesk {
 public:
  explicit VBoxDesk(SshLab& lab)
      : m_lab(lab),
        m_name("v" + std::to_string(::getpid() % 100000) + "x" + std::to_string(s_count++)) {
    m_hosts.push_back(std::make_unique<VBoxLabHost>(lab, 0, 1));
    m_hosts.push_back(std::make_unique<VBoxLabHost>(lab, 1, 2));
    for (auto& h : m_hosts) {
      if (!h->add_proxy() || !h->add_base("debian-base", "clean")) m_error = h->error();
      if (!h->ready()) m_error = h->error();
    }
  }
  ~VBoxDesk() { dcod({"--destroy"}); }

  bool ready() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  VBoxLabHost& vbox(int h) { return *m_hosts[h]; }
  const std::string& name() const { return m_name; }
  std::string vbox_name(const std::string& vm) const { return m_name + "-" + vm; }

  /// Writes the scenario with these nets and VMs (`with_vb2`: vb2 is one of its hosts;
  /// `vb1_password_env`: vb1 is logged in to with the password in that variable, not a key;
  /// `vb1_vboxmanage`: vb1's VBoxManage is that program, not the one on its PATH).
  void scenario(const std::string& nets_and_vms, bool with_vb2 = true,
                const std::string& vb1_password_env = "", const std::string& vb1_vboxmanage = "") {
    std::string vb1 = m_hosts[0]->host_element("vb1", m_lab.client_key(), true);
    if (!vb1_password_env.empty()) {
      std::string key = "identity=\"" + m_lab.client_key() + "\"";
      vb1.replace(vb1.find(key), key.size(), "password-env=\"" + vb1_password_env + "\"");
    }
    if (!vb1_vboxmanage.empty())
      vb1.replace(vb1.find(">"), 1, " vboxmanage=\"" + vb1_vboxmanage + "\">");
    m_file = write_temp_file(
        m_name + ".xml",
        "<scenario name=\"" + m_name + "\" version=\"1\">\n" +
            "  <global><segmentation algorithm=\"static\"/></global>\n" + vb1 +
            (with_vb2 ? m_hosts[1]->host_element("vb2", m_lab.client_key(), false) : "") +
            "  <host name=\"hv3\" address=\"" + m_lab.address(2) + "\" user=\"root\" identity=\"" +
            m_lab.client_key() + "\"/>\n" + nets_and_vms + "</scenario>\n");
  }

  CommandResult dcod(const std::vector<std::string>& args,
                     std::vector<std::string> env = {}) const {
    if (m_file.empty()) return {};
    bool bounded = std::any_of(env.begin(), env.end(), [](const std::string& e) {
      return e.rfind("DCOD_SCRIPT_TIMEOUT=", 0) == 0;
    });
    if (!bounded) env.push_back("DCOD_SCRIPT_TIMEOUT=60");
    return run_dcod(m_lab.dcod_args(m_file, args), env);
  }
  /// The state directory of the scenario (its record, and the keepers' sockets).
  std::string state_dir() const { return m_file + ".state"; }

 private:
  static inline int s_count = 0;
  SshLab& m_lab;
  std::string m_name;
  std::string m_file;
  std::string m_error;
  std::vector<std::unique_ptr<VBoxLabHost>> m_hosts;
};

/// The nets and VMs of the tests: blue over all three hosts (IPv4 and IPv6), red on vb1 and
/// hv3 only (a2 on vb2 must not reach it).
const std::string k_vms = R"(
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a1" host="vb1"><image clone-of="debian-base"/><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4><ipv6>fd00:1::1/64</ipv6></if></vm>
  <vm name="a2" host="vb2"><image clone-of="debian-base" snapshot="clean"/><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4><ipv6>fd00:1::2/64</ipv6></if></vm>
  <vm name="a3" host="hv3"><if id="0" net="blue" mac="02:00:00:00:01:03"><ipv4>10.1.0.3/24</ipv4><ipv6>fd00:1::3/64</ipv6></if></vm>
  <vm name="b1" host="vb1" cpus="2" memory="512"><image clone-of="debian-base"/><if id="0" net="red"><ipv4>10.2.0.1/24</ipv4></if></vm>
  <vm name="b3" host="hv3"><if id="0" net="red"><ipv4>10.2.0.3/24</ipv4></if></vm>
)";

/// The nets and VMs without VM `vm`.
std::string without_vm(std::string text, const std::string& vm) {
  std::size_t at = text.find("  <vm name=\"" + vm + "\"");
  return text.erase(at, text.find("</vm>", at) + 6 - at);
}

/// Plays the guests' OS on the VirtualBox hosts: their addresses, as the scenario says.
bool guests_configured(VBoxDesk& d) {
  return d.vbox(0).guest_address(d.vbox_name("a1"), 0, "10.1.0.1/24") &&
         d.vbox(0).guest_address(d.vbox_name("a1"), 0, "fd00:1::1/64") &&
         d.vbox(1).guest_address(d.vbox_name("a2"), 0, "10.1.0.2/24") &&
         d.vbox(1).guest_address(d.vbox_name("a2"), 0, "fd00:1::2/64") &&
         d.vbox(0).guest_address(d.vbox_name("b1"), 0, "10.2.0.1/24");
}

bool pings(VBoxDesk& d, int host, const std::string& vm, const std::string& address) {
  std::string ping = address.find(':') != std::string::npos ? "ping -6" : "ping";
  return d.vbox(host).in_vm(d.vbox_name(vm), ping + " -c 1 -i 0.2 -w 3 " + address).exit_status ==
         0;
}

/// What a VirtualBox host holds of a VM, a slot or a record, as VBoxManage says it.
std::string vm_list(VBoxLabHost& h) {
  return h.vboxmanage("list vms").out;
}

std::string proxy_info(VBoxLabHost& h) {
  return h.vboxmanage("showvminfo virtnet_proxy --machinereadable").out;
}

}  // namespace

TEST(VBoxLab, VmsOnTwoVirtualBoxHostsAndANetnsHostReachEachOtherThroughTheProxyVms) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  ASSERT_TRUE(desk.vbox(0).add_decoy(desk.name() + "-decoy")) << "named like the scenario's";
  ASSERT_TRUE(desk.vbox(1).add_decoy("users-own-vm"));
  desk.scenario(k_vms);
  std::string proxy_before = proxy_info(desk.vbox(1));
  CommandResult create = desk.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  ASSERT_TRUE(guests_configured(desk));
  EXPECT_TRUE(pings(desk, 0, "a1", "10.1.0.3")) << "VirtualBox to netns through the proxy";
  EXPECT_TRUE(pings(desk, 0, "a1", "10.1.0.2")) << "VirtualBox to VirtualBox, proxy to proxy";
  EXPECT_TRUE(pings(desk, 1, "a2", "fd00:1::3")) << "IPv6";
  EXPECT_TRUE(pings(desk, 1, "a2", "fd00:1::1"));
  EXPECT_TRUE(pings(desk, 0, "b1", "10.2.0.3")) << "the second net";
  EXPECT_FALSE(pings(desk, 1, "a2", "10.2.0.1")) << "blue does not reach red";
  // The VMs are VirtualBox VMs as DESIGN §6 names and marks them.
  CommandResult marker =
      desk.vbox(0).vboxmanage("getextradata " + desk.vbox_name("b1") + " enumerate");
  EXPECT_EQ(marker.out,
            "Key: dcod/scenario, Value: " + desk.name() + "\nKey: dcod/vm, Value: b1\n");
  std::string b1 =
      desk.vbox(0).vboxmanage("showvminfo " + desk.vbox_name("b1") + " --machinereadable").out;
  EXPECT_NE(b1.find("intnet1=\"dcod-" + desk.name() + "-200\"\n"), std::string::npos) << b1;
  EXPECT_NE(b1.find("memory=512\n"), std::string::npos);
  EXPECT_NE(b1.find("cpus=2\n"), std::string::npos);
  EXPECT_NE(b1.find("VMState=\"running\""), std::string::npos);
  std::string proxy = proxy_info(desk.vbox(0));
  EXPECT_NE(proxy.find("VMState=\"running\""), std::string::npos) << "started headless";
  CommandResult records = desk.vbox(0).vboxmanage("getextradata virtnet_proxy enumerate");
  EXPECT_NE(records.out.find("Key: dcod/nic2, Value: " + desk.name() + ":"), std::string::npos)
      << records.out;
  // A second --create changes nothing: no VBoxManage call that changes anything, on any host.
  std::size_t calls0 = desk.vbox(0).calls().size(), calls1 = desk.vbox(1).calls().size();
  CommandResult again = desk.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("nothing to change on"), std::string::npos) << again.out;
  EXPECT_TRUE(mutating_calls(desk.vbox(0).calls(), calls0).empty());
  EXPECT_TRUE(mutating_calls(desk.vbox(1).calls(), calls1).empty());
  EXPECT_EQ(desk.dcod({"--plan"}).exit_status, 0);
  CommandResult status = desk.dcod({"--status"});
  EXPECT_EQ(status.exit_status, 0) << status.out << status.err;
  EXPECT_NE(status.out.find(": in sync on 3 hosts\n"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\nblue  100  vb1 vb2 hv3  in sync\n"), std::string::npos)
      << status.out;
  CommandResult seg = desk.dcod({"--seg-info"});
  EXPECT_EQ(seg.exit_status, 0);
  EXPECT_NE(seg.out.find("vb2"), std::string::npos) << seg.out;
  CommandResult exec = desk.dcod({"--exec", "a1", "--", "true"});
  EXPECT_EQ(exec.exit_status, 2) << exec.out << exec.err;
  EXPECT_NE(exec.err.find("dcod: --exec: VM 'a1' is on VirtualBox host 'vb1': running commands "
                          "is not supported for VirtualBox VMs"),
            std::string::npos)
      << exec.err;
  // --destroy leaves the hosts as they were: the user's VMs, the proxy VM and the base stay.
  CommandResult destroy = desk.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
  for (int h = 0; h < 2; ++h) {
    std::string vms = vm_list(desk.vbox(h));
    EXPECT_EQ(vms.find("\"" + desk.vbox_name("a")), std::string::npos) << vms;
    EXPECT_EQ(vms.find("\"" + desk.vbox_name("b")), std::string::npos) << vms;
    EXPECT_NE(vms.find("\"virtnet_proxy\""), std::string::npos);
    EXPECT_NE(vms.find("\"debian-base\""), std::string::npos);
    EXPECT_EQ(desk.vbox(h).vboxmanage("getextradata virtnet_proxy enumerate").out, "")
        << "dcod's slot records are cleared";
  }
  EXPECT_NE(vm_list(desk.vbox(0)).find("\"" + desk.name() + "-decoy\""), std::string::npos)
      << "a VM named like the scenario's but not marked as such is not dcod's";
  EXPECT_NE(vm_list(desk.vbox(1)).find("\"users-own-vm\""), std::string::npos);
  std::string proxy_after = proxy_info(desk.vbox(1));
  EXPECT_NE(proxy_after.find("nic2=\"null\""), std::string::npos) << "its slot is returned";
  EXPECT_EQ(proxy_after.find("dcod-" + desk.name()), std::string::npos) << proxy_after;
  EXPECT_EQ(lab.on_host(2, "ip netns list | grep -c " + desk.name()).out, "0\n");
  CommandResult twice = desk.dcod({"--destroy"});
  EXPECT_EQ(twice.exit_status, 0) << twice.out << twice.err;
  (void)proxy_before;
}

TEST(VBoxLab, DriftOnAVirtualBoxHostIsRepairedExactly) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  desk.scenario(k_vms);
  ASSERT_EQ(desk.dcod({"--create"}).exit_status, 0);
  // By hand, as in the VirtualBox GUI: a VM deleted, a NIC re-attached elsewhere, a proxy slot
  // detached; and inside a proxy VM a flood entry deleted.
  VBoxLabHost& vb1 = desk.vbox(0);
  VBoxLabHost& vb2 = desk.vbox(1);
  ASSERT_EQ(vb1.vboxmanage("controlvm " + desk.vbox_name("b1") + " poweroff").exit_status, 0);
  ASSERT_EQ(vb1.vboxmanage("unregistervm " + desk.vbox_name("b1") + " --delete").exit_status, 0);
  ASSERT_EQ(
      vb2.vboxmanage("controlvm " + desk.vbox_name("a2") + " nic1 intnet elsewhere").exit_status,
      0);
  std::string slot_of_blue =
      proxy_info(vb1).find("intnet2=\"dcod-" + desk.name() + "-100\"") != std::string::npos ? "2"
                                                                                            : "3";
  ASSERT_EQ(vb1.vboxmanage("controlvm virtnet_proxy nic" + slot_of_blue + " null").exit_status, 0);
  CommandResult flood = vb2.in_vm(
      "virtnet_proxy", "bridge fdb del 00:00:00:00:00:00 dev dcx100 dst " + lab.address(2));
  ASSERT_EQ(flood.exit_status, 0) << flood.err;
  CommandResult plan = desk.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("+ vm b1"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("~ interface a2/eth0 on blue"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("~ bridge of blue (VNI 100)"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("+ flood blue -> hv3"), std::string::npos) << plan.out;
  CommandResult repair = desk.dcod({"--create"});
  EXPECT_EQ(repair.exit_status, 0) << repair.out << repair.err;
  ASSERT_TRUE(guests_configured(desk));
  EXPECT_TRUE(pings(desk, 0, "b1", "10.2.0.3"));
  EXPECT_TRUE(pings(desk, 1, "a2", "10.1.0.3"));
  EXPECT_TRUE(pings(desk, 0, "a1", "10.1.0.2"));
  std::size_t calls = vb1.calls().size();
  CommandResult again = desk.dcod({"--create"});
  EXPECT_NE(again.out.find("nothing to change on"), std::string::npos) << again.out;
  EXPECT_TRUE(mutating_calls(vb1.calls(), calls).empty());
}

TEST(VBoxLab, LockErrorsAreRiddenOutAHostDownLeavesTheOthersAndAChangedKeyIsRefused) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  desk.scenario(k_vms);
  desk.vbox(0).set_lock_errors(3);
  lab.stop_sshd(1);
  CommandResult create = desk.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1) << create.out << create.err;
  EXPECT_NE(create.err.find("vb2"), std::string::npos) << create.err;
  ASSERT_TRUE(desk.vbox(0).guest_address(desk.vbox_name("a1"), 0, "10.1.0.1/24"));
  EXPECT_TRUE(pings(desk, 0, "a1", "10.1.0.3")) << "vb1 and hv3 converged, lock errors and all";
  std::size_t locked = 0;
  for (const SimCall& c : desk.vbox(0).calls()) locked += c.exit == 1 && c.mutating;
  EXPECT_GE(locked, 3u) << "the lock errors happened and were tried again";
  ASSERT_TRUE(lab.start_sshd(1)) << lab.error();
  CommandResult finish = desk.dcod({"--create"});
  EXPECT_EQ(finish.exit_status, 0) << finish.out << finish.err;
  ASSERT_TRUE(desk.vbox(1).guest_address(desk.vbox_name("a2"), 0, "10.1.0.2/24"));
  EXPECT_TRUE(pings(desk, 0, "a1", "10.1.0.2"));
  ASSERT_TRUE(lab.change_host_key(0)) << lab.error();
  CommandResult refused = desk.dcod({"--create"});
  EXPECT_EQ(refused.exit_status, 1);
  EXPECT_NE(refused.err.find("has CHANGED"), std::string::npos) << refused.err;
}

TEST(VBoxLab, AVmImportedFromAnOvaIsUploadedOnceAndNamedByDcod) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  // An appliance on the director, next to the scenario, as VirtualBox exports one.
  VBoxSim exporter(temp_dir() + "/ova-" + desk.name());
  std::filesystem::create_directories(temp_dir() + "/images");
  std::string ova = temp_dir() + "/images/" + desk.name() + ".ova";
  ASSERT_EQ(
      exporter.vboxmanage({"createvm", "--name", "app", "--ostype", "Debian_64", "--register"})
          .exit_status,
      0);
  ASSERT_EQ(exporter.vboxmanage({"export", "app", "-o", ova}).exit_status, 0);
  desk.scenario(
      "  <net name=\"blue\" vni=\"100\"/>\n  <vm name=\"c1\" host=\"vb1\" cpus=\"2\" "
      "memory=\"300\"><image ova=\"images/" +
      desk.name() +
      ".ova\"/><if id=\"0\" net=\"blue\"><ipv4>10.1.0.1/24</ipv4></if></vm>\n  <vm name=\"c3\" "
      "host=\"hv3\"><if "
      "id=\"0\" net=\"blue\"><ipv4>10.1.0.3/24</ipv4></if></vm>\n");
  CommandResult create = desk.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  std::string info =
      desk.vbox(0).vboxmanage("showvminfo " + desk.vbox_name("c1") + " --machinereadable").out;
  EXPECT_NE(info.find("memory=300\n"), std::string::npos) << info;
  EXPECT_NE(info.find("cpus=2\n"), std::string::npos);
  EXPECT_NE(info.find("/" + desk.vbox_name("c1") + "/" + desk.vbox_name("c1") + ".vbox\""),
            std::string::npos)
      << "its folder is named by dcod: " << info;
  CommandResult uploaded = lab.on_host(0, "ls /root/.cache/dcod/ova/");
  EXPECT_NE(uploaded.out.find(".ova\n"), std::string::npos) << uploaded.out << uploaded.err;
  ASSERT_TRUE(desk.vbox(0).guest_address(desk.vbox_name("c1"), 0, "10.1.0.1/24"));
  EXPECT_TRUE(pings(desk, 0, "c1", "10.1.0.3"));
  std::size_t calls = desk.vbox(0).calls().size();
  EXPECT_NE(desk.dcod({"--create"}).out.find("nothing to change on"), std::string::npos);
  EXPECT_TRUE(mutating_calls(desk.vbox(0).calls(), calls).empty());
}

TEST(VBoxLab, AVmMovesBetweenVirtualBoxHostsAndANetLeavingAHostGivesBackItsSlot) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  desk.scenario(k_vms);
  ASSERT_EQ(desk.dcod({"--create"}).exit_status, 0);
  // a1 moves to vb2; b1 (red's only VM on vb1) goes, so red leaves vb1.
  std::string moved = k_vms;
  moved.replace(moved.find("name=\"a1\" host=\"vb1\""), 20, "name=\"a1\" host=\"vb2\"");
  moved = without_vm(moved, "b1");
  desk.scenario(moved);
  CommandResult change = desk.dcod({"--create"});
  ASSERT_EQ(change.exit_status, 0) << change.out << change.err;
  EXPECT_EQ(vm_list(desk.vbox(0)).find("\"" + desk.vbox_name("a1") + "\""), std::string::npos);
  EXPECT_NE(vm_list(desk.vbox(1)).find("\"" + desk.vbox_name("a1") + "\""), std::string::npos);
  std::string proxy = proxy_info(desk.vbox(0));
  EXPECT_EQ(proxy.find("dcod-" + desk.name() + "-"), std::string::npos)
      << "vb1 carries no net now: its slots are returned: " << proxy;
  EXPECT_EQ(desk.vbox(0).vboxmanage("getextradata virtnet_proxy enumerate").out, "");
  ASSERT_TRUE(desk.vbox(1).guest_address(desk.vbox_name("a1"), 0, "10.1.0.1/24"));
  ASSERT_TRUE(desk.vbox(1).guest_address(desk.vbox_name("a2"), 0, "10.1.0.2/24"));
  EXPECT_TRUE(pings(desk, 1, "a1", "10.1.0.3"));
  EXPECT_TRUE(pings(desk, 1, "a1", "10.1.0.2")) << "on one host, through its internal network";
}

TEST(VBoxLab, AVirtualBoxHostThatLeavesTheScenarioIsEmptied) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  desk.scenario(k_vms);
  ASSERT_EQ(desk.dcod({"--create"}).exit_status, 0);
  std::string without = without_vm(k_vms, "a2");
  desk.scenario(without, false);
  CommandResult leave = desk.dcod({"--create"});
  ASSERT_EQ(leave.exit_status, 0) << leave.out << leave.err;
  EXPECT_EQ(vm_list(desk.vbox(1)).find("\"" + desk.vbox_name("a2") + "\""), std::string::npos)
      << "the state record remembered vb2 and how to reach its proxy";
  EXPECT_EQ(desk.vbox(1).vboxmanage("getextradata virtnet_proxy enumerate").out, "");
  EXPECT_EQ(proxy_info(desk.vbox(1)).find("dcod-" + desk.name()), std::string::npos);
  CommandResult inside = desk.vbox(1).in_vm("virtnet_proxy", "ip -br link show type vxlan");
  EXPECT_EQ(inside.out, "") << "its proxy VM holds no tunnel of the scenario";
}

TEST(VBoxLab, AVmNamedLikeTheScenariosButNotMarkedIsNeverTouched) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  ASSERT_TRUE(desk.vbox(0).add_decoy(desk.vbox_name("a1"))) << "the user's own VM of that name";
  std::string info =
      desk.vbox(0).vboxmanage("showvminfo " + desk.vbox_name("a1") + " --machinereadable").out;
  std::string uuid = info.substr(info.find("UUID=\"") + 6, 36);
  desk.scenario(k_vms);
  std::size_t calls = desk.vbox(0).calls().size();
  CommandResult create = desk.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1) << create.out << create.err;
  EXPECT_NE(create.out.find("VirtualBox VM '" + desk.vbox_name("a1") + "' has no dcod marker"),
            std::string::npos)
      << create.out << create.err;
  for (const std::string& call : mutating_calls(desk.vbox(0).calls(), calls)) {
    EXPECT_EQ(call.find(desk.vbox_name("a1")), std::string::npos) << call;
    EXPECT_EQ(call.find(uuid), std::string::npos) << call;
  }
  ASSERT_TRUE(desk.vbox(0).guest_address(desk.vbox_name("b1"), 0, "10.2.0.1/24"));
  EXPECT_TRUE(pings(desk, 0, "b1", "10.2.0.3")) << "the rest of the host converged";
  CommandResult destroy = desk.dcod({"--destroy"});
  EXPECT_NE(vm_list(desk.vbox(0)).find("\"" + desk.vbox_name("a1") + "\""), std::string::npos)
      << "not even --destroy removes it: " << destroy.out << destroy.err;
}

TEST(VBoxLab, TheVirtualBoxExampleRunsOnTwoSimulatedVirtualBoxHosts) {
  // examples/virtualbox-linux.xml with its two hosts replaced by the lab's (no address outside
  // the lab is ever contacted); everything else as the example has it.
  SshLab lab(2);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxLabHost lin1(lab, 0, 1), lin2(lab, 1, 2);
  for (VBoxLabHost* h : {&lin1, &lin2})
    ASSERT_TRUE(h->ready() && h->add_proxy() && h->add_base("debian-base", "clean")) << h->error();
  std::string xml = read_file(source_path("examples/virtualbox-linux.xml"));
  const std::string name = "vbx" + std::to_string(::getpid() % 100000);
  xml.replace(xml.find("name=\"vbdemo\""), 13, "name=\"" + name + "\"");
  for (auto [host, lab_host] :
       {std::pair<std::string, VBoxLabHost*>{"lin1", &lin1}, {"lin2", &lin2}}) {
    std::size_t at = xml.find("  <host name=\"" + host + "\"");
    xml.replace(at, xml.find("</host>", at) + 8 - at,
                lab_host->host_element(host, lab.client_key(), true));
  }
  std::string file = write_temp_file(name + ".xml", xml);
  auto dcod = [&](const std::string& mode) {
    return run_dcod(lab.dcod_args(file, {mode}), {"DCOD_SCRIPT_TIMEOUT=60"});
  };
  CommandResult plan = dcod("--plan");
  EXPECT_EQ(plan.exit_status, 3) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("+ vm web1"), std::string::npos) << plan.out;
  CommandResult create = dcod("--create");
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  ASSERT_TRUE(lin1.guest_address(name + "-web1", 0, "10.50.0.11/24"));
  ASSERT_TRUE(lin2.guest_address(name + "-db1", 1, "10.51.0.21/24"));
  ASSERT_TRUE(lin1.guest_address(name + "-db2", 0, "10.51.0.22/24"));
  ASSERT_TRUE(lin2.guest_address(name + "-db1", 0, "10.50.0.21/24"));
  EXPECT_EQ(lin1.in_vm(name + "-web1", "ping -c 1 -w 3 10.50.0.21").exit_status, 0);
  EXPECT_EQ(lin1.in_vm(name + "-db2", "ping -c 1 -w 3 10.51.0.21").exit_status, 0);
  EXPECT_EQ(dcod("--plan").exit_status, 0) << "nothing left to do";
  CommandResult destroy = dcod("--destroy");
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
}

}  // namespace dcod::test

namespace dcod::test {

TEST(VBoxLab, APasswordNeverAppearsInAnyOutputLogOrFileOfAVirtualBoxScenario) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  const std::string secret = "vbox-" + std::to_string(::getpid()) + "-never-print-me";
  ASSERT_TRUE(lab.set_root_password(0, secret));
  desk.scenario(k_vms, true, "DCOD_TEST_SECRET");
  const std::vector<std::string> env = {"DCOD_TEST_SECRET=" + secret};
  const std::string log = temp_dir() + "/" + desk.name() + "-secret.log";
  std::string everything;
  for (const auto& mode :
       std::vector<std::vector<std::string>>{{"--create", "-v", "--log-file", log},
                                             {"--create", "-v"},
                                             {"--plan", "-v"},
                                             {"--status", "-v"},
                                             {"--status", "--format", "json"},
                                             {"--seg-info", "--format", "json"},
                                             {"--show", "--format", "json"}}) {
    CommandResult r = desk.dcod(mode, env);
    if (mode[0] == "--create") EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
    everything += r.out + r.err;
  }
  EXPECT_NE(everything.find("reusing the kept session"), std::string::npos)
      << "the password session was kept and used again";
  everything += files_under(desk.state_dir()) + read_file(log);
  CommandResult destroy = desk.dcod({"--destroy", "-v"}, env);
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
  everything += destroy.out + destroy.err + read_file(log);
  EXPECT_EQ(everything.find(secret), std::string::npos) << "the secret leaked";
}

}  // namespace dcod::test

namespace dcod::test {

TEST(VBoxLab, AHostWhoseVBoxManageLiesFailsAloneWithAClearError) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  const std::string fake = "/usr/local/sbin/VBoxManage";
  desk.scenario(k_vms, true, "", fake);
  struct Lie {
    std::string name, script, error;
    bool again;  // whether running again may help, as the summary says
  };
  // Each lies when asked what there is (list, showvminfo), and is the simulator otherwise.
  const std::vector<Lie> lies = {
      {"garbage", "head -c 4096 /dev/urandom; exit 0", "host vb1", false},
      {"escapes and broken UTF-8", "printf '\\033]0;owned\\007\\377\\000x\\n'; exit 0", "host vb1",
       false},
      {"an enormous answer", "head -c 300000000 /dev/zero | tr '\\000' x; exit 0",
       "VBoxManage (observe): host vb1", false},
      {"no answer", "exec sleep 600", "VBoxManage (observe) timed out after 5 s", true},
  };

  for (const Lie& lie : lies) {
    SCOPED_TRACE("vb1's VBoxManage: " + lie.name);
    lab.fake_tool(0, "VBoxManage",
                  "case \"$1\" in list|showvminfo) " + lie.script + " ;; esac\nexec " +
                      desk.vbox(0).vboxmanage_path() + " \"$@\"");
    // Under sanitizers a session keeper that is sent 300 MB is lost (left for later work, see
    // the README): there the enormous answer is read without a keeper.
    std::vector<std::string> create = {"--create"};
    if (sanitized_build() && lie.name == "an enormous answer")
      create.insert(create.end(), {"--ssh-persist", "0"});
    // 5 s for the VBoxManage that hangs; the others get time to be cut by the output bound.
    const std::string timeout = lie.again ? "5" : "120";
    CommandResult r = desk.dcod(create, {"DCOD_SCRIPT_TIMEOUT=" + timeout});
    EXPECT_EQ(r.exit_status, 1) << printable(r.out) << printable(r.err);
    EXPECT_NE((r.out + r.err).find(lie.error), std::string::npos)
        << printable(r.out) << printable(r.err);
    EXPECT_NE((r.out + r.err).find("VBoxManage"), std::string::npos)
        << "the error names what ran:\n"
        << printable(r.out) << printable(r.err);
    EXPECT_EQ(r.out.find("run the same command again") != std::string::npos, lie.again)
        << printable(r.out);
    EXPECT_EQ(printable(r.out), r.out);
    EXPECT_EQ(printable(r.err), r.err);
    EXPECT_LT(r.err.size(), 16u << 10) << printable(r.err.substr(0, 4096));
    CommandResult plan = desk.dcod({"--plan"}, {"DCOD_SCRIPT_TIMEOUT=5"});
    std::istringstream lines(plan.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("  ", 0) == 0)
        EXPECT_NE(line.find("-> vb1 (known once its proxy runs)"), std::string::npos)
            << "vb2 and hv3 converged but for what waits for vb1:\n"
            << plan.out;
    }
    lab.end_hang(0);
  }
  CommandResult healed = desk.dcod({"--create"});
  EXPECT_EQ(healed.exit_status, 1) << "vb1's VBoxManage is gone with its fake";
  desk.scenario(k_vms);
  healed = desk.dcod({"--create"});
  EXPECT_EQ(healed.exit_status, 0) << healed.out << healed.err;
}

}  // namespace dcod::test
