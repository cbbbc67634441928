#pragma once

// The director's side of a director VM (VNX's <host>): the director itself joins the VM's nets
// through a veth pair whose far end is a port of the net's bridge on a simulated host. Its own
// ends (netns_naming.h: director_link_name) carry the VM's addresses and the static routes that
// lead through them, and their alias names the host and the VM. Seen from the rest of the
// backend, such a VM is a namespace like any other: this gives its view.

#include <map>
#include <string>

#include "linux/linux_link.h"

namespace dcod::plugins {

/// The director VMs of `scenario` as namespace views (eth<id> links, a loopback marked for the
/// host they join through, their routes), from the director's own namespace `own`.
std::map<std::string, NamespaceView> director_vm_views(const std::string& scenario,
                                                       const NamespaceView& own);

}  // namespace dcod::plugins
