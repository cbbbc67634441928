#pragma once

#include "registry.h"

namespace dcod::plugins {

/// The netns backend: hosts whose VMs are network namespaces, simulated on this machine or
/// remote Linux hosts over SSH; it also serves the director's site (the simulated underlay).
BackendFactory netns_backend_factory();

}  // namespace dcod::plugins
