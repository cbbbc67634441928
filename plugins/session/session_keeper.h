#pragma once

// The session keeper: a small background process that holds one host's SSH session between
// dcod runs (like OpenSSH's ControlPersist), so that a run finds the host already logged in.
// The keeper spawner forks it (keeper_spawner.h) with a KeeperConfig to read on stdin; it logs
// in, listens on a Unix socket only its user may use, reports on stdout, and then serves run
// requests one at a time until it has been idle for its time, is told to close, or the server
// goes away.

namespace dcod::plugins {

/// The keeper's whole life; returns its exit status.
int run_session_keeper();

}  // namespace dcod::plugins
