#pragma once

#include "app/cli_options.h"
#include "model/scenario.h"
#include "netns/netns_backend.h"

namespace dcod::app {

/// How to reach every host with an address: endpoints with their secrets resolved (identity
/// relative to the scenario file, password-env, password-file), known_hosts and trust options.
/// An error (exit 2, nothing touched) when a secret cannot be read.
Expected<plugins::RemoteAccess> remote_access(const core::Scenario& scenario,
                                              const CliOptions& options);

}  // namespace dcod::app
