#pragma once

// The SSH part of the desk lab (DESIGN §9): hosts that are network namespaces on one underlay
// bridge, each running its own sshd (generated host key, an authorized test key) on its
// underlay address, and a director leg in the root namespace to reach them. Each host has a
// private /run/netns, as a separate machine would. Everything is removed on destruction, also
// when a test fails.

#include <string>
#include <vector>

#include "desk_lab.h"

/// Root, sshd and a lab that came up: skips without them, fails in CI (DCOD_REQUIRE_ALL).
#define DCOD_REQUIRE_SSH_LAB(lab) \
  DCOD_REQUIRE_ROOT();            \
  DCOD_REQUIRE_PROGRAM("sshd");   \
  ASSERT_TRUE((lab).ready()) << (lab).error()

namespace dcod::test {

/// N hosts reachable over SSH from this machine.
class SshLab {
 public:
  /// `data_network`: the hosts also share a second network, apart from the one SSH reaches,
  /// as separate management and data networks are in the field.
  explicit SshLab(int hosts, bool data_network = false);
  ~SshLab();
  SshLab(const SshLab&) = delete;
  SshLab& operator=(const SshLab&) = delete;

  /// False (with the reason in error()) when the lab could not be built.
  bool ready() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }

  std::string address(int host) const;
  /// A host's address on the data network (198.18.250.0/24, which only the hosts reach).
  std::string data_address(int host) const;
  /// Takes a host's data link down or up again.
  void set_data_link(int host, bool up);
  std::string netns(int host) const { return m_name + ".h" + std::to_string(host); }
  /// The test client's private key (authorized on every host) and another, unauthorized one.
  std::string client_key() const { return m_dir + "/client"; }
  std::string stranger_key() const { return m_dir + "/stranger"; }
  /// A known_hosts file for tests; empty until keys are accepted.
  std::string known_hosts() const { return m_dir + "/known_hosts"; }
  /// dcod's arguments for scenario `file` on the lab: its own state directory, the lab's
  /// known_hosts (new keys accepted), then `args`.
  std::vector<std::string> dcod_args(const std::string& file,
                                     const std::vector<std::string>& args) const;
  /// Runs a command in a host's namespace with its private /run/netns.
  CommandResult on_host(int host, const std::string& script) const;

  /// Stops the host's sshd with all its sessions (as if the machine went down).
  void stop_sshd(int host);
  bool start_sshd(int host);
  /// Gives a host a new host key and restarts its sshd.
  bool change_host_key(int host);
  /// Puts a fake `program` on that host only, earlier on its PATH in the host's own mount
  /// namespace, running `script` (sh; "$@" are its arguments, $REAL the real program);
  /// sessions opened afterwards see it.
  void fake_tool(int host, const std::string& program, const std::string& script);
  /// Makes `program` hang (sleep) on that host only: a fake_tool() that never answers.
  void make_hang(int host, const std::string& program);
  /// Undoes fake_tool() and make_hang() and kills what hangs.
  void end_hang(int host);
  /// Gives root a password on that host only (a shadow file bound over /etc/shadow in the host's
  /// mount namespace); true when it took.
  bool set_root_password(int host, const std::string& password);
  /// Scenario lines for the lab's hosts: <host name="hvN" address=... identity=...>, with
  /// underlay-address on the data network when it has one.
  std::string host_elements(const std::string& key) const;
  /// The host's own directory on this machine (keys, sshd files, a simulated VirtualBox).
  std::string host_dir(int host) const { return m_dir + "/h" + std::to_string(host); }
  /// The PID of the host's sshd, which holds its mount namespace; 0 when it does not run.
  int sshd_pid(int host) const;
  /// An address on the management network no host has (for a VM the host runs, say).
  std::string spare_address(int n) const;

 private:
  std::string m_name;
  std::string m_dir;
  std::string m_leg;
  int m_subnet = 0;
  int m_hosts = 0;
  bool m_data = false;
  std::string m_error;
};

}  // namespace dcod::test
