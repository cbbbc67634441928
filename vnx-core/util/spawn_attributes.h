#pragma once

// posix_spawn attributes shared by the process helpers: a child gets SIGPIPE's default action
// back (dcod itself ignores it), and optionally a process group of its own.

#include <signal.h>
#include <spawn.h>

namespace dcod {

/// Attributes for posix_spawn(), destroyed with the object.
class SpawnAttributes {
 public:
  /// `own_group`: the child leads a new process group, so a timeout can kill all it started.
  explicit SpawnAttributes(bool own_group) {
    posix_spawnattr_init(&m_attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&m_attr, &defaults);
    short flags = POSIX_SPAWN_SETSIGDEF;
    if (own_group) flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setflags(&m_attr, flags);
    posix_spawnattr_setpgroup(&m_attr, 0);
  }
  ~SpawnAttributes() { posix_spawnattr_destroy(&m_attr); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;

  const posix_spawnattr_t* get() const { return &m_attr; }

 private:
  posix_spawnattr_t m_attr;
};

}  // namespace dcod
