// startvm, controlvm, and the data of a VM: extradata and guest properties.

#include <fnmatch.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "sim_call.h"

namespace vboxsim {

namespace {

std::string now_text() {
  std::time_t t = std::time(nullptr);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", std::gmtime(&t));
  return text;
}

/// VirtualBox's pattern: globs separated by '|'.
bool matches(const std::string& patterns, const std::string& name) {
  std::size_t start = 0;
  while (start <= patterns.size()) {
    std::size_t bar = patterns.find('|', start);
    std::string one = patterns.substr(start, bar == std::string::npos ? bar : bar - start);
    if (::fnmatch(one.c_str(), name.c_str(), 0) == 0) return true;
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return false;
}

void set_state(Vm& vm, const std::string& state) {
  vm.state = state;
  std::time_t t = std::time(nullptr);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000000000", std::gmtime(&t));
  vm.state_time = text;
}

bool running_or_error(Call& c, const Vm& vm) {
  if (vm.running()) return true;
  c.error("Machine '" + vm.name + "' is not currently running.");
  return false;
}

void control_nic(State& s, Call& c, Vm& vm, const std::string& what) {
  std::size_t slot = std::stoul(what.substr(what.find_first_of("0123456789")));
  if (slot < 1 || slot > vm.nics.size())
    return c.error("Invalid NIC number " + std::to_string(slot));
  Nic& nic = vm.nics[slot - 1];
  std::string kind = what.substr(0, what.find_first_of("0123456789"));
  if (kind == "nic") {
    if (nic.kind == "none") {  // the pitfall: said as an error, but the exit status is 0
      c.error("The NIC " + std::to_string(slot) +
                  " is currently disabled and thus its attachment type can't be changed.",
              0);
      return;
    }
    nic.kind = c.arg(3);
    nic.network = c.arg(4);
  } else if (kind == "setlinkstate") {
    nic.cable = c.arg(3) == "on";
  } else if (kind == "nicpromisc") {
    nic.promisc = c.arg(3);
  } else {
    return c.error("Invalid parameter '" + what + "'");
  }
  realize_nic(s, vm, slot);
}

}  // namespace

void cmd_startvm(State& s, Call& c) {
  Vm* vm = machine_or_error(s, c, c.arg(1), "pszVM", 907, "VBoxManageMisc.cpp");
  if (!vm) return;
  if (vm->running()) {
    return c.com_error("The machine '" + vm->name +
                           "' is already locked by a session (or being locked or unlocked)",
                       "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007)", "MachineWrap", "IMachine",
                       "LaunchVMProcess(a->session, sessionType.raw(), "
                       "ComSafeArrayAsInParam(aBstrEnv), progress.asOutParam())",
                       948, "VBoxManageMisc.cpp");
  }
  c.out += "Waiting for VM \"" + vm->name + "\" to power on...\n";
  set_state(*vm, "running");
  realize_start(s, *vm, c);
  if (c.exit == 0) c.out += "VM \"" + vm->name + "\" has been successfully started.\n";
}

void cmd_controlvm(State& s, Call& c) {
  Vm* vm = machine_or_error(s, c, c.arg(1), "a->argv[0]", 146, "VBoxManageControlVM.cpp");
  if (!vm || !running_or_error(c, *vm)) return;
  std::string what = c.arg(2);
  if (what == "poweroff" || what == "acpipowerbutton") {
    if (what == "poweroff") c.progress();
    realize_stop(s, *vm);
    set_state(*vm, "poweroff");
    return;
  }
  if (what.find_first_of("0123456789") != std::string::npos) return control_nic(s, c, *vm, what);
  c.error("Invalid parameter '" + what + "'");
}

void cmd_getextradata(State& s, Call& c) {
  std::map<std::string, std::string>* data = &s.global_extradata;
  if (c.arg(1) != "global") {
    Vm* vm = machine_or_error(s, c, c.arg(1), "a->argv[0]", 1380, "VBoxManageMisc.cpp");
    if (!vm) return;
    data = &vm->extradata;
  }
  if (c.arg(2) == "enumerate") {
    for (const auto& [k, v] : *data) c.out += "Key: " + k + ", Value: " + v + "\n";
    return;
  }
  auto it = data->find(c.arg(2));
  c.out += it == data->end() ? "No value set!\n" : "Value: " + it->second + "\n";
}

void cmd_setextradata(State& s, Call& c) {
  std::map<std::string, std::string>* data = &s.global_extradata;
  if (c.arg(1) != "global") {
    Vm* vm = machine_or_error(s, c, c.arg(1), "a->argv[0]", 1438, "VBoxManageMisc.cpp");
    if (!vm) return;
    data = &vm->extradata;
  }
  if (c.args.size() < 4 || c.arg(3).empty()) {
    data->erase(c.arg(2));
  } else {
    (*data)[c.arg(2)] = c.arg(3);
  }
}

void cmd_guestproperty(State& s, Call& c) {
  std::string what = c.arg(1);
  Vm* vm = machine_or_error(s, c, c.arg(2), "a->argv[0]", 120, "VBoxManageGuestProp.cpp");
  if (!vm) return;
  if (what == "get") {
    auto it = vm->guestprops.find(c.arg(3));
    c.out += it == vm->guestprops.end() ? "No value set!\n" : "Value: " + it->second + "\n";
  } else if (what == "set") {
    if (c.args.size() < 5) {
      vm->guestprops.erase(c.arg(3));
    } else {
      vm->guestprops[c.arg(3)] = c.arg(4);
    }
  } else if (what == "unset" || what == "delete") {
    vm->guestprops.erase(c.arg(3));
  } else if (what == "enumerate") {
    std::string patterns = c.arg(3) == "--patterns" ? c.arg(4) : "*";
    // Names and quoted values are padded to line up.
    std::size_t width = 0, value_width = 0;
    for (const auto& [k, v] : vm->guestprops) {
      if (!matches(patterns, k)) continue;
      width = std::max(width, k.size());
      value_width = std::max(value_width, v.size() + 2);
    }
    bool any = false;
    for (const auto& [k, v] : vm->guestprops) {
      if (!matches(patterns, k)) continue;
      any = true;
      c.out += k + std::string(width - k.size(), ' ') + " = '" + v + "'" +
               std::string(value_width - v.size() - 2, ' ') + " @ " + now_text() + "\n";
    }
    if (!any) c.out += "No properties found.\n";
  } else {
    c.error("Invalid parameter '" + what + "'");
  }
}

}  // namespace vboxsim
