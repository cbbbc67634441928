// Faults at every step: a --create or --destroy of a routed multi-host scenario cut by SIGKILL
// right after its N-th action, for every N from 1 to its last; after each cut the next --create
// builds exactly what an uncut run builds, and --destroy leaves nothing. The cuts come from the
// test build of dcod (tests/backends/faults), which carries out one action at a time.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "desk_lab.h"
#include "routed_scenario.h"

namespace dcod::test {

namespace {

constexpr int k_killed = 128 + 9;

/// A run of the test build cut by SIGKILL right after its n-th action.
CommandResult cut_after(const DeskLab& lab, const std::string& mode, std::size_t n) {
  return lab.dcod_with_faults({mode}, {"DCOD_TEST_CUT_AFTER=" + std::to_string(n)});
}

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
    CommandResult cut = cut_after(lab, "--create", n);
    ASSERT_EQ(cut.exit_status, k_killed) << cut.out << cut.err;  // the last action too
    CommandResult finish = lab.dcod({"--create"});
    ASSERT_EQ(finish.exit_status, 0) << finish.out << finish.err;
    Built now = built(lab);
    EXPECT_EQ(now.shape, uncut.shape);
    EXPECT_EQ(now.status, uncut.status);
    EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
    ASSERT_EQ(lab.dcod({"--destroy"}).exit_status, 0);
    expect_nothing_left(lab);
  }
  CommandResult beyond = cut_after(lab, "--create", total + 1);
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
    CommandResult cut = cut_after(lab, "--destroy", n);
    if (cut.exit_status != k_killed) {
      ASSERT_EQ(cut.exit_status, 0) << cut.out << cut.err;
      total = n - 1;  // it had fewer actions than n: the sweep is done
      expect_nothing_left(lab);
      break;
    }
    CommandResult rebuild = lab.dcod({"--create"});
    ASSERT_EQ(rebuild.exit_status, 0) << rebuild.out << rebuild.err;
    EXPECT_EQ(built(lab).shape, uncut.shape) << "a half-destroyed lab is rebuilt as it was";
    CommandResult cut_again = cut_after(lab, "--destroy", n);
    ASSERT_EQ(cut_again.exit_status, k_killed);
    CommandResult finish = lab.dcod({"--destroy"});
    ASSERT_EQ(finish.exit_status, 0) << finish.out << finish.err;
    expect_nothing_left(lab);
    ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  }
  EXPECT_GT(total, 3u) << "the destroy was cut at every one of its actions";
}

TEST(DeskLabFault, AHostThatDisappearsMidApplyFailsAloneAndTheNextRunRebuildsIt) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_routed);
  // hv2, the router's host, vanishes with its VM right after r1 is made.
  const std::string vanish = "for ns in " + lab.host_ns("hv2") + " " + lab.vm_ns("r1") +
                             "; do ip netns pids $ns | xargs -r kill -9; ip netns del $ns; done";
  CommandResult run = lab.dcod_with_faults(
      {"--create"}, {"DCOD_TEST_AFTER_ACTION=hv2: vm r1", "DCOD_TEST_THEN_RUN=" + vanish});
  EXPECT_EQ(run.exit_status, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("host hv2 went away during the run (its namespace " + lab.host_ns("hv2") +
                         " is gone)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("run the same command again"), std::string::npos)
      << "the next run mends it, and the summary says so:\n"
      << run.out;
  std::string failures = run.out.substr(run.out.find("FAILED: "));
  std::istringstream lines(failures);
  std::getline(lines, failures);  // the count line
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  ", 0) == 0 && line.rfind("    ", 0) != 0)
      EXPECT_EQ(line.rfind("  hv2: ", 0), 0u) << "only hv2 failed:\n" << run.out;
  }
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.out.find("\nhv1"), std::string::npos) << "hv1 converged:\n" << plan.out;
  EXPECT_EQ(plan.out.find("\nhv3"), std::string::npos) << "hv3 converged:\n" << plan.out;
  CommandResult again = lab.dcod({"--create"});
  ASSERT_EQ(again.exit_status, 0) << again.out << again.err;
  EXPECT_TRUE(lab.ping("a1", "10.2.0.1")) << "through r1 on the rebuilt hv2";
  EXPECT_TRUE(lab.ping("a1", "10.99.0.1")) << "r1 booted";
  EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0);
}

}  // namespace dcod::test

namespace dcod::test {

// `ip netns add` makes the file under /run/netns first and binds the namespace onto it after: a
// run killed in between leaves its script going on alone, and the next run may look just then.
// A file that is not a namespace yet is one still to make, not a host that cannot be observed.
TEST(DeskLabFault, ANamespaceFileNotYetANamespaceIsOneStillToMake) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_routed);
  const std::string half_made = "/run/netns/" + lab.host_ns("hv2");
  ASSERT_EQ(DeskLab::sh("touch " + half_made).exit_status, 0);
  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("\nhv2:\n  + host hv2 (underlay "), std::string::npos) << plan.out;
  EXPECT_EQ(plan.err.find("cannot be observed"), std::string::npos) << plan.err;
  DeskLab::sh("rm -f " + half_made);
}

}  // namespace dcod::test
