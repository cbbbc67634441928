#pragma once

// The netns backend: hosts whose VMs are network namespaces. Simulated hosts (no address) are
// namespaces on this machine, joined by the underlay bridge; their proxy lives in the host's
// namespace. Remote Linux hosts are reached over SSH; their proxy lives in their root namespace.
// It observes hosts and carries out actions, one script per host and batch.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <vector>

#include "apply/action_runner.h"
#include "desire/desired_state.h"
#include "observe/observed_state.h"
#include "transport/ssh_transport.h"
#include "transport/transport.h"

namespace dcod::plugins {

/// How to reach the hosts that are not simulated: one endpoint per host name.
struct RemoteAccess {
  std::map<std::string, SshEndpoint> endpoints;
  std::map<std::string, std::string> refused;  // host name -> why it cannot be reached
  SshOptions options;
};

/// Observation and action runner for every host of a scenario, plus the director (this machine).
class NetnsBackend : public core::ActionRunner {
 public:
  /// `timeout` bounds every script run on a host.
  NetnsBackend(const core::DesiredState& desired, std::chrono::milliseconds timeout,
               RemoteAccess remote = {}, unsigned jobs = 0);

  /// Observes the director and every host in parallel, one script each.
  core::ObservedState observe();
  std::vector<core::ActionResult> run(const core::Plan& plan, std::uint32_t host,
                                      const std::vector<std::size_t>& batch) override;
  /// Scripts run per host so far ("hv1 6, hv2 6"): the round trips of this run.
  std::string round_trips() const;

 private:
  core::ObservedMachine observe_machine();
  core::ObservedHost observe_host(std::size_t h);
  std::string host_script(const core::DesiredHost& host) const;
  /// The host's transport, connecting on first use; nullptr (and `error`) when it cannot.
  Transport* transport_for(std::uint32_t host, std::string* error = nullptr);

  const core::DesiredState& m_desired;
  std::chrono::milliseconds m_timeout;
  RemoteAccess m_remote;
  unsigned m_jobs;
  LocalTransport m_local;
  std::vector<std::unique_ptr<Transport>> m_connections;  // by host index; remote hosts only
  std::vector<std::string> m_connect_errors;
  std::vector<std::atomic<int>> m_round_trips;
};

}  // namespace dcod::plugins
