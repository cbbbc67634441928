#include "apply/executor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <stdexcept>

#include "util/threads.h"

namespace dcod::core {

namespace {

/// Records what it ran, round by round; fails the actions whose summary is in `fail`.
class FakeRunner : public ActionRunner {
 public:
  std::vector<ActionResult> run(const Plan& plan, std::uint32_t host,
                                const std::vector<std::size_t>& batch) override {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<ActionResult> out;
    for (std::size_t i : batch) {
      EXPECT_EQ(plan.actions[i].host, host);
      ran.push_back(i);
      bool bad = fail.count(plan.actions[i].summary) > 0;
      out.push_back({!bad, bad ? "exit status 1: boom" : ""});
    }
    ++batches;
    return out;
  }
  std::mutex mutex;
  std::vector<std::size_t> ran;
  std::set<std::string> fail;
  int batches = 0;
};

class QuietStatus : public Status {
 public:
  void action_finished(const Plan&, std::size_t, const ActionResult&, std::size_t finished,
                       std::size_t total) override {
    last = finished;
    EXPECT_LE(finished, total);
  }
  void note(const std::string&) override {}
  void summary(const Plan&, const ApplyReport&) override {}
  std::size_t last = 0;
};

/// h0: bridge <- vxlan <- flood; h1: bridge <- vxlan; director: underlay, which h1's bridge needs.
Plan sample_plan() {
  Plan p;
  p.host_names = {"h0", "h1", "director"};
  auto add = [&](std::uint32_t host, ActionOp op, std::string summary,
                 std::vector<std::size_t> deps) {
    Action a;
    a.host = host;
    a.op = op;
    a.summary = std::move(summary);
    a.deps = std::move(deps);
    p.actions.push_back(a);
  };
  add(2, ActionOp::create, "underlay", {});    // 0
  add(0, ActionOp::create, "bridge h0", {});   // 1
  add(0, ActionOp::change, "vxlan h0", {1});   // 2
  add(0, ActionOp::create, "flood h0", {2});   // 3
  add(1, ActionOp::create, "bridge h1", {0});  // 4
  add(1, ActionOp::remove, "vxlan h1", {4});   // 5
  return p;
}

}  // namespace

TEST(Executor, RunsEveryActionOnceAfterItsDependencies) {
  Plan plan = sample_plan();
  FakeRunner runner;
  QuietStatus status;
  ApplyReport r = execute(plan, runner, status, 0);
  ASSERT_EQ(runner.ran.size(), plan.actions.size());
  std::vector<std::size_t> position(plan.actions.size());
  for (std::size_t k = 0; k < runner.ran.size(); ++k) position[runner.ran[k]] = k;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    for (std::size_t d : plan.actions[i].deps) EXPECT_LT(position[d], position[i]);
  }
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.created, 4u);
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(r.deleted, 1u);
  EXPECT_EQ(status.last, plan.actions.size());
  // One batch per step of each host's chain: underlay; bridge, vxlan, flood h0; bridge, vxlan h1.
  EXPECT_EQ(runner.batches, 6);
}

TEST(Executor, AFailureSkipsOnlyWhatDependsOnIt) {
  Plan plan = sample_plan();
  FakeRunner runner;
  runner.fail = {"vxlan h0"};
  QuietStatus status;
  ApplyReport r = execute(plan, runner, status, 0);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.skipped, 1u);  // flood h0
  EXPECT_FALSE(r.attempted[3]);
  EXPECT_NE(r.results[3].error.find("skipped"), std::string::npos);
  EXPECT_TRUE(r.results[5].ok) << "the other host still converges";
  EXPECT_EQ(r.results[2].error, "exit status 1: boom");
}

TEST(Executor, AFailureSkipsWhatDependsOnItTransitively) {
  Plan plan = sample_plan();
  FakeRunner runner;
  runner.fail = {"underlay"};
  QuietStatus status;
  ApplyReport r = execute(plan, runner, status, 0);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_EQ(r.skipped, 2u);  // bridge h1, and vxlan h1 through it
  EXPECT_FALSE(r.attempted[4]);
  EXPECT_FALSE(r.attempted[5]);
  EXPECT_NE(r.results[5].error.find("skipped"), std::string::npos);
  EXPECT_TRUE(r.results[3].ok) << "h0 depends on nothing that failed";
  EXPECT_EQ(status.last, 4u) << "skipped actions are not reported as finished";
}

