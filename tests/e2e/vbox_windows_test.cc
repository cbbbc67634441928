// End to end with a Windows VirtualBox host (tests/lab/vbox_lab.h): examples/mixed-virtualbox.xml
// on a simulated Windows host reached through Wine's cmd.exe as Win32-OpenSSH runs it, a
// simulated Linux VirtualBox host and a netns host. What reaches VBoxManage.exe went through a
// real cmd.exe and the Windows C runtime's argument parsing.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "ssh_lab.h"
#include "vbox_lab.h"

namespace dcod::test {

namespace {

/// The mixed example on a lab: win1 (Windows, lab host 0), lin1 (Linux, host 1), srv7 (netns,
/// host 2); app1's appliance exported next to the scenario.
class MixedLab {
 public:
  explicit MixedLab(SshLab& lab)
      : m_lab(lab),
        m_name("mx" + std::to_string(::getpid() % 100000) + "x" + std::to_string(s_count++)) {
    m_hosts.push_back(std::make_unique<VBoxLabHost>(lab, 0, 1, true));
    m_hosts.push_back(std::make_unique<VBoxLabHost>(lab, 1, 2));
    for (auto& h : m_hosts) {
      if (!h->ready() || !h->add_proxy() || !h->add_base("debian-base", "clean")) {
        m_error = h->error();
        return;
      }
    }
    write_scenario();
  }
  ~MixedLab() { dcod({"--destroy"}); }

  bool ready() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  VBoxLabHost& win() { return *m_hosts[0]; }
  VBoxLabHost& lin() { return *m_hosts[1]; }
  std::string vbox_name(const std::string& vm) const { return m_name + "-" + vm; }

  /// Changes the scenario: the first `from` becomes `to`.
  void edit(const std::string& from, const std::string& to) {
    std::string xml = read_file(m_file);
    xml.replace(xml.find(from), from.size(), to);
    std::ofstream(m_file) << xml;
  }

  CommandResult dcod(const std::vector<std::string>& args) const {
    return run_dcod(m_lab.dcod_args(m_file, args), {"DCOD_SCRIPT_TIMEOUT=60"});
  }

  /// Plays the guests' OS on the VirtualBox hosts: their addresses, as the scenario says.
  bool guests_configured() {
    return win().guest_address(vbox_name("web1"), 0, "10.30.0.11/24") &&
           win().guest_address(vbox_name("web1"), 0, "fd00:30::11/64") &&
           win().guest_address(vbox_name("app1"), 0, "10.30.0.21/24") &&
           win().guest_address(vbox_name("app1"), 1, "10.31.0.21/24") &&
           win().guest_address(vbox_name("app1"), 1, "fd00:31::21/64") &&
           lin().guest_address(vbox_name("web2"), 0, "10.30.0.12/24") &&
           lin().guest_address(vbox_name("web2"), 0, "fd00:30::12/64");
  }

  bool pings(VBoxLabHost& host, const std::string& vm, const std::string& address) {
    std::string ping = address.find(':') != std::string::npos ? "ping -6" : "ping";
    return host.in_vm(vbox_name(vm), ping + " -c 1 -i 0.2 -w 3 " + address).exit_status == 0;
  }

 private:
  void write_scenario() {
    std::string xml = read_file(source_path("examples/mixed-virtualbox.xml"));
    xml.replace(xml.find("name=\"mixed\""), 12, "name=\"" + m_name + "\"");
    auto replace_element = [&](const std::string& start, const std::string& end,
                               const std::string& with) {
      std::size_t at = xml.find(start);
      xml.replace(at, xml.find(end, at) + end.size() - at, with);
    };
    const std::string key = m_lab.client_key();
    replace_element("  <host name=\"win1\"", "</host>\n", win().host_element("win1", key, true));
    replace_element("  <host name=\"lin1\"", "</host>\n", lin().host_element("lin1", key, true));
    replace_element("  <host name=\"srv7\"", "/>",
                    "  <host name=\"srv7\" backend=\"netns\" address=\"" + m_lab.address(2) +
                        "\" user=\"root\" identity=\"" + key + "\"/>");
    const std::string dir = temp_dir() + "/" + m_name;
    std::filesystem::create_directories(dir + "/images");
    VBoxSim exporter(dir + "/exporter");
    exporter.vboxmanage({"createvm", "--name", "app", "--ostype", "Debian_64", "--register"});
    exporter.vboxmanage({"modifyvm", "app", "--nic1", "null", "--nic2", "null"});
    CommandResult exported = exporter.vboxmanage({"export", "app", "-o", dir + "/images/app.ova"});
    if (exported.exit_status != 0) m_error = "export: " + exported.err;
    m_file = dir + "/mixed.xml";
    std::ofstream(m_file) << xml;
  }

