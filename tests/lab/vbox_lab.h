#pragma once

// A lab host made a VirtualBox hypervisor (DESIGN §9): the VBoxManage simulator first on the
// PATH of its SSH sessions, running VMs made real as network namespaces in the host (adapters on
// internal networks as veths on a bridge per network, bridged adapters as macvlans on its
// eth0), and a proxy VM registered as its user would, whose "guest" gives its bridged NIC an
// address on the lab network, runs its own sshd and reports the address as a guest property a
// moment after it starts. Everything the simulated guests started is ended when it goes, also
// when a test fails.
//
// A Windows host (tests/lab/wine_prefix.h) is reached as Win32-OpenSSH would be: the SSH user's
// login shell hands each command to a real cmd.exe under Wine as `"cmd.exe" /c "<command>"`,
// its home is the Wine profile (C:\users\root, where SFTP uploads land), and at
// C:\Program Files\Oracle\VirtualBox\VBoxManage.exe sits a Windows program that passes the
// argv its C runtime parsed to the same simulator and answers as VBoxManage.exe does.

#include <memory>
#include <string>
#include <vector>

#include "ssh_lab.h"
#include "vbox_sim.h"
#include "wine_prefix.h"

namespace dcod::test {

/// One simulated VirtualBox host of an SshLab.
class VBoxLabHost {
 public:
  /// Host `host` of `lab`; its proxy VM gets the lab's spare address `proxy_number`;
  /// `windows`: a Windows host.
  VBoxLabHost(SshLab& lab, int host, int proxy_number, bool windows = false);
  ~VBoxLabHost();
  VBoxLabHost(const VBoxLabHost&) = delete;
  VBoxLabHost& operator=(const VBoxLabHost&) = delete;

  bool ready() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }

  /// Registers the proxy VM `name`: NIC 1 bridged to eth0, NIC 2 not attached, NICs 3 and up
  /// disabled (dcod enables what it needs before it starts the VM).
  bool add_proxy(const std::string& name = "virtnet_proxy");
  /// Registers a base VM with one snapshot, for linked clones.
  bool add_base(const std::string& name, const std::string& snapshot);
  /// Makes the next `n` calls that change a VM fail with VirtualBox's lock errors.
  void set_lock_errors(int n) const;
  /// Adds `ms` to every VBoxManage call, as a slow host does.
  void set_delay(int ms) const;
  /// Registers a VM that is not dcod's.
  bool add_decoy(const std::string& name);
  /// A Windows host's OpenSSH default shell: "cmd" or "powershell" (played: PowerShell's echo
  /// writes each word on a line of its own, and nothing else runs).
  void set_default_shell(const std::string& shell) const;

  const std::string& proxy_address() const { return m_proxy_address; }
  /// The host's adapter its proxy VM is bridged to (a Windows one for a Windows host; either is
  /// the host's eth0).
  std::string bridge_adapter() const;
  /// The simulated VBoxManage's path on the host (for vboxmanage=).
  std::string vboxmanage_path() const;
  /// Runs the simulated VBoxManage as the host's user would, on the host.
  CommandResult vboxmanage(const std::string& args) const;
  /// Every VBoxManage call dcod made there so far.
  std::vector<SimCall> calls() const { return m_sim.calls(); }
  /// The namespace a running VM of the host is.
  static std::string vm_netns(const std::string& vbox_name) { return "vbox-" + vbox_name; }
  /// Runs a script inside a running VM, on the host.
  CommandResult in_vm(const std::string& vbox_name, const std::string& script) const;
  /// Plays the guest's OS: gives eth<id> of a running VM an address and the overlay's MTU.
  bool guest_address(const std::string& vbox_name, int id, const std::string& prefix) const;
  /// A <host> element for it, reached as root with `key`; `on_path`: VBoxManage from PATH (on
  /// Windows: at its default path), else from vboxmanage=.
  std::string host_element(const std::string& name, const std::string& key, bool on_path) const;

 private:
  SshLab& m_lab;
  int m_host;
  std::string m_dir;
  VBoxSim m_sim;
  std::string m_proxy_address;
  std::string m_error;
  bool m_windows = false;
  std::unique_ptr<WinePrefix> m_wine;

  std::string settings(int lock_errors = 0, int delay_ms = 0) const;
  /// Makes the host a Windows one: its prefix, VBoxManage.exe, and root's login shell and home.
  void become_windows();
};

}  // namespace dcod::test
