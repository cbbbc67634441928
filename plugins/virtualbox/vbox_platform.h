#pragma once

// What differs between the hypervisor OSes VirtualBox runs on, in one small table: the shell
// dialect of the host, where VBoxManage is, how one call of it is run (bounded in time, in the
// C locale) and how its error lines begin. Nothing OS-specific lives anywhere else in the
// VirtualBox backend.

#include <chrono>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "shell/shell_dialect.h"

namespace dcod::plugins {

/// One hypervisor OS.
struct VBoxPlatform {
  core::HostOs os;
  const ShellDialect* dialect;
  std::string default_vboxmanage;           // used when the host gives no vboxmanage=
  std::vector<std::string> error_prefixes;  // a stderr line starting so fails the call

  /// The command that runs VBoxManage `args` once, in the C locale, killed after `limit`.
  ShellCommand command(const std::string& vboxmanage, const std::vector<std::string>& args,
                       std::chrono::seconds limit) const;
};

/// The table's entry for an OS, or nullptr where the backend does not run yet.
const VBoxPlatform* vbox_platform(core::HostOs os);

}  // namespace dcod::plugins
