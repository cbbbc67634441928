#include "virtualbox/vbox_machine.h"

#include <cctype>

namespace dcod::plugins {

namespace {

std::string value_of(const std::map<std::string, std::string>& info, const std::string& key) {
  auto it = info.find(key);
  return it == info.end() ? std::string() : it->second;
}

std::uint64_t number_of(const std::map<std::string, std::string>& info, const std::string& key) {
  std::string text = value_of(info, key);
  std::uint64_t n = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || n > (1ull << 40)) return 0;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

/// The key naming what an adapter of this kind is attached to.
std::string network_key(const std::string& kind, const std::string& n) {
  if (kind == "intnet") return "intnet" + n;
  if (kind == "bridged") return "bridgeadapter" + n;
  if (kind == "hostonly") return "hostonlyadapter" + n;
  if (kind == "natnetwork") return "nat-network" + n;
  if (kind == "generic") return "generic" + n;
  return "";
}

}  // namespace

bool VBoxMachine::running() const {
  return state == "running" || state == "paused" || state == "starting" || state == "stopping" ||
         state == "livesnapshotting" || state == "onlinesnapshotting" || state == "teleporting" ||
         state == "gurumeditation";
}

const VBoxNic* VBoxMachine::nic(std::uint32_t slot) const {
  for (const VBoxNic& n : nics) {
    if (n.slot == slot) return &n;
  }
  return nullptr;
}

Expected<VBoxMachine> machine_from(const std::map<std::string, std::string>& info) {
  VBoxMachine m;
  m.name = value_of(info, "name");
  m.uuid = value_of(info, "UUID");
  if (m.name.empty() || m.uuid.empty())
    return Error{"VBoxManage showvminfo printed no name and UUID",
                 "check that the host runs VirtualBox 6.1 or later"};
  m.state = value_of(info, "VMState");
  m.cpus = static_cast<std::uint32_t>(number_of(info, "cpus"));
  m.memory_mb = number_of(info, "memory");
  m.chipset = value_of(info, "chipset");
  for (std::uint32_t slot = 1; slot <= 36; ++slot) {
    std::string n = std::to_string(slot);
    auto kind = info.find("nic" + n);
    if (kind == info.end()) break;
    VBoxNic nic{slot, kind->second, "", value_of(info, "macaddress" + n),
                value_of(info, "cableconnected" + n) == "on"};
    std::string key = network_key(nic.kind, n);
    if (!key.empty()) nic.network = value_of(info, key);
    m.nics.push_back(std::move(nic));
  }
  return m;
}

std::string vbox_mac(const std::string& mac) {
  std::string out;
  for (char c : mac) {
    if (c != ':') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace dcod::plugins
