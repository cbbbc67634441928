#pragma once

// What dcod reads of a VirtualBox host in one round trip: the proxy VM and its guest properties,
// the scenario's VMs by their names (those placed there and those the state record remembers),
// and, without a record, every registered VM (list vms): VMs named like the scenario's that it
// was not asked for (a VM gone from the scenario) are then read by a second round trip, and only
// those whose extradata marks them as the scenario's count.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "virtualbox/vbox_driver.h"
#include "virtualbox/vbox_machine.h"
#include "virtualbox/vbox_parse.h"

namespace dcod::plugins {

/// One VirtualBox host as read.
struct HostView {
  std::vector<ListedVm> listed;
  std::optional<VBoxMachine> proxy;                // nullopt: no VM of that name is registered
  std::map<std::string, std::string> proxy_props;  // its /VirtualBox/GuestInfo/Net/* properties
  std::map<std::string, VBoxMachine> vms;          // the scenario's, by scenario VM name
  std::vector<ListedVm> unread;  // listed, named like the scenario's VMs, not read yet
};

/// What to read: the proxy VM and the scenario's VMs expected on the host.
struct ViewRequest {
  std::string scenario;
  std::string proxy;
  std::vector<std::string> vms;  // scenario VM names
  bool list = true;              // list every VM too, to find the scenario's by name and marker
};

/// The chains of the first round trip.
std::vector<VBoxChain> host_view_chains(const ViewRequest& request);
/// Reads their replies; an error when VBoxManage does not work on the host at all.
Expected<HostView> read_host_view(const ViewRequest& request,
                                  const std::vector<std::vector<VBoxReply>>& replies,
                                  const VBoxPlatform& platform);

/// The chains of the second round trip: extradata and settings of every unread VM.
std::vector<VBoxChain> unread_chains(const HostView& view);
/// Adds the unread VMs whose extradata marks them as the scenario's to `view.vms`, under the
/// name dcod/vm gives them.
Expected<bool> read_unread(const ViewRequest& request,
                           const std::vector<std::vector<VBoxReply>>& replies,
                           const VBoxPlatform& platform, HostView& view);

/// The proxy VM's address on its underlay NIC (slot 1): the guest property of the interface
/// whose MAC is that NIC's, or "" while the guest has not told it.
std::string proxy_address(const VBoxMachine& proxy,
                          const std::map<std::string, std::string>& props);

}  // namespace dcod::plugins
