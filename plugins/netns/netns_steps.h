#pragma once

// The steps of the netns backend's own actions: the underlay of simulated hosts, a simulated
// host's namespace, and VMs as network namespaces with veth pairs.

#include <string>
#include <vector>

#include "linux/batch_script.h"
#include "plan/action.h"

namespace dcod::plugins {

/// The steps for an underlay, host_netns or vm_* action. `host_netns` is the namespace of the
/// host the action runs for ("" = root namespace of a remote host).
std::vector<Step> netns_steps(const core::Action& action, const std::string& host_netns);

}  // namespace dcod::plugins