  static inline int s_count = 0;
  SshLab& m_lab;
  std::string m_name;
  std::string m_file;
  std::string m_error;
  std::vector<std::unique_ptr<VBoxLabHost>> m_hosts;
};

}  // namespace

TEST(VBoxWindows, TheMixedExampleRunsOnAWindowsALinuxAndANetnsHost) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  DCOD_REQUIRE_WINE_RIG();
  MixedLab mixed(lab);
  ASSERT_TRUE(mixed.ready()) << mixed.error();
  ASSERT_TRUE(mixed.win().add_decoy("users-own-vm"));
  ASSERT_TRUE(mixed.win().add_decoy(mixed.vbox_name("decoy"))) << "named like the scenario's";
  const std::string win_before = mixed.win().vboxmanage("list vms").out;
  CommandResult create = mixed.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  ASSERT_TRUE(mixed.guests_configured());
  VBoxLabHost& win = mixed.win();
  VBoxLabHost& lin = mixed.lin();
  EXPECT_TRUE(mixed.pings(win, "web1", "10.30.0.12")) << "Windows to Linux, proxy to proxy";
  EXPECT_TRUE(mixed.pings(lin, "web2", "fd00:30::11")) << "and back, IPv6";
  EXPECT_TRUE(mixed.pings(win, "app1", "10.31.0.31")) << "Windows to netns";
  EXPECT_TRUE(mixed.pings(win, "app1", "fd00:31::31"));
  EXPECT_TRUE(mixed.pings(lin, "web2", "10.30.0.21"));
  EXPECT_FALSE(mixed.pings(lin, "web2", "10.31.0.31")) << "front does not reach back";
  EXPECT_FALSE(mixed.pings(win, "web1", "10.31.0.21")) << "nor its VMs' other net";
  // VBoxManage.exe was called as a Windows user's would be: the appliance from the profile.
  bool imported = false;
  for (const SimCall& c : win.calls()) {
    if (c.argv.size() > 1 && c.argv[0] == "import") {
      imported = true;
      EXPECT_EQ(c.argv[1].rfind("C:\\users\\root\\AppData\\Local\\dcod\\ova\\", 0), 0u)
          << c.argv[1];
      EXPECT_EQ(c.exit, 0);
    }
  }
  EXPECT_TRUE(imported);
  std::string proxy = win.vboxmanage("showvminfo virtnet_proxy --machinereadable").out;
  EXPECT_NE(proxy.find("bridgeadapter1=\"Intel(R) Ethernet Connection I219-V\""), std::string::npos)
      << proxy;
  // Twice: nothing changes, on any host.
  std::size_t win_calls = win.calls().size(), lin_calls = lin.calls().size();
  CommandResult again = mixed.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("nothing to change on"), std::string::npos) << again.out;
  EXPECT_TRUE(mutating_calls(win.calls(), win_calls).empty());
  EXPECT_TRUE(mutating_calls(lin.calls(), lin_calls).empty());
  // Drift on the Windows host, by hand: a VM deleted, a NIC moved elsewhere.
  ASSERT_EQ(win.vboxmanage("controlvm " + mixed.vbox_name("web1") + " poweroff").exit_status, 0);
  ASSERT_EQ(win.vboxmanage("unregistervm " + mixed.vbox_name("web1") + " --delete").exit_status, 0);
  ASSERT_EQ(
      win.vboxmanage("controlvm " + mixed.vbox_name("app1") + " nic2 intnet elsewhere").exit_status,
      0);
  CommandResult plan = mixed.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("+ vm web1"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("~ interface app1/eth1 on back"), std::string::npos) << plan.out;
  CommandResult repair = mixed.dcod({"--create"});
  EXPECT_EQ(repair.exit_status, 0) << repair.out << repair.err;
  ASSERT_TRUE(mixed.guests_configured());
  EXPECT_TRUE(mixed.pings(win, "web1", "10.30.0.12"));
  EXPECT_TRUE(mixed.pings(win, "app1", "10.31.0.31"));
  // Destroy: the Windows host's VMs as they were (its user's VMs, the proxy VM and the base
  // untouched), the proxy's slots given back and dcod's records on it cleared.
  CommandResult destroy = mixed.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
  EXPECT_EQ(win.vboxmanage("list vms").out, win_before);
  EXPECT_EQ(win.vboxmanage("getextradata virtnet_proxy enumerate").out, "");
  std::string proxy_after = win.vboxmanage("showvminfo virtnet_proxy --machinereadable").out;
  EXPECT_EQ(proxy_after.find("intnet"), std::string::npos) << proxy_after;
  EXPECT_NE(proxy_after.find("bridgeadapter1=\"Intel(R) Ethernet Connection I219-V\""),
            std::string::npos);
}

