// End-to-end on simulated VirtualBox hosts (DESIGN §9): lab hosts reached over SSH whose
// VBoxManage is the simulator, each with a proxy VM that has its own sshd, next to a netns host.
// Pings cross from a VirtualBox VM through its host's internal network, the proxy VM's VXLAN and
// the lab underlay to VMs on the other hosts.

#include "vbox_lab.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>

#include "ssh_lab.h"

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

  /// Writes the scenario with these nets and VMs.
  void scenario(const std::string& nets_and_vms) {
    m_file = write_temp_file(m_name + ".xml",
                             "<scenario name=\"" + m_name + "\" version=\"1\">\n" +
                                 "  <global><segmentation algorithm=\"static\"/></global>\n" +
                                 m_hosts[0]->host_element("vb1", m_lab.client_key(), true) +
                                 m_hosts[1]->host_element("vb2", m_lab.client_key(), false) +
                                 "  <host name=\"hv3\" address=\"" + m_lab.address(2) +
                                 "\" user=\"root\" identity=\"" + m_lab.client_key() + "\"/>\n" +
                                 nets_and_vms + "</scenario>\n");
  }

  CommandResult dcod(std::vector<std::string> args) const {
    if (m_file.empty()) return {};
    std::vector<std::string> all = {"-f",
                                    m_file,
                                    "--state-dir",
                                    m_file + ".state",
                                    "--known-hosts",
                                    m_lab.known_hosts(),
                                    "--accept-new-host-keys"};
    all.insert(all.end(), args.begin(), args.end());
    return run_dcod(all, {"DCOD_SCRIPT_TIMEOUT=60"});
  }

 private:
  static inline int s_count = 0;
  SshLab& m_lab;
  std::string m_name;
  std::string m_file;
  std::string m_error;
  std::vector<std::unique_ptr<VBoxLabHost>> m_hosts;
};

const std::string k_vms = R"(
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a1" host="vb1"><image clone-of="debian-base"/><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4></if></vm>
  <vm name="a2" host="vb2"><image clone-of="debian-base" snapshot="clean"/><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4></if></vm>
  <vm name="a3" host="hv3"><if id="0" net="blue" mac="02:00:00:00:01:03"><ipv4>10.1.0.3/24</ipv4></if></vm>
)";

}  // namespace

TEST(VBoxLab, VmsOnTwoVirtualBoxHostsAndANetnsHostReachEachOtherThroughTheProxyVms) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  VBoxDesk desk(lab);
  ASSERT_TRUE(desk.ready()) << desk.error();
  desk.scenario(k_vms);
  CommandResult create = desk.dcod({"--create", "-v"});
  ASSERT_EQ(create.exit_status, 0)
      << create.out << create.err
      << run_command({"sh", "-c",
                      "cat " + lab.host_dir(1) + "/vbox/proxy/sshd.log " + lab.host_dir(1) +
                          "/vbox/guest-*.log; ps -ef | grep sshd"})
             .out;
  ASSERT_TRUE(desk.vbox(0).guest_address(desk.vbox_name("a1"), 0, "10.1.0.1/24"));
  ASSERT_TRUE(desk.vbox(1).guest_address(desk.vbox_name("a2"), 0, "10.1.0.2/24"));
  CommandResult ping = desk.vbox(0).in_vm(desk.vbox_name("a1"),
                                          "ping -c 1 -w 3 10.1.0.3 && ping -c 1 -w 3 10.1.0.2");
  EXPECT_EQ(ping.exit_status, 0) << ping.out << ping.err;
  CommandResult again = desk.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.out << again.err;
  std::cerr << create.out << again.out;
}

}  // namespace dcod::test
