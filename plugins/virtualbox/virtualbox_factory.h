#pragma once

#include "registry.h"

namespace dcod::plugins {

/// The VirtualBox backend: VirtualBox VMs on hypervisors reached over SSH (Linux; Windows hosts
/// are refused as not served yet), the VTEP of each host in the user's proxy VM.
BackendFactory virtualbox_backend_factory();

}  // namespace dcod::plugins
