#include "virtualbox/vbox_slots.h"

#include "virtualbox/vbox_naming.h"

namespace dcod::plugins {

std::optional<std::uint32_t> choose_slot(const VBoxMachine& proxy,
                                         const std::map<std::string, std::string>& records,
                                         const std::string& scenario, std::uint32_t vni,
                                         const std::set<std::uint32_t>& taken, std::string& why) {
  const std::string mine = slot_value(scenario, vni);
  for (const auto& [key, value] : records) {
    auto slot = slot_of_key(key);
    if (slot && value == mine && !taken.count(*slot) && proxy.nic(*slot)) return slot;
  }
  for (const VBoxNic& nic : proxy.nics) {
    if (nic.slot < 2 || taken.count(nic.slot)) continue;
    auto record = records.find(slot_key(nic.slot));
    if (record != records.end()) {
      why += " " + std::to_string(nic.slot) + " (" + record->second + ")";
      continue;
    }
    if (nic.kind == "null" || (nic.kind == "none" && !proxy.running())) return nic.slot;
    why +=
        " " + std::to_string(nic.slot) + " (" + (nic.kind == "none" ? "disabled" : nic.kind) + ")";
  }
  return std::nullopt;
}

}  // namespace dcod::plugins
