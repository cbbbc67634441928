#include "cut/cut_after.h"

#include <signal.h>

#include <atomic>
#include <memory>

namespace dcod::test {

namespace {

std::atomic<std::size_t> g_carried_out{0};  // actions of this run, every host's together

/// Runs a batch one action at a time through `run_one`, counting each; dies after the n-th.
template <typename RunOne>
std::vector<core::ActionResult> one_by_one(const std::vector<std::size_t>& batch, std::size_t n,
                                           RunOne run_one) {
  std::vector<core::ActionResult> results;
  for (std::size_t i : batch) {
    std::vector<core::ActionResult> one = run_one(std::vector<std::size_t>{i});
    results.push_back(one.empty() ? core::ActionResult{false, "no result"} : one.front());
    if (++g_carried_out == n) ::raise(SIGKILL);
  }
  return results;
}

class CutHost : public core::HostBackend {
 public:
  CutHost(std::unique_ptr<core::HostBackend> inner, std::size_t n)
      : m_inner(std::move(inner)), m_n(n) {}
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
    return one_by_one(batch, m_n,
                      [&](const std::vector<std::size_t>& one) { return m_inner->run(plan, one); });
  }
  Expected<std::vector<core::CommandOutcome>> run_in_vm(
      const std::string& vm, const std::vector<core::VmCommand>& commands, bool attach) override {
    return m_inner->run_in_vm(vm, commands, attach);
  }
  std::size_t round_trips() const override { return m_inner->round_trips(); }

 private:
  std::unique_ptr<core::HostBackend> m_inner;
  std::size_t m_n;
};

class CutSite : public core::SiteBackend {
 public:
  CutSite(std::unique_ptr<core::SiteBackend> inner, std::size_t n)
      : m_inner(std::move(inner)), m_n(n) {}
  core::ObservedSite observe(const core::DesiredState& want) override {
    return m_inner->observe(want);
  }
  std::vector<core::ActionResult> run(const core::Plan& plan,
                                      const std::vector<std::size_t>& batch) override {
    return one_by_one(batch, m_n,
                      [&](const std::vector<std::size_t>& one) { return m_inner->run(plan, one); });
  }
  std::map<std::string, std::string> other_scenarios() const override {
    return m_inner->other_scenarios();
  }

 private:
  std::unique_ptr<core::SiteBackend> m_inner;
  std::size_t m_n;
};

}  // namespace

plugins::BackendFactory cut_after(plugins::BackendFactory inner, std::size_t n) {
  plugins::BackendFactory outer = inner;
  outer.create = [make = inner.create, n](
                     const plugins::BackendContext& context,
                     const std::vector<std::uint32_t>& hosts) -> Expected<plugins::BackendSet> {
    Expected<plugins::BackendSet> made = make(context, hosts);
    if (!made) return made;
    for (auto& host : made->hosts) host = std::make_unique<CutHost>(std::move(host), n);
    if (made->site) made->site = std::make_unique<CutSite>(std::move(made->site), n);
    return made;
  };
  return outer;
}

}  // namespace dcod::test
