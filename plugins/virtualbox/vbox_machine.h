#pragma once

// A VirtualBox VM as showvminfo --machinereadable describes it: the parts dcod reads (state,
// resources, chipset, network adapters). What it does not read it ignores.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "util/expected.h"

namespace dcod::plugins {

/// One network adapter slot (NIC N, from 1).
struct VBoxNic {
  std::uint32_t slot = 0;
  std::string kind;     // none (disabled), null, intnet, bridged, nat, hostonly, generic, ...
  std::string network;  // intnet: its name; bridged: the host adapter; else what it names
  std::string mac;      // 12 upper-case hex digits; empty for a disabled NIC
  bool cable = false;   // cable connected

  bool enabled() const { return kind != "none"; }
};

/// One VM.
struct VBoxMachine {
  std::string name;
  std::string uuid;
  std::string state;  // VMState: poweroff, running, saved, aborted, paused, ...
  std::uint32_t cpus = 0;
  std::uint64_t memory_mb = 0;
  std::string chipset;        // piix3 or ich9
  std::vector<VBoxNic> nics;  // slot 1 first, as many as it prints

  /// True when a VM process runs it (running, paused, starting, ...): settings then change
  /// through controlvm, and only for enabled adapters.
  bool running() const;
  /// The adapter in `slot` (from 1), or nullptr.
  const VBoxNic* nic(std::uint32_t slot) const;
};

/// The machine showvminfo's keys describe; an error when they name no VM.
Expected<VBoxMachine> machine_from(const std::map<std::string, std::string>& info);

/// A MAC as VBoxManage writes it: 12 upper-case hex digits, from "02:00:00:00:01:01".
std::string vbox_mac(const std::string& mac);

}  // namespace dcod::plugins
