// Before touching anything: a mode that needs the simulated hosts' namespaces stops with one
// clear line and exit 2 when dcod may not make or read them (run as an unprivileged user).

#include <gtest/gtest.h>

#include "desk_lab.h"

namespace dcod::test {

namespace {

/// Runs dcod as the user nobody with no capabilities (setpriv from util-linux).
CommandResult as_nobody(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"setpriv",        "--reuid=65534",   "--regid=65534",
                                   "--clear-groups", "--inh-caps=-all", "--",
                                   DCOD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, {"HOME=/nonexistent", "XDG_STATE_HOME="});
}

}  // namespace

TEST(Privilege, ModesOnSimulatedHostsStopWithOneLineWithoutRoot) {
  DCOD_REQUIRE_ROOT();  // to become nobody
  DCOD_REQUIRE_PROGRAM("setpriv");
  const std::string expected =
      "dcod: the simulated hosts hv1, hv2 and hv3 are network namespaces on this machine: dcod "
      "needs root to make or read them\n"
      "  hint: run it as root (sudo dcod ...), or give it CAP_SYS_ADMIN and CAP_NET_ADMIN\n";
  for (const char* mode : {"--create", "--destroy", "--plan", "--status"}) {
    CommandResult r = as_nobody({mode});
    EXPECT_EQ(r.exit_status, 2) << mode << ": " << r.err;
    EXPECT_EQ(r.err, expected) << mode;
    EXPECT_EQ(r.out, "") << mode;
  }
  CommandResult exec = as_nobody({"--exec", "a1", "--", "true"});
  EXPECT_EQ(exec.exit_status, 2) << exec.err;
  EXPECT_EQ(exec.err, expected);
  for (const char* mode : {"--validate", "--show", "--seg-info"}) {
    CommandResult r = as_nobody({mode});
    EXPECT_EQ(r.exit_status, 0) << mode << " touches no host: " << r.err;
  }
}

}  // namespace dcod::test
