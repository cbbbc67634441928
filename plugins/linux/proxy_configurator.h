#pragma once

// The Linux proxy configurator: the VTEP of one host as a bridge and a VXLAN device per VNI,
// flood, FDB and neighbour entries (REFERENCE.md, Linux VXLAN). It writes the script that
// observes them and the steps that change them in one network namespace ("" = the root
// namespace); the caller runs them through its Transport. The netns backend uses it in a host's
// namespace; the VirtualBox backend will use it unchanged inside its proxy VM.

#include <map>
#include <string>
#include <vector>

#include "linux/batch_script.h"
#include "observe/observed_state.h"
#include "plan/action.h"
#include "util/expected.h"

namespace dcod::plugins {

/// Commands for one proxy, owned objects recognised by their alias prefix.
class ProxyConfigurator {
 public:
  /// A proxy in `netns` ("" = root namespace) whose objects carry aliases starting with
  /// `alias_prefix` (dcod:<scenario>:).
  ProxyConfigurator(std::string netns, std::string alias_prefix);

  /// Script lines printing links, FDB and neighbours as sections links/fdb/neigh.
  std::string observe_script() const;
  /// Fills the proxy part of `host` (owned links only, and their entries) from those sections.
  Expected<bool> read(const std::map<std::string, std::string>& sections,
                      core::ObservedHost& host) const;
  /// True for the action kinds this configurator carries out.
  static bool handles(core::ObjectKind kind);
  /// The steps of one proxy action: lines for `ip -batch` / `bridge -batch`, so that a host's
  /// links and thousands of entries cost a process per tool, not one per object.
  std::vector<Step> steps(const core::Action& action) const;

  /// "ip" or "ip -n NETNS".
  std::string ip() const;
  /// "bridge" or "bridge -n NETNS".
  std::string bridge() const;

 private:
  std::vector<Step> bridge_steps(const core::Action& a) const;
  std::vector<Step> vxlan_steps(const core::Action& a) const;
  Step entry_step(const core::Action& a) const;
  Step link_del_step(const std::string& name) const;

  std::string m_netns;
  std::string m_alias_prefix;
};

}  // namespace dcod::plugins
