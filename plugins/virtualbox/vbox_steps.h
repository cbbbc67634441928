#pragma once

// The VBoxManage side of actions on a VirtualBox host: which calls make, change and remove its
// VMs and their adapters, and which assign and return the proxy VM's NIC slots. VMs that exist
// are addressed by UUID; one that is not marked as the scenario's is refused, never touched.
// What happens inside the proxy VM (bridges, tunnels, entries) is the Linux proxy
// configurator's, run by the host object after these calls.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "plan/action.h"
#include "virtualbox/vbox_driver.h"
#include "virtualbox/vbox_facts.h"
#include "virtualbox/vbox_host_view.h"

namespace dcod::plugins {

/// The host-side work of one action.
struct VBoxWork {
  std::vector<VBoxChain> chains;  // run in order; an action fails when any chain fails
  std::string refused;            // set: the action is not carried out, for this reason
  std::string proxy_mac;          // a bridge's slot NIC (VBoxManage form), for the proxy part
};

/// What the steps of one batch know of the host.
struct VBoxStepContext {
  std::string scenario;
  core::Host host;
  const HostView& view;
  const VBoxFacts& facts;
  std::map<std::string, std::string> uploads;  // ova as written in the scenario -> path on host
  std::set<std::string> made;                  // VMs made or set up whole in this run
  std::set<std::uint32_t> taken;               // proxy slots assigned in this run
  std::map<std::string, std::string> upload_errors;  // ova -> why it could not be uploaded
  std::set<std::uint32_t> promisc_set;  // proxy slots whose policy this run set (at its start)
};

/// Turns actions into VBoxManage calls.
class VBoxSteps {
 public:
  explicit VBoxSteps(VBoxStepContext context) : m_ctx(std::move(context)) {}

  /// What the action needs of the host side; for a VM set up whole, remembers it in made().
  VBoxWork work(const core::Action& action);
  /// The FactsRequest a batch needs before work() can be asked.
  static FactsRequest facts_needed(const core::Plan& plan, const std::vector<std::size_t>& batch,
                                   const HostView& view, const core::Host& host,
                                   const std::string& scenario, const std::set<std::string>& made);
  const std::set<std::string>& made() const { return m_ctx.made; }
  const std::set<std::uint32_t>& taken() const { return m_ctx.taken; }

 private:
  VBoxWork create_vm(const core::DesiredVm& vm);
  VBoxWork change_vm(const core::DesiredVm& vm, const VBoxMachine& found);
  VBoxWork remove_vm(const VBoxMachine& found);
  VBoxWork interface(const core::Action& a, const VBoxMachine& found);
  VBoxWork bridge(const core::Action& a);
  VBoxWork return_slot(std::uint32_t vni);
  /// The modifyvm arguments setting every declared adapter and the resources.
  std::vector<std::string> full_settings(const core::DesiredVm& vm) const;
  /// The reason a found VM must not be touched, or "".
  std::string not_ours(const VBoxMachine& found, const std::string& vm) const;
  std::optional<std::uint32_t> free_slot(std::uint32_t vni, std::string& why);
  const VBoxMachine* found_vm(const std::string& name) const;

  VBoxStepContext m_ctx;
};

}  // namespace dcod::plugins
