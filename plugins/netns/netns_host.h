#pragma once

// A host of the netns backend, whose VMs are network namespaces: a simulated host (a namespace
// on this machine on the simulated underlay, its VTEPs in that namespace, its VMs found through
// the desk), or a remote Linux host over SSH (its VTEPs in its root namespace, its VMs in
// namespaces there). It resolves the end point, observes the host in one round trip and runs
// each batch of actions as one script.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "backend/host_backend.h"
#include "model/scenario.h"
#include "netns/desk.h"
#include "session/session.h"
#include "session/ssh_session.h"

namespace dcod::plugins {

/// Makes a remote host's session (tests give one of their own).
using SessionMaker = std::function<Expected<std::unique_ptr<Session>>()>;

/// How a netns host is reached and where its tunnels end.
struct NetnsHostSpec {
  core::Host host;
  std::string scenario;
  core::Global global;
  std::optional<std::uint32_t> simulated_rank;  // a simulated host's place among them (from 0)
  std::optional<SshEndpoint> login;             // a remote host's
  SshOptions ssh;
  std::chrono::milliseconds timeout{0};
  SessionMaker connect;   // empty: this machine for a simulated host, SSH (kept) for a remote one
  bool removing = false;  // --destroy: a simulated host's VTEP entries need not be read
};

/// One host of the netns backend for one run.
class NetnsHost : public core::HostBackend {
 public:
  /// `desk` is shared by the simulated hosts of the run (nullptr for a remote host).
  NetnsHost(NetnsHostSpec spec, std::shared_ptr<Desk> desk);

  Expected<core::Endpoint> endpoint() override;
  std::optional<Error> check(const core::DesiredHost& want) const override;
  core::ObservedHost observe(const core::DesiredHost& want) override;
  std::vector<core::ActionResult> run(const core::Plan& plan,
                                      const std::vector<std::size_t>& batch) override;
  Expected<std::vector<core::CommandOutcome>> run_in_vm(
      const std::string& vm, const std::vector<core::VmCommand>& commands, bool attach) override;
  std::size_t round_trips() const override { return m_round_trips.load(); }

 private:
  bool simulated() const { return m_spec.host.is_simulated(); }
  /// The host's session, connecting on first use; an error (kept for the run) when it cannot.
  Expected<Session*> session();
  /// Runs a text on the host, counting the round trip.
  Expected<ProcessResult> run_text(const std::string& text, const char* what, std::size_t items);
  /// A remote host's observation script: its VTEPs and every VM namespace of the scenario.
  std::string observe_script() const;
  core::ObservedHost observe_simulated(const core::DesiredHost& want);
  /// Where a simulated host's namespace went away while a batch of it ran (deleted by hand, by
  /// another program), its failures are said to be the host's absence, which the next run mends.
  void mark_if_vanished(const core::Plan& plan, const std::vector<std::size_t>& batch,
                        std::vector<core::ActionResult>& results) const;
  core::ObservedHost observe_remote(const std::string& output);
  Error where(Error e) const;

  NetnsHostSpec m_spec;
  std::shared_ptr<Desk> m_desk;
  std::unique_ptr<Session> m_session;
  std::optional<Error> m_session_error;
  std::mutex m_session_mutex;
  std::atomic<std::size_t> m_round_trips{0};
};

}  // namespace dcod::plugins
