#pragma once

// A lab host made a VirtualBox hypervisor (DESIGN §9): the VBoxManage simulator first on the
// PATH of its SSH sessions, running VMs made real as network namespaces in the host (adapters on
// internal networks as veths on a bridge per network, bridged adapters as macvlans on its
// eth0), and a proxy VM registered as its user would, whose "guest" gives its bridged NIC an
// address on the lab network, runs its own sshd and reports the address as a guest property a
// moment after it starts. Everything the simulated guests started is ended when it goes, also
// when a test fails.

#include <string>
#include <vector>

#include "ssh_lab.h"
#include "vbox_sim.h"

namespace dcod::test {

/// One simulated VirtualBox host of an SshLab.
class VBoxLabHost {
 public:
  /// Host `host` of `lab`; its proxy VM gets the lab's spare address `proxy_number`.
  VBoxLabHost(SshLab& lab, int host, int proxy_number);
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

  const std::string& proxy_address() const { return m_proxy_address; }
  /// The simulated VBoxManage's path on the host (for vboxmanage=).
  std::string vboxmanage_path() const { return m_sim.bin() + "/VBoxManage"; }
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
  /// A <host> element for it, reached as root with `key`; `on_path`: VBoxManage from PATH, else
  /// from vboxmanage=.
  std::string host_element(const std::string& name, const std::string& key, bool on_path) const;

 private:
  SshLab& m_lab;
  int m_host;
  std::string m_dir;
  VBoxSim m_sim;
  std::string m_proxy_address;
  std::string m_error;
};

}  // namespace dcod::test
