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
};

/// The steps for an underlay, leftover, host or vm* action.
std::vector<Step> netns_steps(const core::Action& action, const NetnsPlace& place);

}  // namespace dcod::plugins
