#include "virtualbox/vbox_driver.h"

#include <gtest/gtest.h>

#include "fake_session.h"
#include "vbox_sim.h"

namespace dcod::plugins {

namespace {

/// A driver whose texts run with /bin/sh and the simulator as VBoxManage; counts round trips.
struct SimDriver {
  test::VBoxSim sim;
  int round_trips = 0;
  VBoxDriver driver;

  explicit SimDriver(const std::string& settings = "{}")
      : sim(test::temp_dir() + "/vbox-driver-" + std::to_string(counter()++), settings),
        driver(
            *vbox_platform(core::HostOs::linux), "VBoxManage",
            [this](const std::string& text, const char*) {
              ++round_trips;
              return test::run_with_tools(text, sim.bin());
            },
            std::chrono::seconds(30)) {}
  static int& counter() {
    static int n = 0;
    return n;
  }
};

}  // namespace

TEST(VBoxDriver, ChainsRunInOneRoundTripAndStopAtTheFirstFailure) {
  SimDriver d;
  std::vector<VBoxChain> chains = {
      {change_call({"createvm", "--name", "a", "--register"}),
       change_call({"modifyvm", "a", "--memory", "256"})},
      {read_call({"showvminfo", "nosuch", "--machinereadable"}),
       change_call({"setextradata", "nosuch", "k", "v"})},
      {change_call({"createvm", "--name", "b", "--register"}),
       change_call({"modifyvm", "b", "--nic9", "intnet"}),  // exits 0, but says error
       change_call({"modifyvm", "b", "--memory", "64"})},
  };
  auto replies = d.driver.run(chains, "test");
  ASSERT_TRUE(replies) << replies.error().message;
  EXPECT_EQ(d.round_trips, 1);
  const VBoxPlatform& p = d.driver.platform();
  EXPECT_FALSE(failed((*replies)[0][1], p));
  EXPECT_TRUE(failed((*replies)[1][0], p));
  EXPECT_EQ(failure_text((*replies)[1][0], p),
            "Could not find a registered machine named 'nosuch'");
  EXPECT_FALSE((*replies)[1][1].ran) << "a chain stops at its first failure";
  EXPECT_EQ((*replies)[2][1].exit_status, 0);
  EXPECT_TRUE(failed((*replies)[2][1], p)) << "an error line fails a call that exited 0";
  EXPECT_EQ(failure_text((*replies)[2][1], p), "Invalid NIC number 9");
  EXPECT_TRUE((*replies)[2][2].ran) << "the chain went on: the exit status said 0";
  EXPECT_EQ(d.driver.calls(), 6u);
  EXPECT_EQ(d.driver.mutating_calls(), 5u);
}

TEST(VBoxDriver, LockErrorsAreTriedAgainFromTheCallThatMetThem) {
  SimDriver d;
  ASSERT_EQ(d.sim.vboxmanage({"createvm", "--name", "a", "--register"}).exit_status, 0);
  d.sim.configure(R"({"lock_errors": 2})");
  std::vector<VBoxChain> chains = {{read_call({"showvminfo", "a", "--machinereadable"}),
                                    change_call({"modifyvm", "a", "--memory", "300"}),
                                    change_call({"modifyvm", "a", "--cpus", "2"})}};
  auto replies = d.driver.run(chains, "test");
  ASSERT_TRUE(replies);
  EXPECT_EQ(d.round_trips, 3) << "two lock errors, then through";
  EXPECT_FALSE(failed((*replies)[0][2], d.driver.platform()));
  auto calls = test::mutating_calls(d.sim.calls());
  EXPECT_EQ(calls.back(), "modifyvm a --cpus 2");
  auto showvminfo = d.sim.vboxmanage({"showvminfo", "a", "--machinereadable"});
  EXPECT_NE(showvminfo.out.find("memory=300\n"), std::string::npos);
}

TEST(VBoxDriver, OnlyLockErrorsAreTriedAgainAndOnlySoOften) {
  SimDriver d;
  d.sim.vboxmanage({"createvm", "--name", "a", "--register"});
  d.sim.configure(R"({"lock_errors": 100})");
  auto replies = d.driver.run({{change_call({"modifyvm", "a", "--memory", "300"})},
                               {change_call({"modifyvm", "nosuch", "--memory", "1"})}},
                              "test");
  ASSERT_TRUE(replies);
  EXPECT_EQ(d.round_trips, VBoxDriver::k_tries);
  EXPECT_TRUE(lock_error((*replies)[0][0]));
  EXPECT_FALSE(lock_error((*replies)[1][0])) << "not found is not retried";
  std::size_t tries_of_nosuch = 0;
  for (const auto& c : d.sim.calls()) tries_of_nosuch += c.argv.size() > 1 && c.argv[1] == "nosuch";
  EXPECT_EQ(tries_of_nosuch, 1u);
}

TEST(VBoxPlatform, OnWindowsAnErrorLineFailsACallAndAWarningDoesNot) {
  const VBoxPlatform& windows = *vbox_platform(core::HostOs::windows);
  EXPECT_EQ(windows.default_vboxmanage, "C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe");
  EXPECT_EQ(windows.dialect->name(), "cmd");
  VBoxReply warned{true, 0, "", "VBoxManage.exe: warning: The host adapter is down\n", ""};
  EXPECT_FALSE(failed(warned, windows));
  VBoxReply erred{true, 0, "", "VBoxManage.exe: error: Invalid NIC number 9\n", ""};
  EXPECT_TRUE(failed(erred, windows)) << "whatever the exit status";
  EXPECT_EQ(failure_text(erred, windows), "Invalid NIC number 9");
  ShellCommand call =
      windows.command(windows.default_vboxmanage, {"list", "vms"}, std::chrono::seconds(30));
  EXPECT_EQ(call.argv, (std::vector<std::string>{windows.default_vboxmanage, "list", "vms"}))
      << "no timeout(1) on Windows: the round trip's deadline bounds the call";
  EXPECT_EQ(windows.host_path("C:\\Users\\Jane Doe", "AppData/Local/dcod/ova/x.ova"),
            "C:\\Users\\Jane Doe\\AppData\\Local\\dcod\\ova\\x.ova");
  const VBoxPlatform& linux_host = *vbox_platform(core::HostOs::linux);
  EXPECT_EQ(linux_host.host_path("", ".cache/dcod/ova/x.ova"), ".cache/dcod/ova/x.ova");
}

}  // namespace dcod::plugins