namespace {

/// Holds h0's first batch until h1 has finished its whole chain (or a generous bound passes).
class SlowFirstHost : public FakeRunner {
 public:
  std::vector<ActionResult> run(const Plan& plan, std::uint32_t host,
                                const std::vector<std::size_t>& batch) override {
    if (host == 0 && !h0_started) {
      h0_started = true;
      std::unique_lock<std::mutex> lock(gate_mutex);
      released_by_h1 =
          gate.wait_for(lock, std::chrono::seconds(10), [&] { return h1_batches == 2; });
    }
    auto out = FakeRunner::run(plan, host, batch);
    if (host == 1) {
      std::lock_guard<std::mutex> lock(gate_mutex);
      ++h1_batches;
      gate.notify_all();
    }
    return out;
  }
  std::mutex gate_mutex;
  std::condition_variable gate;
  int h1_batches = 0;
  bool h0_started = false;  // only h0's thread reads or writes it
  bool released_by_h1 = false;
};

}  // namespace

TEST(Executor, ASlowHostNeverHoldsBackAnotherHostsChain) {
  Plan plan = sample_plan();
  SlowFirstHost runner;
  QuietStatus status;
  EXPECT_TRUE(execute(plan, runner, status, 0).ok());
  EXPECT_TRUE(runner.released_by_h1)
      << "h1 finished its two dependent batches while h0's first batch was still running";
}

TEST(Executor, OneJobAtATimeStillFinishes) {
  Plan plan = sample_plan();
  FakeRunner runner;
  QuietStatus status;
  EXPECT_TRUE(execute(plan, runner, status, 1).ok());
  EXPECT_EQ(runner.ran.size(), plan.actions.size());
}

TEST(Executor, AnEmptyPlanDoesNothing) {
  Plan plan;
  plan.host_names = {"director"};
  FakeRunner runner;
  QuietStatus status;
  ApplyReport r = execute(plan, runner, status, 0);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(runner.batches, 0);
}

namespace {

/// Throws on h0's vxlan, as a backend with a bug would.
class ThrowingRunner : public FakeRunner {
 public:
  std::vector<ActionResult> run(const Plan& plan, std::uint32_t host,
                                const std::vector<std::size_t>& batch) override {
    for (std::size_t i : batch) {
      if (plan.actions[i].summary == "vxlan h0") throw std::runtime_error("a bug in a backend");
    }
    return FakeRunner::run(plan, host, batch);
  }
};

/// Says h1's end point is not known yet: the action waits for it.
Plan plan_waiting_for_an_end_point() {
  Plan plan = sample_plan();
  plan.actions[5].waits_for = "h1";
  return plan;
}

}  // namespace

TEST(Executor, ARunnerThatThrowsFailsItsBatchAndTheOthersFinish) {
  Plan plan = sample_plan();
  ThrowingRunner runner;
  QuietStatus status;
  ApplyReport r = execute(plan, runner, status, 0);
  EXPECT_EQ(r.failed, 1u);
  EXPECT_NE(r.results[2].error.find("internal error: a bug in a backend"), std::string::npos)
      << r.results[2].error;
  EXPECT_FALSE(r.attempted[3]) << "what depends on it is skipped";
  EXPECT_TRUE(r.results[5].ok) << "the other host finished";
}

TEST(Executor, AnActionWaitingForAnUnknownEndPointFailsWithoutRunning) {
  Plan plan = plan_waiting_for_an_end_point();
  FakeRunner runner;
  QuietStatus status;
  ApplyReport r = execute(plan, runner, status, 0);
  EXPECT_FALSE(r.results[5].ok);
  EXPECT_EQ(r.results[5].error,
            "the tunnel end point of h1 is not known: it is known once its proxy runs");
  EXPECT_EQ(std::count(runner.ran.begin(), runner.ran.end(), 5u), 0) << "never handed to a runner";
  EXPECT_TRUE(r.results[4].ok);
}

TEST(Executor, EveryActionRunsWhenTheSystemRefusesEveryThread) {
  Plan plan = sample_plan();
  FakeRunner runner;
  QuietStatus status;
  refuse_thread_starts_for_tests(1000);
  ApplyReport r = execute(plan, runner, status, 0);
  refuse_thread_starts_for_tests(0);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(runner.ran.size(), plan.actions.size()) << "each batch ran on the caller's thread";
  EXPECT_EQ(status.last, plan.actions.size());
}

