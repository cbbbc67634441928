// The observe and endpoints stages over fake backends: hosts in parallel, one backend's failure
// (even an exception) kept to its own host, end points brought up only where not known.

#include "observe/observe.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "endpoints/endpoints.h"

namespace dcod::core {

namespace {

/// A host backend whose observation and end point the test decides.
class ScriptedHost : public HostBackend {
 public:
  explicit ScriptedHost(std::string name, std::string address = "", bool throws = false)
      : m_name(std::move(name)), m_address(std::move(address)), m_throws(throws) {}
  Expected<Endpoint> endpoint() override { return Endpoint{m_name, m_address}; }
  Expected<Endpoint> bring_up_endpoint() override {
    ++brought_up;
    if (m_throws) throw std::runtime_error("proxy exploded");
    return Endpoint{m_name, m_address.empty() ? "198.51.100.1" : m_address};
  }
  ObservedHost observe(const DesiredHost&) override {
    if (m_throws) throw std::runtime_error("observer exploded");
    ObservedHost h;
    h.vms["seen-on-" + m_name] = ObservedVm{};
    return h;
  }
  std::vector<ActionResult> run(const Plan&, const std::vector<std::size_t>& batch) override {
    return std::vector<ActionResult>(batch.size(), {true, ""});
  }
  Expected<std::vector<CommandOutcome>> run_in_vm(const std::string&, const std::vector<VmCommand>&,
                                                  bool) override {
    return std::vector<CommandOutcome>{};
  }
  std::atomic<int> brought_up{0};

 private:
  std::string m_name, m_address;
  bool m_throws;
};

}  // namespace

TEST(Observe, AThrowingBackendLosesOnlyItsOwnHost) {
  RunBackends backends;
  backends.hosts.push_back(std::make_unique<ScriptedHost>("h0", "10.0.0.1"));
  backends.hosts.push_back(std::make_unique<ScriptedHost>("h1", "10.0.0.2", true));
  DesiredState want;
  want.hosts.resize(2);
  want.hosts[0].name = "h0";
  want.hosts[1].name = "h1";
  ObservedState seen = observe(want, backends, 0);
  ASSERT_EQ(seen.hosts.size(), 2u);
  EXPECT_TRUE(seen.hosts[0].reachable);
  EXPECT_EQ(seen.hosts[0].vms.count("seen-on-h0"), 1u);
  EXPECT_FALSE(seen.hosts[1].reachable);
  EXPECT_EQ(seen.hosts[1].error.code, ErrorCode::internal);
  EXPECT_NE(seen.hosts[1].error.message.find("observer exploded"), std::string::npos);
  EXPECT_TRUE(seen.site.reachable) << "no site backend: nothing of the site to do";
}

TEST(Endpoints, EveryHostIsBroughtUpAndAFailureStaysUnknown) {
  ScriptedHost known("h0", "10.0.0.1"), unknown("h1"), broken("h2", "", true);
  std::vector<HostBackend*> hosts = {&known, &unknown, &broken};
  auto endpoints = known_endpoints(hosts, 0);
  ASSERT_TRUE(endpoints);
  EXPECT_FALSE((*endpoints)[1].known());
  auto errors = bring_up_endpoints(*endpoints, hosts, 0);
  EXPECT_EQ(known.brought_up, 1) << "a known end point may need its proxy running too";
  EXPECT_FALSE(errors[0]);
  EXPECT_EQ((*endpoints)[0].address, "10.0.0.1");
  EXPECT_EQ(unknown.brought_up, 1);
  EXPECT_EQ((*endpoints)[1].address, "198.51.100.1");
  EXPECT_FALSE(errors[1]);
  EXPECT_FALSE((*endpoints)[2].known());
  ASSERT_TRUE(errors[2]);
  EXPECT_NE(errors[2]->message.find("proxy exploded"), std::string::npos);
}

}  // namespace dcod::core
