#pragma once

// The libssh session inside an SshSession: shared by the files that implement SshSession
// (commands, uploads), private to them.

#include <libssh/libssh.h>

#include "session/ssh_session.h"

namespace dcod::plugins {

struct SshSession::Connection {
  ssh_session session = nullptr;
  SshEndpoint endpoint;  // password cleared after authentication
  ~Connection() {
    if (session) {
      ssh_disconnect(session);
      ssh_free(session);
    }
  }
};

}  // namespace dcod::plugins
