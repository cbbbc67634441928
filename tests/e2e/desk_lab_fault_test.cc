// Faults at every step: a --create or --destroy of a routed multi-host scenario cut by SIGKILL
// right after its N-th action, for every N from 1 to its last; after each cut the next --create
// builds exactly what an uncut run builds, and --destroy leaves nothing. The cuts come from the
// test build of dcod (tests/backends/cut), which carries out one action at a time.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "desk_lab.h"
#include "routed_scenario.h"

namespace dcod::test {

namespace {

const std::string k_routed = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/><host name="hv3"/>
)" + k_routed_nets_and_vms;

constexpr int k_killed = 128 + 9;

/// What a built lab is, as the kernel holds it and as dcod observes it.
struct Built {
  std::string shape;
  std::string status;
};

Built built(const DeskLab& lab) {
  return {lab.shape(), lab.dcod({"--status", "--format", "json"}).out};
}

/// The number of actions `--plan` says the next run takes.
std::size_t planned_actions(const DeskLab& lab) {
  std::string counts = plan_counts(lab.dcod({"--plan"}));
  std::size_t create = 0, change = 0, remove = 0;
  std::sscanf(counts.c_str(), "Plan: %zu to create, %zu to change, %zu to delete", &create, &change,
              &remove);
  return create + change + remove;
}

/// Every namespace of the lab is gone, and so is its state record.
void expect_nothing_left(const DeskLab& lab) {
  EXPECT_TRUE(lab.namespaces().empty()) << ::testing::PrintToString(lab.namespaces());
  EXPECT_FALSE(std::filesystem::exists(lab.file() + ".state/state.json"));
}

}  // namespace

TEST(DeskLabFault, ACreateCutAfterAnyActionIsFinishedByTheNextToTheSameBuild) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_routed);
  const std::size_t total = planned_actions(lab);
  ASSERT_GT(total, 10u);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  const Built uncut = built(lab);
  ASSERT_EQ(lab.dcod({"--destroy"}).exit_status, 0);
  for (std::size_t n = 1; n <= total; ++n) {
    SCOPED_TRACE("--create cut after action " + std::to_string(n) + " of " + std::to_string(total));
    CommandResult cut = lab.dcod_cut_after({"--create"}, n);
    ASSERT_EQ(cut.exit_status, n < total ? k_killed : cut.exit_status) << cut.out << cut.err;
    CommandResult finish = lab.dcod({"--create"});
    ASSERT_EQ(finish.exit_status, 0) << finish.out << finish.err;
    Built now = built(lab);
    EXPECT_EQ(now.shape, uncut.shape);
    EXPECT_EQ(now.status, uncut.status);
    EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
    ASSERT_EQ(lab.dcod({"--destroy"}).exit_status, 0);
    expect_nothing_left(lab);
  }
  CommandResult beyond = lab.dcod_cut_after({"--create"}, total + 1);
  EXPECT_EQ(beyond.exit_status, 0) << "the plan had " << total << " actions:\n" << beyond.out;
  EXPECT_TRUE(lab.ping("a1", "10.2.0.1")) << "through the router r1";
}

TEST(DeskLabFault, ADestroyCutAfterAnyActionIsFinishedByTheNext) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_routed);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  const Built uncut = built(lab);
  std::size_t total = 0;
  for (std::size_t n = 1; total == 0 || n <= total; ++n) {
    SCOPED_TRACE("--destroy cut after action " + std::to_string(n));
    CommandResult cut = lab.dcod_cut_after({"--destroy"}, n);
    if (cut.exit_status != k_killed) {
      ASSERT_EQ(cut.exit_status, 0) << cut.out << cut.err;
      total = n - 1;  // it had fewer actions than n: the sweep is done
      expect_nothing_left(lab);
      break;
    }
    CommandResult rebuild = lab.dcod({"--create"});
    ASSERT_EQ(rebuild.exit_status, 0) << rebuild.out << rebuild.err;
    EXPECT_EQ(built(lab).shape, uncut.shape) << "a half-destroyed lab is rebuilt as it was";
    CommandResult cut_again = lab.dcod_cut_after({"--destroy"}, n);
    ASSERT_EQ(cut_again.exit_status, k_killed);
    CommandResult finish = lab.dcod({"--destroy"});
    ASSERT_EQ(finish.exit_status, 0) << finish.out << finish.err;
    expect_nothing_left(lab);
    ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  }
  EXPECT_GT(total, 3u) << "the destroy was cut at every one of its actions";
}

}  // namespace dcod::test
