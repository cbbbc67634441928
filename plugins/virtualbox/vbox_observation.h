#pragma once

// A VirtualBox host in the neutral terms of the observed state: its VMs from what VBoxManage
// said of them (the adapters of the scenario's internal networks, resources, whether it runs),
// and its VTEPs from the proxy VM's own namespace, each joined with the proxy's NIC slot on the
// VNI's internal network.

#include <optional>
#include <string>

#include "linux/proxy_configurator.h"
#include "observe/observed_state.h"
#include "virtualbox/vbox_host_view.h"

namespace dcod::plugins {

/// The MAC of VBoxManage's 12-digit form, or nullopt.
std::optional<core::MacAddress> mac_of_vbox(const std::string& mac);

/// One VM of the scenario: the adapters of `want`'s interfaces and every adapter on one of the
/// scenario's internal networks, with the net of each (from `want_host`'s VTEPs).
core::ObservedVm observed_vbox_vm(const std::string& scenario, const VBoxMachine& vm,
                                  const core::DesiredVm* want, const core::DesiredHost& want_host);

/// The proxy VM's slot on the VNI's internal network, or nullptr.
const VBoxNic* slot_of_vni(const std::string& scenario, const VBoxMachine& proxy,
                           std::uint32_t vni);

/// The whole host: VMs from `view`, VTEPs from `proxy` (the proxy VM's namespace), each bridge
/// joined only when its slot is attached and that NIC is a port of it.
core::ObservedHost observed_vbox_host(const std::string& scenario, const HostView& view,
                                      ProxyObservation proxy, const core::DesiredHost& want);

}  // namespace dcod::plugins
