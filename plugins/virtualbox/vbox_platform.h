#pragma once

// What differs between the hypervisor OSes VirtualBox runs on, in one small table: the shell
// dialect of the host, where VBoxManage is, how one call of it is run, how its error lines
// begin, and where uploads go and how the host writes their paths. Nothing OS-specific lives
// anywhere else in the VirtualBox backend.

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
  std::string upload_folder;                // under the SSH user's home, as SFTP names it
  char separator;                           // between the parts of the host's paths

  /// The command that runs VBoxManage `args` once (Linux: in the C locale, killed after
  /// `limit`; Windows has no such tool, and the round trip's deadline bounds the call).
  ShellCommand command(const std::string& vboxmanage, const std::vector<std::string>& args,
                       std::chrono::seconds limit) const;
  /// The path VBoxManage is given for `relative` ('/'-separated, under the SSH user's home);
  /// `home` as the host's probe told it, or empty where a relative path is taken from it.
  std::string host_path(const std::string& home, const std::string& relative) const;
};

/// The table's entry for an OS, or nullptr where the backend does not run.
const VBoxPlatform* vbox_platform(core::HostOs os);

}  // namespace dcod::plugins
