#include "virtualbox/vbox_platform.h"

namespace dcod::plugins {

ShellCommand VBoxPlatform::command(const std::string& vboxmanage,
                                   const std::vector<std::string>& args,
                                   std::chrono::seconds limit) const {
  ShellCommand c;
  if (os == core::HostOs::linux) {
    // coreutils' timeout bounds the call (and kills it 5 s after asking it to end).
    c.argv = {"env", "LANG=C", "LC_ALL=C", "timeout", "-k", "5", std::to_string(limit.count())};
  }
  c.argv.push_back(vboxmanage);
  c.argv.insert(c.argv.end(), args.begin(), args.end());
  return c;
}

std::string VBoxPlatform::host_path(const std::string& home, const std::string& relative) const {
  std::string path = home.empty() ? relative : home + separator + relative;
  for (char& c : path) c = c == '/' ? separator : c;
  return path;
}

const VBoxPlatform* vbox_platform(core::HostOs os) {
  // Vagrant's check missed Linux's "VBoxManage: error:"; both spellings fail a call anywhere.
  static const VBoxPlatform linux_host{
      core::HostOs::linux, &posix_dialect(),
      "VBoxManage",        {"VBoxManage: error:", "VBoxManage.exe: error:"},
      ".cache/dcod/ova",   '/'};
  static const VBoxPlatform windows_host{core::HostOs::windows,
                                         &cmd_dialect(),
                                         "C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe",
                                         {"VBoxManage.exe: error:", "VBoxManage: error:"},
                                         "AppData/Local/dcod/ova",
                                         '\\'};
  if (os == core::HostOs::linux) return &linux_host;
  if (os == core::HostOs::windows) return &windows_host;
  return nullptr;
}

}  // namespace dcod::plugins
