#include "faults/fault_hooks.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace dcod::test {

namespace {

std::atomic<std::size_t> g_carried_out{0};  // actions of this run, every host's together
std::once_flag g_then_ran;

/// Strikes after action `i` of `plan` if a hook names it.
void after(const core::Plan& plan, std::size_t i, const FaultHooks& hooks) {
  if (++g_carried_out == hooks.cut_after) ::raise(SIGKILL);
  const core::Action& a = plan.actions[i];
  if (hooks.then_run.empty() || plan.host_names[a.host] + ": " + a.summary != hooks.after_action)
    return;
  std::call_once(g_then_ran, [&] {
    if (std::system(hooks.then_run.c_str()) != 0) std::abort();  // the test's own mistake
  });
}

/// Runs a batch one action at a time through `run_one`, each followed by the hooks.
template <typename RunOne>
std::vector<core::ActionResult> one_by_one(const core::Plan& plan,
                                           const std::vector<std::size_t>& batch,
                                           const FaultHooks& hooks, RunOne run_one) {
  std::vector<core::ActionResult> results;
  for (std::size_t i : batch) {
    std::vector<core::ActionResult> one = run_one(std::vector<std::size_t>{i});
    results.push_back(one.empty() ? core::ActionResult{false, "no result"} : one.front());
    after(plan, i, hooks);
  }
  return results;
}

class FaultyHost : public core::HostBackend {
 public:
  FaultyHost(std::unique_ptr<core::HostBackend> inner, const FaultHooks& hooks)
      : m_inner(std::move(inner)), m_hooks(hooks) {}
  Expected<core::Endpoint> endpoint() override { return m_inner->endpoint(); }
  Expected<core::Endpoint> bring_up_endpoint() override { return m_inner->bring_up_endpoint(); }
  std::optional<Error> check(const core::DesiredHost& want) const override {
    return m_inner->check(want);
  }
  core::ObservedHost observe(const core::DesiredHost& want) override {
    return m_inner->observe(want);
  }
  std::vector<core::ActionResult> run(const core::Plan& plan,
                                      const std::vector<std::size_t>& batch) override {
    return one_by_one(plan, batch, m_hooks,
                      [&](const std::vector<std::size_t>& one) { return m_inner->run(plan, one); });
  }
  Expected<std::vector<core::CommandOutcome>> run_in_vm(
      const std::string& vm, const std::vector<core::VmCommand>& commands, bool attach) override {
    return m_inner->run_in_vm(vm, commands, attach);
  }
  std::size_t round_trips() const override { return m_inner->round_trips(); }

 private:
  std::unique_ptr<core::HostBackend> m_inner;
  FaultHooks m_hooks;
};

class FaultySite : public core::SiteBackend {
 public:
  FaultySite(std::unique_ptr<core::SiteBackend> inner, const FaultHooks& hooks)
      : m_inner(std::move(inner)), m_hooks(hooks) {}
  core::ObservedSite observe(const core::DesiredState& want) override {
    return m_inner->observe(want);
  }
  std::vector<core::ActionResult> run(const core::Plan& plan,
                                      const std::vector<std::size_t>& batch) override {
    return one_by_one(plan, batch, m_hooks,
                      [&](const std::vector<std::size_t>& one) { return m_inner->run(plan, one); });
  }
  std::map<std::string, std::string> other_scenarios() const override {
    return m_inner->other_scenarios();
  }

 private:
  std::unique_ptr<core::SiteBackend> m_inner;
  FaultHooks m_hooks;
};

}  // namespace

FaultHooks FaultHooks::from_environment() {
  FaultHooks hooks;
  if (const char* n = std::getenv("DCOD_TEST_CUT_AFTER")) hooks.cut_after = std::stoul(n);
  if (const char* a = std::getenv("DCOD_TEST_AFTER_ACTION")) hooks.after_action = a;
  if (const char* r = std::getenv("DCOD_TEST_THEN_RUN")) hooks.then_run = r;
  return hooks;
}

plugins::BackendFactory with_faults(plugins::BackendFactory inner, const FaultHooks& hooks) {
  plugins::BackendFactory outer = inner;
  outer.create = [make = inner.create, hooks](
                     const plugins::BackendContext& context,
                     const std::vector<std::uint32_t>& hosts) -> Expected<plugins::BackendSet> {
    Expected<plugins::BackendSet> made = make(context, hosts);
    if (!made) return made;
    for (auto& host : made->hosts) host = std::make_unique<FaultyHost>(std::move(host), hooks);
    if (made->site) made->site = std::make_unique<FaultySite>(std::move(made->site), hooks);
    return made;
  };
  return outer;
}

}  // namespace dcod::test
