#pragma once

// Sessions kept between runs: a host's SSH session lives on in a session keeper
// (session_keeper.h) for SshOptions::persist after its last use, so that the next run (a no-op
// --create, --status, --exec) skips the TCP, key exchange and login round trips. The keeper
// listens on a Unix socket in SshOptions::keeper_dir, named after everything that identifies
// the login (address, port, user, key, known_hosts, trust), so a changed scenario never reuses a
// session made for another login. Host keys and credentials are checked when the keeper logs in,
// exactly as without it.

#include <memory>
#include <string>

#include "session/session.h"
#include "session/ssh_session.h"

namespace dcod::plugins {

/// A session through the host's keeper, started (and logged in) when there is none yet.
/// Without a keeper_dir or persist, or when the socket path would be too long, a plain
/// SshSession for this run only. `dialect` is the host shell's.
Expected<std::unique_ptr<Session>> connect_kept(const SshEndpoint& endpoint,
                                                const SshOptions& options,
                                                const ShellDialect& dialect);

/// Tells every keeper in `keeper_dir` to end (after --destroy: nothing is left to keep).
void close_kept_sessions(const std::string& keeper_dir);

/// The socket a keeper for this login (and dialect) listens on.
std::string keeper_socket(const SshEndpoint& endpoint, const SshOptions& options,
                          const ShellDialect& dialect);

}  // namespace dcod::plugins
