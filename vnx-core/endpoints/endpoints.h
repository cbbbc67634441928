#pragma once

// The endpoints stage: every host's tunnel end point, resolved by its backend before anything
// is desired (DESIGN §2). --plan and --status take them as far as they are known; --create first
// brings up the ones that only a running proxy can tell, then desires with the real addresses.

#include <optional>
#include <vector>

#include "backend/host_backend.h"
#include "endpoints/endpoint.h"
#include "util/expected.h"

namespace dcod::core {

/// Each host's end point as its backend knows it now (unknown ones have an empty address); an
/// error when a backend cannot resolve one at all (an address that is a name, say).
Expected<std::vector<Endpoint>> known_endpoints(const std::vector<HostBackend*>& hosts);

/// Brings up, hosts in parallel, every end point in `endpoints` that is not known. Returns per
/// host the error of one that could not be brought up; that end point stays unknown.
std::vector<std::optional<Error>> bring_up_endpoints(std::vector<Endpoint>& endpoints,
                                                     const std::vector<HostBackend*>& hosts,
                                                     unsigned jobs);

}  // namespace dcod::core
