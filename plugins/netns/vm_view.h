#pragma once

// A VM namespace as the neutral observed state sees it: its interfaces (the guest end in the
// VM's namespace, the host end in the host's), addresses, routes and forwarding, and whether
// its own set-up was finished for this host. Shared by simulated and remote hosts.

#include <string>
#include <unordered_map>

#include "linux/linux_link.h"
#include "observe/observed_state.h"
#include "util/expected.h"

namespace dcod::plugins {

/// The links of a host's namespace by name, to find the host ends of VM interfaces.
using LinkIndex = std::unordered_map<std::string, const LinuxLink*>;

/// An index of `links`; it points into them.
LinkIndex index_links(const std::vector<LinuxLink>& links);

/// VM `vm` of `scenario` on host `host`, from what its namespace holds and the host's links.
core::ObservedVm observed_vm(const std::string& scenario, const std::string& host,
                             const std::string& vm, const NamespaceView& inside,
                             const LinkIndex& host_links);

/// The script that prints every VM namespace of `scenario` on a remote host, one section each
/// (vm:<namespace>), read by one `ip -batch` per namespace.
std::string remote_vms_script(const std::string& scenario);
/// One such section.
Expected<NamespaceView> read_remote_vm(const std::string& netns, const std::string& output);

}  // namespace dcod::plugins
