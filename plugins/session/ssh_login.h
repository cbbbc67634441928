#pragma once

// How dcod logs in to a host over SSH, from what the scenario says: the address and port, the
// user, and the secret, resolved here and held only in the SshEndpoint (an identity file
// relative to the scenario file, a password from the environment or a password file).

#include <string>

#include "model/scenario.h"
#include "session/ssh_session.h"
#include "util/expected.h"

namespace dcod::plugins {

/// The login of `host`; an error (nothing touched) when its secret cannot be read.
Expected<SshEndpoint> ssh_login(const core::Host& host, const std::string& scenario_file);

/// A path from the scenario: "~/" is the home directory, relative paths start at the file.
std::string scenario_path(const std::string& scenario_file, const std::string& path);

/// The home directory ($HOME, else /root).
std::string home_directory();

}  // namespace dcod::plugins
