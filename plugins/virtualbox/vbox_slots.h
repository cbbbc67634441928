#pragma once

// Which of a proxy VM's NIC slots carries a VNI (DESIGN §6): the one recorded for it in the proxy's
// extradata (dcod/nic<N>=<scenario>:<vni>), else the lowest free one: no record of anyone's,
// enabled and not attached (null), or disabled while the VM is off (a disabled slot cannot be
// enabled while it runs). Slot 1 is the bridged underlay.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "virtualbox/vbox_machine.h"

namespace dcod::plugins {

/// The slot for `vni`; nullopt when there is none, with what holds each slot in `why`.
std::optional<std::uint32_t> choose_slot(const VBoxMachine& proxy,
                                         const std::map<std::string, std::string>& records,
                                         const std::string& scenario, std::uint32_t vni,
                                         const std::set<std::uint32_t>& taken, std::string& why);

}  // namespace dcod::plugins
