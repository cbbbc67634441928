#pragma once

// One simulated VirtualBox host for tests without root: a directory of the VBoxManage simulator
// (tests/lab/vboxsim) and a `VBoxManage` on a PATH of its own that runs it there. The lab's
// VirtualBox hosts (ssh_lab) use the same simulator with VMs made real as namespaces.

#include <string>
#include <vector>

#include "test_support.h"

namespace dcod::test {

/// One VBoxManage invocation as the simulator logged it.
struct SimCall {
  std::vector<std::string> argv;
  int exit = 0;
  bool mutating = false;
};

/// A simulated VirtualBox host.
class VBoxSim {
 public:
  /// A fresh host in `dir` (made when missing); `settings` is the JSON object of sim.json.
  explicit VBoxSim(const std::string& dir, const std::string& settings = "{}");

  const std::string& dir() const { return m_dir; }
  /// A directory holding `VBoxManage`, to put first on a PATH.
  const std::string& bin() const { return m_bin; }
  /// Runs the simulated VBoxManage directly (a test preparing the host as its user would).
  CommandResult vboxmanage(const std::vector<std::string>& args) const;
  /// Replaces sim.json.
  void configure(const std::string& settings) const;
  /// Every call logged so far.
  std::vector<SimCall> calls() const;

 private:
  std::string m_dir;
  std::string m_bin;
};

/// The calls among `calls` from `from` on that change something, as command lines.
std::vector<std::string> mutating_calls(const std::vector<SimCall>& calls, std::size_t from = 0);

}  // namespace dcod::test
