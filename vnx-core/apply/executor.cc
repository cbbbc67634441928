#include "apply/executor.h"

#include <algorithm>
#include <map>
#include <thread>

#include "util/parallel.h"

namespace dcod::core {

namespace {

enum class State { pending, done, failed, skipped };

class Execution {
 public:
  Execution(const Plan& plan, ActionRunner& runner, Status& status, unsigned jobs)
      : m_plan(plan),
        m_runner(runner),
        m_status(status),
        m_jobs(jobs),
        m_state(plan.actions.size(), State::pending) {
    m_report.results.resize(plan.actions.size());
    m_report.attempted.assign(plan.actions.size(), false);
  }

  ApplyReport run() {
    auto start = std::chrono::steady_clock::now();
    // Step 1: rounds until nothing is pending.
    for (auto batches = next_round(); !batches.empty(); batches = next_round()) run_round(batches);
    // Step 2: count.
    for (std::size_t i = 0; i < m_plan.actions.size(); ++i) count(i);
    m_report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    return m_report;
  }

 private:
  /// Per host, the pending actions whose dependencies all succeeded; skips those whose
  /// dependencies failed (repeatedly, so that skips propagate down the chain).
  std::map<std::uint32_t, std::vector<std::size_t>> next_round() {
    std::map<std::uint32_t, std::vector<std::size_t>> batches;
    for (std::size_t i = 0; i < m_plan.actions.size(); ++i) {
      if (m_state[i] != State::pending) continue;
      const auto& deps = m_plan.actions[i].deps;
      bool blocked = std::any_of(deps.begin(), deps.end(), [&](std::size_t d) {
        return m_state[d] == State::failed || m_state[d] == State::skipped;
      });
      if (blocked) {
        m_state[i] = State::skipped;
        m_report.results[i].error = "skipped: an action it depends on failed";
        continue;
      }
      bool ready = std::all_of(deps.begin(), deps.end(),
                               [&](std::size_t d) { return m_state[d] == State::done; });
      if (ready) batches[m_plan.actions[i].host].push_back(i);
    }
    return batches;
  }

  void run_round(const std::map<std::uint32_t, std::vector<std::size_t>>& batches) {
    std::vector<std::pair<std::uint32_t, std::vector<std::size_t>>> work(batches.begin(),
                                                                         batches.end());
    std::vector<std::vector<ActionResult>> results(work.size());
    parallel_for(work.size(), parallel_width(m_jobs, work.size()), [&](std::size_t k) {
      results[k] = m_runner.run(m_plan, work[k].first, work[k].second);
    });
    for (std::size_t k = 0; k < work.size(); ++k) record(work[k].second, results[k]);
  }

  void record(const std::vector<std::size_t>& batch, std::vector<ActionResult>& results) {
    results.resize(batch.size(), ActionResult{false, "the runner gave no result"});
    for (std::size_t k = 0; k < batch.size(); ++k) {
      std::size_t i = batch[k];
      m_state[i] = results[k].ok ? State::done : State::failed;
      m_report.results[i] = results[k];
      m_report.attempted[i] = true;
      m_status.action_finished(m_plan, i, results[k], ++m_finished, m_plan.actions.size());
    }
  }

  void count(std::size_t i) {
    switch (m_state[i]) {
      case State::done:
        if (m_plan.actions[i].op == ActionOp::create) ++m_report.created;
        if (m_plan.actions[i].op == ActionOp::change) ++m_report.changed;
        if (m_plan.actions[i].op == ActionOp::remove) ++m_report.deleted;
        break;
      case State::failed:
        ++m_report.failed;
        break;
      case State::skipped:
        ++m_report.skipped;
        break;
      case State::pending:
        break;
    }
  }

  const Plan& m_plan;
  ActionRunner& m_runner;
  Status& m_status;
  unsigned m_jobs;
  std::vector<State> m_state;
  ApplyReport m_report;
  std::size_t m_finished = 0;
};

}  // namespace

ApplyReport execute(const Plan& plan, ActionRunner& runner, Status& status, unsigned jobs) {
  return Execution(plan, runner, status, jobs).run();
}

}  // namespace dcod::core
