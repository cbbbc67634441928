#pragma once

// Reads a network namespace of this machine in-process through rtnetlink: links with their
// kinds, VXLAN data and addresses; for a VM its static gateway routes and IP forwarding; for a
// VTEP the FDB and neighbour entries of its VXLAN devices. No child process is started, which
// makes observing a simulated host and hundreds of VM namespaces cheap. Remote hosts are read
// with iproute2 through their session instead; tests hold the two to the same result.

#include <string>
#include <vector>

#include "linux/linux_link.h"
#include "util/expected.h"

namespace dcod::plugins {

/// What to read of a namespace besides its links and addresses.
struct NamespaceParts {
  bool routes = true;     // static gateway routes and forwarding (a VM's)
  bool entries = false;   // FDB and permanent neighbour entries of its VXLAN devices (a VTEP's)
  bool addresses = true;  // the links' addresses
  bool loopback_only = false;  // of the links, the loopback only (asked for alone: no dump)
};

/// Only the links, with their kinds, aliases and masters: what finding a namespace's objects to
/// remove them needs.
inline constexpr NamespaceParts k_links_only{false, false, false, false};
/// Only the loopback, whose alias marks a VM's owner: what finding a VM's namespace to delete it
/// needs. Asked for by its index, which the kernel answers without the lock its dumps take.
inline constexpr NamespaceParts k_loopback_only{false, false, false, true};

/// True when /run/netns/NAME is a namespace: `ip netns add` makes the file first and binds the
/// namespace onto it after, so a file alone is a namespace being made (or one a killed run left
/// half made), not one to read.
bool netns_exists(const std::string& netns);
/// Reads the named namespace (/run/netns/NAME); an error when it cannot be entered or read.
Expected<NamespaceView> read_netns(const std::string& netns, NamespaceParts parts = {});
/// Reads each of the named namespaces, `width` at once, on threads of their own.
std::vector<Expected<NamespaceView>> read_netns_each(const std::vector<std::string>& names,
                                                     std::size_t width, NamespaceParts parts = {});
/// Reads the namespace dcod itself runs in (the director's).
Expected<NamespaceView> read_own_netns(NamespaceParts parts = {});

}  // namespace dcod::plugins
