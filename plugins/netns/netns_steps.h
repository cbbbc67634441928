#pragma once

// The steps of the netns backend's own actions: the simulated underlay, a simulated host's
// namespace, VMs as network namespaces with veth pairs and what they hold, and leftovers.

#include <string>
#include <vector>

#include "linux/batch_script.h"
#include "plan/action.h"

namespace dcod::plugins {

/// Where a batch runs: the scenario, the host (its name marks its VMs) and the host's namespace
/// ("" = the root namespace of a remote host).
struct NetnsPlace {
  std::string scenario;
  std::string host;
  std::string host_netns;
  std::string vm_tool;  // takes `NAMESPACE LINE` lines for inside VMs (netns_batch.h); "": nsenter
};

/// The steps for an underlay, leftover, host or vm* action.
std::vector<Step> netns_steps(const core::Action& action, const NetnsPlace& place);
/// The steps for a vm* action of a director VM (director_view.h) other than a removal, which
/// is a VM's: its host's ends of the veth pairs go, and the director's ends with them.
std::vector<Step> director_vm_steps(const core::Action& action, const NetnsPlace& place);

/// A namespace deleted with every process still inside it; nothing to do when it is gone.
std::vector<Step> netns_delete_steps(const std::string& netns);

/// `ip -batch` lines bringing `device` up with exactly the interface's desired addresses;
/// `fresh`: just made, with its MAC and MTU, and no address yet.
std::vector<std::string> guest_lines(const std::string& device, const core::DesiredInterface& i,
                                     bool fresh);

}  // namespace dcod::plugins
