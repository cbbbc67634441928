#pragma once

// The Linux proxy configurator: the VTEPs of one host as a bridge and a VXLAN device per VNI,
// with flood, FDB and neighbour entries (REFERENCE.md, Linux VXLAN). It writes the script that
// observes them and reads its output into the neutral observed state, and writes the steps that
// carry out VTEP actions, all in one network namespace ("" = the root namespace); the caller
// runs them through its session. The netns backend uses it in a host's namespace; the
// VirtualBox backend uses it unchanged inside its proxy VM.

#include <map>
#include <string>
#include <vector>

#include "linux/batch_script.h"
#include "linux/linux_link.h"
#include "observe/observed_state.h"
#include "plan/action.h"
#include "util/expected.h"

namespace dcod::plugins {

/// The VTEPs found in one namespace, and every link there (for the caller's own objects).
struct ProxyObservation {
  std::vector<LinuxLink> links;
  std::map<std::uint32_t, core::ObservedVtep> vteps;       // the scenario's, by VNI
  std::map<std::uint32_t, core::ForeignUse> foreign_vnis;  // VNIs held by someone else
};

/// Commands for the VTEPs of one scenario in one namespace.
class ProxyConfigurator {
 public:
  /// VTEPs of `scenario` in `netns` ("" = root namespace), tunnels on UDP `port`.
  ProxyConfigurator(std::string netns, std::string scenario, std::uint16_t port);

  /// Script lines printing links, bridges and neighbours (section links), the VXLAN devices in
  /// detail (vxlan) and the FDB (fdb).
  std::string observe_script() const;
  /// Reads those sections into what interpret() takes; an error names the command whose output
  /// is not what iproute2 prints.
  Expected<ProxyObservation> read(const std::map<std::string, std::string>& sections) const;
  /// A namespace's links and entries (read by iproute2 on a host, or by rtnetlink on this
  /// machine) as the scenario's VTEPs (its links are recognised by their ownership marker, or
  /// a half-made one by its signature MAC), and the VNIs whose devices, or a VXLAN device on the
  /// same port, are someone else's.
  ProxyObservation interpret(NamespaceView view) const;
  /// True for the action kinds this configurator carries out.
  static bool handles(core::ObjectKind kind);
  /// The steps of one VTEP action: lines for `ip -batch` / `bridge -batch`, so that a host's
  /// links and thousands of entries cost a process per tool, not one per object.
  std::vector<Step> steps(const core::Action& action) const;
  /// A step making the interface with `mac` (found by it: its name is the guest's) a port of
  /// the VTEP's bridge, with the VTEP's MTU, up: a proxy VM's NIC on the VNI's network.
  Step port_step(const core::MacAddress& mac, const core::DesiredVtep& vtep) const;

  /// "ip" or "ip -n NETNS".
  std::string ip() const;
  /// "bridge" or "bridge -n NETNS".
  std::string bridge() const;

 private:
  /// Gives `links` (read without details) the kinds and VXLAN data of those read with them.
  static void with_kinds(std::vector<LinuxLink>& links, const std::vector<LinuxLink>& bridges,
                         const std::vector<LinuxLink>& vxlans);
  void add_owned(LinuxLink link, const std::string& net, ProxyObservation& out) const;
  std::vector<Step> bridge_steps(const core::Action& a) const;
  std::vector<Step> tunnel_steps(const core::Action& a) const;
  Step entry_step(const core::Action& a) const;
  Step link_del_step(const std::string& name) const;

  std::string m_netns;
  std::string m_scenario;
  std::uint16_t m_port;
};

}  // namespace dcod::plugins
