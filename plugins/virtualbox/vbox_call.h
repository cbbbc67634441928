#pragma once

// One VBoxManage call and what came of it, with the rules the best drivers follow (Vagrant,
// Packer, REFERENCE.md): an error line on stderr fails a call whatever its exit status; only
// VirtualBox's session-lock errors (and "Failed to create the VirtualBox object" while VBoxSVC
// starts) are worth trying again.

#include <string>
#include <vector>

#include "virtualbox/vbox_platform.h"

namespace dcod::plugins {

/// One VBoxManage invocation.
struct VBoxCall {
  std::vector<std::string> args;  // after "VBoxManage"
  bool mutating = false;          // it changes something on the host
};

/// What one call did.
struct VBoxReply {
  bool ran = false;  // false: an earlier call of its chain failed, or the host went away
  int exit_status = -1;
  std::string out;
  std::string err;
  std::string refused;  // set: never sent, as the host's shell could not be given it safely
};

/// A read-only call and a changing one.
VBoxCall read_call(std::vector<std::string> args);
VBoxCall change_call(std::vector<std::string> args);

/// True when the call did not run, exited non-zero or printed an error line.
bool failed(const VBoxReply& reply, const VBoxPlatform& platform);
/// True when it failed only because another session held the VM (or VBoxSVC was starting).
bool lock_error(const VBoxReply& reply);
/// What went wrong, in VirtualBox's words: its error lines without the prefix (Details and
/// Context left out), or the exit status.
std::string failure_text(const VBoxReply& reply, const VBoxPlatform& platform);
/// "VBoxManage modifyvm desk-a1 --memory 256", for messages.
std::string call_text(const VBoxCall& call);

}  // namespace dcod::plugins
