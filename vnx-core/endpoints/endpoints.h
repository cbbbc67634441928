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

/// Each host's end point as its backend knows it now (unknown ones have an empty address), hosts
/// in parallel (a backend may have to ask its host); an error when a backend cannot resolve one
/// at all (an address that is a name, say).
Expected<std::vector<Endpoint>> known_endpoints(const std::vector<HostBackend*>& hosts,
                                                unsigned jobs);

/// Asks every host's backend, hosts in parallel, to bring its end point up (a proxy VM started
/// and read; nothing where the end point needs nothing running). Returns per host the error of
/// one that could not be brought up; an end point that was not known then stays unknown.
std::vector<std::optional<Error>> bring_up_endpoints(std::vector<Endpoint>& endpoints,
                                                     const std::vector<HostBackend*>& hosts,
                                                     unsigned jobs);

}  // namespace dcod::core
