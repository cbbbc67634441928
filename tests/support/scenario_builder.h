#pragma once

#include <cstdint>
#include <string>

#include "endpoints/endpoint.h"
#include "model/backend_traits.h"
#include "model/scenario.h"

namespace dcod::test {

/// Loads and validates scenario text held in a test; fails the test (with every diagnostic)
/// when it is not valid.
core::Scenario valid_scenario(const std::string& xml);

/// The traits of the backends built into dcod, as the loader takes them.
const core::BackendCatalog& builtin_backends();

/// End points as the netns backend gives them: simulated hosts from the underlay subnet, the
/// others their underlay-address or address (unknown for a VirtualBox host without one).
std::vector<core::Endpoint> endpoints_of(const core::Scenario& scenario);

/// Body lines of a random scenario: `hosts` hosts, `nets` nets and `vms` VMs with one to three
/// interfaces on random nets, v0 pinned to h0; the same for the same seed.
std::string random_scenario_body(std::uint32_t seed, int hosts, int nets, int vms);

/// Wraps body lines in <scenario name="t" version="1">...</scenario>.
std::string scenario_xml(const std::string& body);

}  // namespace dcod::test
