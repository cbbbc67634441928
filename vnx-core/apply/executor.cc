#include "apply/executor.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "util/parallel.h"
#include "util/threads.h"

namespace dcod::core {

namespace {

enum class State { pending, running, done, failed, skipped };

/// One host's batch that a worker thread has finished.
struct Finished {
  std::uint32_t host = 0;
  std::vector<std::size_t> batch;
  std::vector<ActionResult> results;
};

class Execution {
 public:
  Execution(const Plan& plan, ActionRunner& runner, Status& status, unsigned jobs)
      : m_plan(plan),
        m_runner(runner),
        m_status(status),
        m_width(parallel_width(jobs, plan.host_names.size())),
        m_state(plan.actions.size(), State::pending),
        m_unmet(plan.actions.size(), 0),
        m_dependents(plan.actions.size()) {
    m_report.results.resize(plan.actions.size());
    m_report.attempted.assign(plan.actions.size(), false);
    for (std::size_t i = 0; i < plan.actions.size(); ++i) {
      m_unmet[i] = plan.actions[i].deps.size();
      for (std::size_t d : plan.actions[i].deps) m_dependents[d].push_back(i);
    }
  }

  /// Joins what still runs when run() is left by an exception, so that no thread outlives this.
  ~Execution() {
    for (auto& entry : m_workers) {
      if (entry.second.joinable()) entry.second.join();
    }
  }

  ApplyReport run() {
    auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(m_mutex);
    start_lanes();
    // Step 1: every idle host starts on what it can do; each finished batch lets its host (and
    // the hosts that wait for it) go on at once: no host waits for another's unrelated work.
    for (dispatch(lock); !m_workers.empty() || !m_finished.empty(); dispatch(lock)) {
      m_wake.wait(lock, [&] { return !m_finished.empty(); });
      while (!m_finished.empty()) collect(lock);
    }
    // Step 2: count.
    for (std::size_t i = 0; i < m_plan.actions.size(); ++i) count(i);
    m_report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    return m_report;
  }

 private:
  /// Fails what waits for an end point not known (skipping what depends on it) and makes ready
  /// what depends on nothing. From then on an action is made ready when its last dependency
  /// succeeds, so that no step rereads the whole plan (ninja's edge counts).
  void start_lanes() {
    for (std::size_t i = 0; i < m_plan.actions.size(); ++i) {
      if (m_state[i] == State::pending && !m_plan.actions[i].waits_for.empty())
        fail_unknown_endpoint(i);
    }
    for (std::size_t i = 0; i < m_plan.actions.size(); ++i) {
      if (m_state[i] == State::pending && m_unmet[i] == 0) make_ready(i);
    }
  }

  void make_ready(std::size_t i) { m_ready[m_plan.actions[i].host].push_back(i); }

  /// Starts a worker for every idle host with ready actions, while fewer than `width` run. When
  /// the system refuses a thread, the hosts that run go on; if none runs, one batch runs on this
  /// thread, so the run always advances.
  void dispatch(std::unique_lock<std::mutex>& lock) {
    for (auto lane = m_ready.begin(); lane != m_ready.end() && m_workers.size() < m_width;) {
      if (m_workers.count(lane->first)) {
        ++lane;
        continue;
      }
      std::uint32_t host = lane->first;
      std::vector<std::size_t> batch = std::move(lane->second);
      std::sort(batch.begin(), batch.end());  // the plan's order within the host
      lane = m_ready.erase(lane);
      if (start_worker(host, batch)) continue;
      if (m_workers.empty()) {
        run_here(lock, host, batch);
      } else {
        m_ready[host] = std::move(batch);  // again once a running host is done
      }
      break;
    }
  }

  /// Starts a thread for one host's batch; false when the system refuses one.
  bool start_worker(std::uint32_t host, const std::vector<std::size_t>& batch) {
    std::thread& slot = m_workers[host];  // allocated before a thread exists to lose
    std::optional<std::thread> worker =
        try_start_thread([this, h = host, b = batch] { work(h, b); });
    if (!worker) {
      m_workers.erase(host);
      return false;
    }
    for (std::size_t i : batch) m_state[i] = State::running;
    slot = std::move(*worker);
    return true;
  }

