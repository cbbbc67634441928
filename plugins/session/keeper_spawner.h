#pragma once

// The keeper spawner: one background process per dcod run that forks a session keeper for each
// host that needs one. Starting dcod itself costs a few milliseconds of CPU (loading its
// libraries); forking a process that has already done so costs a tenth of that, which matters
// with a hundred hosts. dcod starts it on first use as `dcod --ssh-keeper`, with a socket on
// stdin through which it is handed, for each keeper, one end of the socket pair the keeper is
// configured and reports on (session_keeper.h). It ends when dcod ends; the keepers live on.

namespace dcod::plugins {

/// Has a keeper started on `report` (a connected socket, kept open by the caller); false when
/// no spawner runs or can be started.
bool spawn_keeper(int report);

/// The spawner's whole life (`dcod --ssh-keeper`); returns its exit status.
int run_keeper_spawner();

}  // namespace dcod::plugins
