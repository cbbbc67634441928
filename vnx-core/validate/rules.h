#pragma once

// The groups of cross-element rules run by validate_scenario, one file each.

#include "load/diagnostics.h"
#include "model/backend_traits.h"
#include "model/scenario.h"

namespace dcod::core {

/// Host, net, VNI, VM, interface id, MAC and per-net IP uniqueness.
void check_uniqueness(const Scenario& s, Diagnostics& d);
/// Interface nets, VM pins and constraint members name declared things.
void check_references(const Scenario& s, Diagnostics& d);
/// Pins, affinity and anti-affinity can hold together.
void check_constraints(const Scenario& s, Diagnostics& d);
/// Layer 3: gateways on the VM's own subnets, one subnet per net, the underlay apart.
void check_addressing(const Scenario& s, Diagnostics& d);
/// A director VM joins through a simulated host and asks nothing else of the director.
void check_director(const Scenario& s, Diagnostics& d);
/// Whole-scenario limits: at least one host, underlay addresses, MTU for IPv6, images.
void check_limits(const Scenario& s, const BackendCatalog& backends, Diagnostics& d);

}  // namespace dcod::core
