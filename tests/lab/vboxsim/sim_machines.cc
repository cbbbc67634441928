// Commands that make and remove VMs: createvm, clonevm, import, export, unregistervm, snapshot.

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim_call.h"

namespace vboxsim {

namespace fs = std::filesystem;

namespace {

/// The value after option `name` (--name X), or "".
std::string option(const Call& c, const std::string& name, std::size_t from = 1) {
  for (std::size_t i = from; i + 1 < c.args.size(); ++i) {
    if (c.args[i] == name) return c.args[i + 1];
  }
  return "";
}

bool flag(const Call& c, const std::string& name) {
  for (const std::string& a : c.args) {
    if (a == name) return true;
  }
  return false;
}

/// The Linux file a host path names: on a Windows host C:\... lies in the drive_c folder.
std::string host_file(const State& s, const std::string& path) {
  bool windows = path.size() > 2 && (path[0] == 'C' || path[0] == 'c') && path[1] == ':';
  if (s.config.drive_c.empty() || !windows) return path;
  std::string file = s.config.drive_c + path.substr(2);
  for (char& ch : file) ch = ch == '\\' ? '/' : ch;
  return file;
}

/// A new VM's folder; an error when its settings file is there already.
bool claim_folder(const State& s, Call& c, const std::string& folder, const std::string& name,
                  const std::string& context, int line) {
  std::string settings = folder + (s.config.drive_c.empty() ? "/" : "\\") + name + ".vbox";
  if (fs::exists(host_file(s, settings))) {
    c.com_error("Machine settings file '" + settings + "' already exists",
                "VBOX_E_FILE_ERROR (0x80bb0004)", "MachineWrap", "IMachine", context, line,
                "VBoxManageMisc.cpp");
    return false;
  }
  fs::create_directories(host_file(s, folder));
  std::ofstream(host_file(s, settings)) << "<VirtualBox/>\n";
  return true;
}

Vm fresh_vm(State& s, const std::string& name, const std::string& folder) {
  Vm vm;
  vm.uuid = s.new_uuid();
  vm.name = name;
  vm.folder = folder;
  vm.nics.resize(nic_slots(vm.chipset));
  return vm;
}

std::string base_folder(const State& s, const Call& c, const std::string& name) {
  std::string base = option(c, "--basefolder");
  if (base.empty()) base = s.config.machine_folder;
  return base + (s.config.drive_c.empty() ? "/" : "\\") + name;
}

}  // namespace

void cmd_createvm(State& s, Call& c) {
  std::string name = option(c, "--name");
  if (name.empty()) return c.error("Parameter --name is required", 1);
  std::string folder = base_folder(s, c, name);
  if (!claim_folder(s, c, folder, name, "CreateMachine(bstrSettingsFile.raw(), bstrName.raw())",
                    429))
    return;
  Vm vm = fresh_vm(s, name, folder);
  vm.ostype = option(c, "--ostype").empty() ? "Other" : option(c, "--ostype");
  vm.memory = 1024;
  // The real 7.2 gives a VM of a known OS type a NAT adapter in slot 1, and none otherwise.
  if (vm.ostype != "Other") vm.nics[0] = Nic{"nat", "", s.new_mac(), true, "deny"};
  c.out += "Virtual machine '" + name + "' is created and registered.\nUUID: " + vm.uuid +
           "\nSettings file: '" + vm.cfgfile() + "'\n";
  s.vms.push_back(std::move(vm));
}

void cmd_clonevm(State& s, Call& c) {
  Vm* base = machine_or_error(s, c, c.arg(1), "pszSrcName", 688, "VBoxManageMisc.cpp");
  if (!base) return;
  std::string name = option(c, "--name"), snapshot = option(c, "--snapshot");
  bool link = option(c, "--options").find("link") != std::string::npos;
  if (link && snapshot.empty()) {
    return c.com_error("Linked clone can only be created from a snapshot",
                       "NS_ERROR_INVALID_ARG (0x80070057)", "MachineWrap", "IMachine",
                       "CloneTo(trgMachine, mode, ComSafeArrayAsInParam(options), "
                       "progress.asOutParam())",
                       757, "VBoxManageMisc.cpp");
  }
  if (!snapshot.empty()) {
    bool found = false;
    for (const Snapshot& sn : base->snapshots) found |= sn.name == snapshot || sn.uuid == snapshot;
    if (!found) {
      return c.com_error("Could not find a snapshot named '" + snapshot + "'",
                         "VBOX_E_OBJECT_NOT_FOUND (0x80bb0001)", "MachineWrap", "IMachine",
                         "FindSnapshot(Bstr(pszSnapshotName).raw(), srcSnapshot.asOutParam())", 716,
                         "VBoxManageMisc.cpp");
    }
  }
  if (name.empty()) name = base->name + " Clone";
  std::string folder = base_folder(s, c, name);
  if (!claim_folder(s, c, folder, name,
                    "CreateMachine(bstrSettingsFile.raw(), Bstr(pszTrgName).raw())", 743))
    return;
  Vm clone = *base;
  clone.uuid = s.new_uuid();
  clone.name = name;
  clone.folder = folder;
  clone.state = "poweroff";
  clone.snapshots.clear();
  clone.current_snapshot.clear();
  clone.guestprops.clear();
  clone.netns.clear();
  clone.guest_pids.clear();
  if (!flag(c, "keepallmacs") && option(c, "--options").find("keepallmacs") == std::string::npos) {
    for (Nic& n : clone.nics) {
      if (n.kind != "none") n.mac = s.new_mac();
    }
  }
  c.progress();
  c.out += "Machine has been successfully cloned as \"" + name + "\"\n";
  s.vms.push_back(std::move(clone));
}

void cmd_export(State& s, Call& c) {
  Vm* vm = machine_or_error(s, c, c.arg(1), "a->argv[0]", 500, "VBoxManageAppliance.cpp");
  if (!vm) return;
  std::string file = option(c, "-o").empty() ? option(c, "--output") : option(c, "-o");
  nlohmann::json nics = nlohmann::json::array();
  for (const Nic& n : vm->nics)
    nics.push_back({{"kind", n.kind}, {"network", n.network}, {"cable", n.cable}});
  nlohmann::json ova = {{"vboxsim-appliance", vm->name}, {"ostype", vm->ostype},
                        {"memory", vm->memory},          {"cpus", vm->cpus},
                        {"chipset", vm->chipset},        {"nics", nics}};
  std::ofstream(file) << ova.dump() << "\n";
  c.progress();
  c.out += "Successfully exported 1 machine(s).\n";
}

void cmd_import(State& s, Call& c) {
  std::string file = c.arg(1);
  std::ifstream in(host_file(s, file));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json ova = nlohmann::json::parse(text.str(), nullptr, false);
  if (!in || !ova.is_object() || !ova.contains("vboxsim-appliance")) {
    return c.com_error("Appliance read failed", "VBOX_E_FILE_ERROR (0x80bb0004)", "ApplianceWrap",
                       "IAppliance", "Read(Bstr(pszAbsFilePath).raw(), progressRead.asOutParam())",
                       1490, "VBoxManageAppliance.cpp");
  }
  std::string name = option(c, "--vmname");
  if (name.empty()) name = ova.value("vboxsim-appliance", "vm") + " 1";
  std::string folder = base_folder(s, c, name);
  if (s.find(name) || !claim_folder(s, c, folder, name, "ImportMachines()", 1500)) return;
  Vm vm = fresh_vm(s, name, folder);
  vm.ostype = ova.value("ostype", "Other");
  vm.chipset = ova.value("chipset", "piix3");
  vm.nics.resize(nic_slots(vm.chipset));
  std::string memory = option(c, "--memory"), cpus = option(c, "--cpus");
  vm.memory = memory.empty() ? ova.value("memory", 128) : std::stoull(memory);
  vm.cpus = cpus.empty() ? ova.value("cpus", 1) : static_cast<std::uint32_t>(std::stoul(cpus));
  std::size_t slot = 0;
  for (const auto& n : ova.value("nics", nlohmann::json::array())) {
    if (slot < vm.nics.size() && n.value("kind", "none") != "none")
      vm.nics[slot] = Nic{n.value("kind", "null"), n.value("network", ""), s.new_mac(),
                          n.value("cable", true), "deny"};
    ++slot;
  }
  c.progress();
  c.err += "Interpreting " + file + "...\nOK.\n";
  c.progress();
  c.out += "Virtual system 0:\n 0: Suggested OS type: \"" + vm.ostype +
           "\"\n 1: VM name specified with --vmname: \"" + name +
           "\"\nSuccessfully imported the appliance.\n";
  s.vms.push_back(std::move(vm));
}

void cmd_unregistervm(State& s, Call& c) {
  Vm* vm = machine_or_error(s, c, c.arg(1), "VMName", 228, "VBoxManageMisc.cpp");
  if (!vm) return;
  if (vm->running()) {
    return c.com_error("Cannot unregister the machine '" + vm->name + "' while it is locked",
                       "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007)", "MachineWrap", "IMachine",
                       "Unregister(CleanupMode_DetachAllReturnHardDisksOnly, "
                       "ComSafeArrayAsOutParam(aMedia))",
                       239, "VBoxManageMisc.cpp");
  }
  if (flag(c, "--delete")) {
    c.progress();
    std::error_code ignored;
    fs::remove_all(host_file(s, vm->folder), ignored);
  }
  std::string uuid = vm->uuid;
  std::erase_if(s.vms, [&](const Vm& v) { return v.uuid == uuid; });
}

void cmd_snapshot(State& s, Call& c) {
  Vm* vm = machine_or_error(s, c, c.arg(1), "a->argv[0]", 448, "VBoxManageSnapshot.cpp");
  if (!vm) return;
  std::string what = c.arg(2);
  if (what == "take") {
    Snapshot sn{c.arg(3), s.new_uuid(), option(c, "--description", 3)};
    vm->snapshots.push_back(sn);
    vm->current_snapshot = sn.name;
    c.progress();
    c.out += "Snapshot taken. UUID: " + sn.uuid + "\n";
    return;
  }
  if (what == "list") {
    if (vm->snapshots.empty()) {
      c.out += "This machine does not have any snapshots\n";
      c.exit = 1;
      return;
    }
    std::string suffix;
    for (const Snapshot& sn : vm->snapshots) {
      c.out += "SnapshotName" + suffix + "=\"" + sn.name + "\"\nSnapshotUUID" + suffix + "=\"" +
               sn.uuid + "\"\n";
      if (!sn.description.empty())
        c.out += "SnapshotDescription" + suffix + "=\"" + sn.description + "\"\n";
      if (sn.name == vm->current_snapshot) {
        c.out += "CurrentSnapshotName=\"" + sn.name + "\"\nCurrentSnapshotUUID=\"" + sn.uuid +
                 "\"\nCurrentSnapshotNode=\"SnapshotName" + suffix + "\"\n";
      }
      suffix += "-1";
    }
    return;
  }
  c.error("Invalid parameter '" + what + "'", 1);
}

}  // namespace vboxsim
