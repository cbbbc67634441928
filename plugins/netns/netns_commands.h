#pragma once

// Shell commands for the netns backend's own actions: the underlay of simulated hosts, a
// simulated host's namespace, and VMs as network namespaces with veth pairs.

#include <string>
#include <vector>

#include "plan/action.h"

namespace dcod::plugins {

/// The commands for an underlay, host_netns or vm_* action. `host_netns` is the namespace of
/// the host the action runs for ("" = root namespace of a remote host).
std::vector<std::string> netns_commands(const core::Action& action, const std::string& host_netns);

}  // namespace dcod::plugins