  /// Runs one host's batch on this thread, outside the lock, as a worker would.
  void run_here(std::unique_lock<std::mutex>& lock, std::uint32_t host,
                const std::vector<std::size_t>& batch) {
    for (std::size_t i : batch) m_state[i] = State::running;
    lock.unlock();
    work(host, batch);
    lock.lock();
  }

  /// A worker: runs one host's batch outside the lock and hands the results back. A runner that
  /// throws fails this batch only: the host's other work and every other host go on.
  void work(std::uint32_t host, std::vector<std::size_t> batch) {
    std::vector<ActionResult> results;
    try {
      results = m_runner.run(m_plan, host, batch);
    } catch (...) {
      results.assign(batch.size(), {false, "internal error: " + current_exception_text()});
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_finished.push_back({host, std::move(batch), std::move(results)});
    m_wake.notify_one();
  }

  /// Records the oldest finished batch and retires its worker (none for a batch run here).
  void collect(std::unique_lock<std::mutex>& lock) {
    Finished done = std::move(m_finished.front());
    m_finished.pop_front();
    auto worker = m_workers.find(done.host);
    if (worker != m_workers.end()) {
      std::thread finished = std::move(worker->second);
      m_workers.erase(worker);
      lock.unlock();
      finished.join();  // it has only the return left to do
      lock.lock();
    }
    record(done.batch, done.results);
  }

  void fail_unknown_endpoint(std::size_t i) {
    ActionResult r{false,
                   "the tunnel end point of " + m_plan.actions[i].waits_for +
                       " is not known: it is known once its proxy runs",
                   true};  // the next run may know it
    std::vector<ActionResult> results{r};
    record({i}, results);
  }

  void record(const std::vector<std::size_t>& batch, std::vector<ActionResult>& results) {
    results.resize(batch.size(), ActionResult{false, "the runner gave no result"});
    for (std::size_t k = 0; k < batch.size(); ++k) {
      std::size_t i = batch[k];
      m_state[i] = results[k].ok ? State::done : State::failed;
      m_report.results[i] = results[k];
      m_report.attempted[i] = true;
      m_status.action_finished(m_plan, i, results[k], ++m_finished_count, m_plan.actions.size());
      if (results[k].ok) {
        release_dependents(i);
      } else {
        skip_dependents(i);
      }
    }
  }

  /// Counts a success against what depends on it; what has no dependency left is ready.
  void release_dependents(std::size_t i) {
    for (std::size_t j : m_dependents[i]) {
      if (--m_unmet[j] == 0 && m_state[j] == State::pending) make_ready(j);
    }
  }

  /// Skips, transitively, everything still pending that depends on a failed action.
  void skip_dependents(std::size_t failed) {
    std::vector<std::size_t> todo{failed};
    while (!todo.empty()) {
      std::size_t i = todo.back();
      todo.pop_back();
      for (std::size_t j : m_dependents[i]) {
        if (m_state[j] != State::pending) continue;
        m_state[j] = State::skipped;
        m_report.results[j].error = "skipped: an action it depends on failed";
        todo.push_back(j);
      }
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
      case State::running:
        break;
    }
  }

  const Plan& m_plan;
  ActionRunner& m_runner;
  Status& m_status;
  std::size_t m_width;
  std::vector<State> m_state;
  std::vector<std::size_t> m_unmet;                           // dependencies not yet succeeded
  std::vector<std::vector<std::size_t>> m_dependents;         // what waits for each action
  std::map<std::uint32_t, std::vector<std::size_t>> m_ready;  // per host, deps all done
  ApplyReport m_report;
  std::size_t m_finished_count = 0;
  std::mutex m_mutex;  // guards everything below and m_state/m_report against the workers
  std::condition_variable m_wake;
  std::map<std::uint32_t, std::thread> m_workers;  // at most one batch per host at a time
  std::deque<Finished> m_finished;
};

}  // namespace

ApplyReport execute(const Plan& plan, ActionRunner& runner, Status& status, unsigned jobs) {
  return Execution(plan, runner, status, jobs).run();
}

}  // namespace dcod::core