TEST(VBoxWindows, AWindowsHostDownLeavesTheOthersConverged) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  DCOD_REQUIRE_WINE_RIG();
  MixedLab mixed(lab);
  ASSERT_TRUE(mixed.ready()) << mixed.error();
  lab.stop_sshd(0);
  CommandResult create = mixed.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1) << create.out << create.err;
  EXPECT_NE(create.err.find("win1"), std::string::npos) << create.err;
  EXPECT_NE(create.out.find("run the same command again to finish the job"), std::string::npos)
      << "a host away may come back: " << create.out;
  EXPECT_NE(mixed.lin().vboxmanage("list vms").out.find(mixed.vbox_name("web2")), std::string::npos)
      << "lin1 made its VM";
  EXPECT_EQ(lab.on_host(2, "ip netns list | grep -c 'db1'").out, "1\n") << "srv7 made its VM";
}

TEST(VBoxWindows, AHostWhoseDefaultShellIsPowerShellIsRefusedWithTheRegistryValue) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  DCOD_REQUIRE_WINE_RIG();
  MixedLab mixed(lab);
  ASSERT_TRUE(mixed.ready()) << mixed.error();
  mixed.win().set_default_shell("powershell");
  const std::size_t calls = mixed.win().calls().size();
  CommandResult create = mixed.dcod({"--create"});
  EXPECT_EQ(create.out.find("run the same command again"), std::string::npos)
      << "the shell stays PowerShell until the registry changes: " << create.out;
  EXPECT_EQ(create.exit_status, 1) << create.out << create.err;
  EXPECT_NE(create.err.find("the host's SSH server does not run commands with cmd.exe"),
            std::string::npos)
      << create.err;
  EXPECT_NE(create.err.find("HKLM\\SOFTWARE\\OpenSSH\\DefaultShell"), std::string::npos)
      << create.err;
  EXPECT_EQ(mixed.win().calls().size(), calls) << "no VBoxManage call went to it";
  EXPECT_NE(mixed.lin().vboxmanage("list vms").out.find(mixed.vbox_name("web2")), std::string::npos)
      << "the others converge";
}

TEST(VBoxWindows, AProxyVmTheSshUserDoesNotSeeIsSaidToBeMaybeAnotherUsers) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  DCOD_REQUIRE_WINE_RIG();
  MixedLab mixed(lab);
  ASSERT_TRUE(mixed.ready()) << mixed.error();
  mixed.edit("<proxy vm=\"virtnet_proxy\"", "<proxy vm=\"desktop_proxy\"");
  CommandResult plan = mixed.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 1) << plan.out << plan.err;
  EXPECT_NE(plan.err.find("host win1: cannot be observed: proxy VM 'desktop_proxy' is not "
                          "registered on the host\n  hint: VirtualBox keeps one registry per user: "
                          "the SSH user (root) may not be the user who owns the VM"),
            std::string::npos)
      << plan.err;
}

TEST(VBoxWindows, AValueCmdWouldChangeIsRefusedNamingTheHostAndNeverSent) {
  SshLab lab(3);
  DCOD_REQUIRE_SSH_LAB(lab);
  DCOD_REQUIRE_WINE_RIG();
  MixedLab mixed(lab);
  ASSERT_TRUE(mixed.ready()) << mixed.error();
  // What the host itself holds is not checked beforehand: web1 clones the base's current
  // snapshot, which its user named with quotes.
  ASSERT_EQ(mixed.win().vboxmanage("snapshot debian-base take 'before \"update\"'").exit_status, 0);
  mixed.edit("<image clone-of=\"debian-base\" snapshot=\"clean\"/>",
             "<image clone-of=\"debian-base\"/>");
  const std::size_t before = mixed.win().calls().size();
  CommandResult create = mixed.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1) << create.out << create.err;
  EXPECT_NE(create.out.find("cannot hand 'before \"update\"' to a Windows program: it holds a "
                            "double quote"),
            std::string::npos)
      << create.out << create.err;
  auto calls = mixed.win().calls();
  for (std::size_t k = before; k < calls.size(); ++k) {
    for (const std::string& a : calls[k].argv) EXPECT_EQ(a.find("update"), std::string::npos) << a;
  }
  EXPECT_NE(mixed.win().vboxmanage("list vms").out.find(mixed.vbox_name("app1")), std::string::npos)
      << "the rest of the host converges";
  // A path cmd.exe would expand is refused before any host is contacted.
  mixed.edit("os=\"windows\"", "os=\"windows\" vboxmanage=\"C:\\VBox 50%\\VBoxManage.exe\"");
  CommandResult invalid = mixed.dcod({"--plan"});
  EXPECT_EQ(invalid.exit_status, 2) << invalid.out << invalid.err;
  EXPECT_NE(invalid.err.find("vboxmanage 'C:\\VBox 50%\\VBoxManage.exe' is not a usable program "
                             "path"),
            std::string::npos)
      << invalid.err;
}

}  // namespace dcod::test
