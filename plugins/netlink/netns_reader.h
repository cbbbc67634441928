#pragma once

// Reads a network namespace of this machine in-process through rtnetlink: links with their
// addresses, static gateway routes, and IP forwarding, as a VM's observed state. No child
// process is started, which makes observing hundreds of local VM namespaces cheap. Remote
// hosts are read with iproute2 through their session instead; tests hold the two to the same
// result.

#include <string>

#include "linux/linux_link.h"
#include "util/expected.h"

namespace dcod::plugins {

/// Reads the named namespace (/run/netns/NAME); an error when it cannot be entered or read.
Expected<NamespaceView> read_netns(const std::string& netns);

}  // namespace dcod::plugins