TEST(Executor, ARefusedThreadLeavesItsHostForLaterAndTheRunFinishes) {
  for (int after = 1; after <= 4; ++after) {
    Plan plan = sample_plan();
    FakeRunner runner;
    runner.fail = {"vxlan h0"};
    QuietStatus status;
    refuse_thread_starts_for_tests(1, after);
    ApplyReport r = execute(plan, runner, status, 0);
    refuse_thread_starts_for_tests(0);
    EXPECT_EQ(r.failed, 1u) << "refused after " << after;
    EXPECT_EQ(r.skipped, 1u) << "refused after " << after;
    EXPECT_TRUE(r.results[5].ok) << "refused after " << after;
    EXPECT_EQ(runner.ran.size(), plan.actions.size() - 1) << "refused after " << after;
  }
}

TEST(StatusPrinter, PlainLinesFailuresAndSummary) {
  Plan plan = sample_plan();
  FakeRunner runner;
  runner.fail = {"flood h0"};
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  StatusPrinter printer(out, false);
  ApplyReport r = execute(plan, runner, printer, 0);
  r.hosts = 2;
  r.duration = std::chrono::milliseconds(1400);
  printer.summary(plan, r);
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  EXPECT_NE(text.find("] director: create underlay\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h0: create flood h0 FAILED\nexit status 1: boom\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("created 3, changed 1, deleted 1 on 2 hosts and the director in 1.4 s\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("FAILED: 1 action failed, 0 skipped\n  h0: create flood h0\n"),
            std::string::npos)
      << text;
}

TEST(StatusPrinter, ATerminalRedrawsItsLineAtMostSoOftenAndShowsTheLastAction) {
  Plan plan;
  plan.host_names = {"h0", "director"};
  for (int i = 0; i < 1000; ++i) {
    Action a;
    a.summary = "flood " + std::to_string(i);
    plan.actions.push_back(a);
  }
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  StatusPrinter printer(out, true);
  for (std::size_t i = 0; i < plan.actions.size(); ++i)
    printer.action_finished(plan, i, {true, ""}, i + 1, plan.actions.size());
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  EXPECT_LT(std::count(text.begin(), text.end(), '\r'), 100) << "a thousand at once";
  EXPECT_NE(text.find("[1000/1000] h0: create flood 999"), std::string::npos) << text;
}

TEST(StatusPrinter, QuietPrintsFailuresOnlyAndASummaryOnlyWithThem) {
  for (bool failing : {false, true}) {
    Plan plan = sample_plan();
    FakeRunner runner;
    if (failing) runner.fail = {"flood h0"};
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    StatusPrinter printer(out, false, true);
    ApplyReport r = execute(plan, runner, printer, 0);
    r.hosts = 2;
    printer.summary(plan, r);
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    if (!failing) {
      EXPECT_EQ(text, "") << "a run that went well says nothing under -q";
      continue;
    }
    EXPECT_EQ(text.find("] director: create underlay"), std::string::npos) << text;
    EXPECT_EQ(text.rfind("[", 0), 0u) << text;
    EXPECT_NE(text.find("h0: create flood h0 FAILED\nexit status 1: boom\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("FAILED: 1 action failed"), std::string::npos) << text;
  }
}

TEST(StatusPrinter, TheSummarySaysOnlyWhatHappenedAndWhere) {
  Plan plan = sample_plan();
  ApplyReport r;
  r.results.assign(plan.actions.size(), ActionResult{true, ""});
  r.attempted.assign(plan.actions.size(), false);
  r.hosts = 3;
  EXPECT_EQ(done_line(plan, r), "nothing to change on 3 hosts in 0.0 s");
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (plan.host_names[plan.actions[i].host] == "director") r.attempted[i] = true;
  }
  r.deleted = 10;
  EXPECT_EQ(done_line(plan, r), "deleted 10 on the director in 0.0 s");
  r.attempted.assign(plan.actions.size(), true);
  r.created = 1;
  r.deleted = 0;
  EXPECT_EQ(done_line(plan, r), "created 1 on 2 hosts and the director in 0.0 s");
}

}  // namespace dcod::core
