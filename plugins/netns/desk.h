#pragma once

// The desk: this machine's share of a scenario with simulated hosts. Simulated hosts, their VMs
// and the underlay that joins them are all namespaces of this machine; the desk lists and reads
// them once per run for every simulated host and for the director's site. A VM's namespace
// carries the name of its host in its loopback's alias (netns_naming.h: vm_marker), which tells
// which simulated host a VM belongs to. The site holds the underlay and removes what of the
// scenario no host claims.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backend/host_backend.h"
#include "linux/linux_link.h"
#include "netlink/netns_reader.h"
#include "session/session.h"
#include "util/expected.h"

namespace dcod::plugins {

/// What the desk found on this machine.
struct DeskView {
  std::vector<std::string> namespaces;  // every namespace of the scenario, sorted
  bool underlay_exists = false;
  bool underlay_up = false;
  std::uint32_t underlay_mtu = 0;
  std::set<std::string> underlay_ports;      // attached to the underlay bridge and up
  std::map<std::string, NamespaceView> vms;  // VM name -> its namespace
  std::map<std::string, Error> unreadable;   // VM name -> why its namespace could not be read
  std::optional<Error> director_unreadable;  // why the director's own links could not be read
  std::set<std::string> occupied;  // namespaces of the scenario some process is in, when read
  /// The director's own ends of director VMs (director_view.h), by the host they join through.
  std::map<std::string, std::vector<std::string>> director_links;
};

/// The namespaces of one scenario on this machine, read once per run (thread-safe).
class Desk {
 public:
  /// `readers`: namespaces read at once; `removing`: everything found is to go (--destroy), so
  /// of a VM only its loopback's marker is read.
  Desk(std::string scenario, std::size_t readers, bool removing = false);

  /// What the desk found; the first call reads it, the others wait for that.
  const DeskView& view();
  /// The VMs whose namespace belongs to simulated host `host`: marked for it, or not marked and
  /// one of `wanted` (a namespace a killed run left unfinished).
  std::map<std::string, const NamespaceView*> vms_of(const std::string& host,
                                                     const std::set<std::string>& wanted);
  const std::string& scenario() const { return m_scenario; }

 private:
  void read();
  /// The director VMs (director_view.h) into the view's VMs.
  void read_director_vms();
  /// The scenario's namespaces a process is in, from one pass over /proc.
  void read_occupied();

  std::string m_scenario;
  std::size_t m_readers;
  NamespaceParts m_vm_parts;
  std::once_flag m_once;
  DeskView m_view;
};

/// The director's site over a desk: the underlay, and the leftovers of the scenario.
std::unique_ptr<core::SiteBackend> desk_site(std::shared_ptr<Desk> desk,
                                             std::chrono::milliseconds timeout);

}  // namespace dcod::plugins
