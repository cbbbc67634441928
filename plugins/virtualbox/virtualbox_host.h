#pragma once

// A host of the VirtualBox backend (DESIGN §6): VirtualBox VMs on a Windows or Linux machine
// reached over SSH, driven through VBoxManage; its VTEPs live in the user's proxy VM, reached
// over SSH at the address the proxy's guest reports, and are made there by the same Linux proxy
// configurator as on netns hosts. One round trip reads the host (kept for the run's first
// observation), one reads the proxy's namespace; each batch of actions is a round trip of
// VBoxManage calls, then one inside the proxy.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "backend/host_backend.h"
#include "model/scenario.h"
#include "session/session.h"
#include "session/ssh_session.h"
#include "virtualbox/vbox_driver.h"
#include "virtualbox/vbox_host_view.h"
#include "virtualbox/vbox_steps.h"

namespace dcod::plugins {

/// Makes a session to an address (tests give one of their own).
using AddressSessionMaker = std::function<Expected<std::unique_ptr<Session>>(const std::string&)>;

/// How a VirtualBox host and its proxy VM are reached.
struct VirtualBoxHostSpec {
  core::Host host;
  std::string scenario;
  std::string scenario_file;
  core::Global global;
  const VBoxPlatform* platform = nullptr;
  std::vector<std::string> vms;  // the scenario's VMs placed here
  std::set<std::uint32_t> vnis;  // the VNIs they are on
  /// The VMs the state record says are here; nullopt: no record (list every VM to find them).
  std::optional<std::vector<std::string>> recorded_vms;
  SshEndpoint login;        // the host's
  SshEndpoint proxy_login;  // the proxy VM's, its address filled in once known
  SshOptions ssh;
  std::chrono::milliseconds timeout{0};
  std::chrono::seconds proxy_wait{180};  // for the proxy's guest to tell its address
  AddressSessionMaker connect;           // empty: SSH (kept) to the host's address
  AddressSessionMaker connect_proxy;     // empty: SSH (kept) to the proxy's address
};

/// One VirtualBox host for one run.
class VirtualBoxHost : public core::HostBackend {
 public:
  explicit VirtualBoxHost(VirtualBoxHostSpec spec);
  /// Logs (debug) what the run cost this host: round trips to it and to its proxy VM, and
  /// VBoxManage calls.
  ~VirtualBoxHost() override;

  Expected<core::Endpoint> endpoint() override;
  Expected<core::Endpoint> bring_up_endpoint() override;
  core::ObservedHost observe(const core::DesiredHost& want) override;
  std::vector<core::ActionResult> run(const core::Plan& plan,
                                      const std::vector<std::size_t>& batch) override;
  Expected<std::vector<core::CommandOutcome>> run_in_vm(
      const std::string& vm, const std::vector<core::VmCommand>& commands, bool attach) override;
  std::size_t round_trips() const override { return m_round_trips.load(); }

  /// VBoxManage calls so far, and those that changed something (benchmark and tests).
  std::size_t vbox_calls() const { return m_driver.calls(); }
  std::size_t vbox_changes() const { return m_driver.mutating_calls(); }

 private:
  /// The host as read this run (read now when not read yet, or stale after actions).
  Expected<HostView*> view();
  Expected<HostView> read_view();
  /// The proxy VM's address: static, or from its guest; "" while unknown.
  std::string proxy_address_now() const;
  /// Starts the proxy VM, its underlay NIC bridged and a slot assigned to every VNI first.
  Expected<bool> start_proxy();
  /// Waits (bounded) for the proxy's guest to tell its address; `started`: it was just started.
  Expected<bool> wait_for_proxy(bool started);
  Expected<Session*> host_session();
  Expected<Session*> proxy_session();
  Expected<ProcessResult> run_on(Session& session, const std::string& text,
                                 const std::string& what);
  core::ObservedHost observe_proxy(const HostView& view, const core::DesiredHost& want);
  /// Runs the proxy VM's part of the batch's actions whose host part went well.
  void run_in_proxy(const core::Plan& plan, const std::vector<std::size_t>& batch,
                    const std::vector<VBoxWork>& work, std::vector<core::ActionResult>& results);
  /// Uploads the OVA files the batch's new VMs are imported from: as written -> path on host.
  std::map<std::string, std::string> upload_images(const core::Plan& plan,
                                                   const std::vector<std::size_t>& batch);
  /// Uploads one OVA (once per host: kept under its content hash); its path on the host.
  Expected<std::string> upload(const std::string& ova);
  /// Why a host whose proxy VM is not registered cannot be served.
  Error proxy_missing() const;
  /// Checks on first contact that the host's shell is the dialect's (one round trip where the
  /// dialect asks), and learns the SSH user's home; the error refuses the host.
  std::optional<Error> check_shell(Session& session);
  Error where(Error e) const;

  VirtualBoxHostSpec m_spec;
  VBoxDriver m_driver;
  std::recursive_mutex m_mutex;  // one thing at a time on this host
  std::optional<HostView> m_view;
  std::optional<Error> m_view_error;
  std::unique_ptr<Session> m_host_session, m_proxy_session;
  std::optional<Error> m_host_error;
  std::string m_home;  // the SSH user's home as the host writes it, where its probe tells it
  std::string m_proxy_session_address;
  std::set<std::string> m_made;           // VMs set up whole this run
  std::set<std::uint32_t> m_taken;        // proxy slots assigned this run
  std::set<std::uint32_t> m_promisc_set;  // of those, the ones attached at the proxy's start
  std::map<std::string, Error> m_upload_errors;
  std::atomic<std::size_t> m_round_trips{0};
  std::atomic<std::size_t> m_proxy_trips{0};  // of m_round_trips, those to the proxy VM
};

}  // namespace dcod::plugins
