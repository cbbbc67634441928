// modifyvm: settings of a VM that is not running, in the old spellings and 7.x's hyphenated ones.

#include <cctype>

#include "sim_call.h"

namespace vboxsim {

namespace {

/// "--nic-promisc2" and "--nicpromisc2" alike: the option without dashes inside, and its slot.
std::pair<std::string, std::size_t> option_and_slot(const std::string& arg) {
  std::string name;
  for (std::size_t i = 2; i < arg.size(); ++i) {
    if (arg[i] != '-') name += arg[i];
  }
  std::size_t digits = name.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1]))) --digits;
  std::size_t slot = digits < name.size() ? std::stoul(name.substr(digits)) : 0;
  return {name.substr(0, digits), slot};
}

bool valid_mac(const std::string& mac) {
  if (mac.size() != 12) return false;
  for (char ch : mac) {
    if (!std::isxdigit(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

const char* const k_usage = "Change settings for a virtual machine that is stopped:";

/// Applies one per-adapter option; false when the call is to stop.
bool apply_nic_option(State& s, Call& c, Vm& vm, const std::string& arg, const std::string& option,
                      std::size_t slot, const std::string& value) {
  if (slot < 1 || slot > vm.nics.size()) {
    c.error("Invalid NIC number " + std::to_string(slot), 0);  // the real 7.2 exits 0 here
    return false;
  }
  Nic& nic = vm.nics[slot - 1];
  if (option == "nic") {
    static const char* const kinds[] = {"none",    "null",     "nat",     "intnet",
                                        "bridged", "hostonly", "generic", "natnetwork"};
    bool known = false;
    for (const char* k : kinds) known |= value == k;
    if (!known) {
      c.error("Invalid type '" + value + "' specfied for NIC " + std::to_string(slot), 1);
      return false;
    }
    if (nic.kind == "none" && value != "none" && nic.mac.empty()) nic.mac = s.new_mac();
    nic.kind = value;
  } else if (option == "intnet" || option == "bridgeadapter") {
    nic.network = value;
  } else if (option == "macaddress") {
    if (value == "auto") {
      nic.mac = s.new_mac();
    } else if (!valid_mac(value)) {
      c.com_error("Invalid MAC address format", "NS_ERROR_INVALID_ARG (0x80070057)",
                  "NetworkAdapterWrap", "INetworkAdapter",
                  "COMSETTER(MACAddress)(Bstr(ValueUnion.psz).raw())", 2461,
                  "VBoxManageModifyVM.cpp");
      return false;
    } else {
      nic.mac.clear();
      for (char ch : value)
        nic.mac += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
  } else if (option == "cableconnected") {
    nic.cable = value == "on";
  } else if (option == "nicpromisc") {
    nic.promisc = value;
  } else {
    c.unknown_option(arg, k_usage);
    return false;
  }
  return true;
}

/// Applies one VM-wide option; false when the call is to stop.
bool apply_vm_option(Call& c, Vm& vm, const std::string& arg, const std::string& option,
                     const std::string& value) {
  if (option == "memory") {
    vm.memory = std::stoull(value);
  } else if (option == "cpus") {
    vm.cpus = static_cast<std::uint32_t>(std::stoul(value));
  } else if (option == "chipset") {
    vm.chipset = value;
    vm.nics.resize(nic_slots(value));
  } else if (option == "ostype") {
    vm.ostype = value;
  } else if (option == "description") {
    vm.description = value;
  } else {
    c.unknown_option(arg, k_usage);
    return false;
  }
  return true;
}

}  // namespace

void cmd_modifyvm(State& s, Call& c) {
  Vm* vm = machine_or_error(s, c, c.arg(1), "a->argv[0]", 893, "VBoxManageModifyVM.cpp");
  if (!vm) return;
  if (vm->running()) {
    return c.com_error(
        "The machine '" + vm->name + "' is already locked for a session (or being unlocked)",
        "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007)", "MachineWrap", "IMachine",
        "LockMachine(a->session, LockType_Write)", 901, "VBoxManageModifyVM.cpp");
  }
  static const char* const per_nic[] = {"nic",        "intnet",         "bridgeadapter",
                                        "macaddress", "cableconnected", "nicpromisc"};
  for (std::size_t i = 2; i < c.args.size(); ++i) {
    std::string arg = c.args[i], value;
    std::size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < c.args.size()) {
      value = c.args[++i];
    }
    if (arg.rfind("--", 0) != 0) return c.error("Invalid parameter '" + arg + "'", 1);
    auto [option, slot] = option_and_slot(arg);
    bool nic_option = false;
    for (const char* o : per_nic) nic_option |= option == o;
    bool go = nic_option && slot > 0 ? apply_nic_option(s, c, *vm, arg, option, slot, value)
                                     : apply_vm_option(c, *vm, arg, option, value);
    if (!go) return;
  }
}

}  // namespace vboxsim
