#pragma once

// The VBoxManage simulator's state: the VMs VirtualBox would have registered on one host, kept in
// one JSON file in the host's simulator directory, and its settings (sim.json there). Each call
// of the simulator reads it, changes it and writes it back under a lock, as VBoxSVC keeps one
// registry per user.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vboxsim {

/// One network adapter slot.
struct Nic {
  std::string kind = "none";  // none, null, nat, intnet, bridged
  std::string network;        // intnet name or bridged host interface
  std::string mac;            // 12 upper-case hex digits
  bool cable = true;
  std::string promisc = "deny";
};

/// A snapshot of a VM.
struct Snapshot {
  std::string name;
  std::string uuid;
  std::string description;
};

/// A registered VM.
struct Vm {
  std::string uuid;
  std::string name;
  std::string ostype = "Other";
  std::uint64_t memory = 128;
  std::uint32_t cpus = 1;
  std::string chipset = "piix3";
  std::string state = "poweroff";
  std::string state_time = "2026-12-01T00:00:00.000000000";
  std::string folder;  // the folder of its settings file
  std::string description;
  std::vector<Nic> nics;  // 8 (PIIX3) or 36 (ICH9)
  std::map<std::string, std::string> extradata;
  std::map<std::string, std::string> guestprops;
  std::vector<Snapshot> snapshots;
  std::string current_snapshot;
  std::string netns;            // while it runs with realize on: its namespace
  std::vector<int> guest_pids;  // processes of its guest (boot script), ended at power off

  std::string cfgfile() const { return folder + "/" + name + ".vbox"; }
  bool running() const { return state == "running"; }
};

/// The simulator's settings for one host (sim.json).
struct Config {
  int delay_ms = 0;            // added to every call, as a slow host's VBoxSVC
  int lock_errors = 0;         // so many next calls on a VM fail with a lock error
  bool realize = false;        // running VMs become namespaces, internal networks bridges
  std::string machine_folder;  // where VMs live; default <dir>/VirtualBox VMs
  std::map<std::string, std::string> adapters;  // a bridged adapter's Linux device, if not its name
  std::string drive_c;                          // set on a Windows host: the Linux folder C:\ is
  std::vector<std::string> bridged;             // host interfaces a NIC may be bridged to
  std::map<std::string, std::string> boot;      // VM name -> script its "guest" runs when started
  std::string self;                             // how guests call VBoxManage (the simulator's path)
};

/// Everything of one host.
struct State {
  std::vector<Vm> vms;
  std::map<std::string, std::string> global_extradata;
  std::uint64_t counter = 1;  // for UUIDs and MACs
  std::string seed;           // makes them differ between hosts (the host's directory)
  Config config;

  /// The VM a name or UUID names, or nullptr.
  Vm* find(const std::string& name_or_uuid);
  /// A fresh UUID and MAC.
  std::string new_uuid();
  std::string new_mac();
};

/// Reads the state of the host in `dir` (an empty state when there is none yet).
State load_state(const std::string& dir);
/// Writes it back (write, then rename).
void save_state(const std::string& dir, const State& state);
/// Writes sim.json's lock_errors back (the only setting a call changes).
void save_config(const std::string& dir, const Config& config);

/// NIC slots of a chipset.
std::size_t nic_slots(const std::string& chipset);

}  // namespace vboxsim
