#include "virtualbox/vbox_platform.h"

namespace dcod::plugins {

ShellCommand VBoxPlatform::command(const std::string& vboxmanage,
                                   const std::vector<std::string>& args,
                                   std::chrono::seconds limit) const {
  // Linux: coreutils' timeout bounds the call (and kills it 5 s after asking it to end).
  ShellCommand c{{"env", "LANG=C", "LC_ALL=C", "timeout", "-k", "5", std::to_string(limit.count()),
                  vboxmanage}};
  c.argv.insert(c.argv.end(), args.begin(), args.end());
  return c;
}

const VBoxPlatform* vbox_platform(core::HostOs os) {
  // Vagrant's check missed Linux's "VBoxManage: error:"; both spellings fail a call anywhere.
  static const VBoxPlatform linux_host{core::HostOs::linux,
                                       &posix_dialect(),
                                       "VBoxManage",
                                       {"VBoxManage: error:", "VBoxManage.exe: error:"}};
  if (os == core::HostOs::linux) return &linux_host;
  return nullptr;
}

}  // namespace dcod::plugins
