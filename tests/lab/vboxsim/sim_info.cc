// list and showvminfo --machinereadable, in the real 7.2's format and key order.

#include <set>

#include "sim_call.h"

namespace vboxsim {

namespace {

std::string ostype_description(const std::string& id) {
  if (id == "Debian_64") return "Debian (64-bit)";
  if (id == "Debian") return "Debian (32-bit)";
  if (id == "Other") return "Other/Unknown";
  return id;
}

std::string quoted(const std::string& key, const std::string& value) {
  std::string escaped;
  for (char ch : value) {
    if (ch == '"' || ch == '\\') escaped += '\\';
    escaped += ch;
  }
  return key + "=\"" + escaped + "\"\n";
}

std::string nic_lines(const Nic& n, std::size_t slot) {
  std::string k = std::to_string(slot);
  if (n.kind == "none") return quoted("nic" + k, "none");
  std::string out;
  if (n.kind == "intnet") out += quoted("intnet" + k, n.network);
  if (n.kind == "bridged") out += quoted("bridgeadapter" + k, n.network);
  if (n.kind == "nat") out += quoted("natnet" + k, "nat");
  out += quoted("macaddress" + k, n.mac) + quoted("cableconnected" + k, n.cable ? "on" : "off") +
         quoted("nic" + k, n.kind) + quoted("nictype" + k, "82540EM") + quoted("nicspeed" + k, "0");
  if (n.kind == "nat") {
    out +=
        "mtu=\"0\"\nsockSnd=\"64\"\nsockRcv=\"64\"\ntcpWndSnd=\"64\"\ntcpWndRcv=\"64\"\n"
        "localhostReachable=\"0\"\nforwardBroadcast=\"0\"\nenableTFTP=\"0\"\n";
  }
  return out;
}

std::string head_lines(const Vm& v) {
  return quoted("name", v.name) + quoted("encryption", "disabled") + quoted("groups", "/") +
         quoted("platformArchitecture", "x86") + quoted("ostype", ostype_description(v.ostype)) +
         quoted("UUID", v.uuid) + quoted("CfgFile", v.cfgfile()) +
         quoted("SnapFldr", v.folder + "/Snapshots") + quoted("LogFldr", v.folder + "/Logs") +
         quoted("hardwareuuid", v.uuid) + "memory=" + std::to_string(v.memory) + "\n" +
         "pagefusion=\"off\"\nvram=8\ncpuexecutioncap=100\ncpu-profile=\"host\"\n" +
         quoted("chipset", v.chipset) + "firmware=\"BIOS\"\ncpus=" + std::to_string(v.cpus) + "\n";
}

std::string board_lines(const Vm& v) {
  // A VM of a known OS type gets that type's recommended settings; "Other" VirtualBox's own.
  const bool known = v.ostype != "Other";
  return std::string("hpet=\"off\"\npae=\"") + (known ? "off" : "on") +
         "\"\nlongmode=\"on\"\ntriplefaultreset=\"off\"\napic=\"on\"\nx2apic=\"" +
         (known ? "on" : "off") +
         "\"\nnested-hw-virt=\"off\"\nhwvirtex=\"on\"\nnestedpaging=\"on\"\n"
         "largepages=\"off\"\nvtxvpid=\"on\"\nvtxux=\"on\"\nvirtvmsavevmload=\"on\"\n"
         "cpuid-portability-level=0\nbootmenu=\"messageandmenu\"\nboot1=\"floppy\"\n"
         "boot2=\"dvd\"\nboot3=\"disk\"\nboot4=\"none\"\nacpi=\"on\"\nioapic=\"on\"\n"
         "biosapic=\"apic\"\nbiossystemtimeoffset=0\n" +
         quoted("NvramFile", v.folder + "/" + v.name + ".nvram") + "rtcuseutc=\"" +
         (known ? "on" : "off") +
         "\"\niommu=\"none\"\nparavirtprovider=\"default\"\neffparavirtprovider=\"" +
         (known ? "kvm" : "none") + "\"\n" + quoted("VMState", v.state) +
         quoted("VMStateChangeTime", v.state_time) +
         "graphicscontroller=\"vboxvga\"\nmonitorcount=1\naccelerate3d=\"off\"\n"
         "teleporterenabled=\"off\"\nteleporterport=0\nteleporteraddress=\"\"\n"
         "teleporterpassword=\"\"\ntracing-enabled=\"off\"\ntracing-allow-vm-access=\"off\"\n"
         "tracing-config=\"\"\nautostart-enabled=\"off\"\nautostart-delay=0\n"
         "defaultfrontend=\"\"\nvmprocpriority=\"default\"\n";
}

std::string device_lines(const Vm& v) {
  return "hidpointing=\"ps2mouse\"\nhidkeyboard=\"ps2kbd\"\nuart1=\"off\"\nuart2=\"off\"\n"
         "uart3=\"off\"\nuart4=\"off\"\nlpt1=\"off\"\nlpt2=\"off\"\naudio=\"default\"\n"
         "audio_out=\"off\"\naudio_in=\"off\"\nclipboard=\"disabled\"\n"
         "clipboard_file_transfers=\"off\"\ndraganddrop=\"disabled\"\nvrde=\"off\"\n"
         "usb=\"off\"\nehci=\"off\"\nxhci=\"off\"\nrecording_started=\"off\"\n"
         "recording_enabled=\"off\"\nrecording_screens=1\n rec_screen0\n"
         "rec_screen_enabled=\"on\"\nrec_screen_id=0\nrec_screen_video_enabled=\"on\"\n"
         "rec_screen_audio_enabled=\"off\"\nrec_screen_dest=\"File\"\n" +
         quoted("rec_screen_dest_filename", v.folder + "/" + v.name + "-screen0.webm") +
         "rec_screen_opts=\"ac_profile=med\"\nrec_screen_video_res_xy=\"1024x768\"\n"
         "rec_screen_video_rate_kbps=512\nrec_screen_video_fps=25\n";
}

std::string snapshot_lines(const Vm& v) {
  std::string out;
  // A chain of snapshots, each the child of the one before: SnapshotName, SnapshotName-1, ...
  std::string suffix;
  for (std::size_t i = 0; i < v.snapshots.size(); ++i) {
    const Snapshot& s = v.snapshots[i];
    out += quoted("SnapshotName" + suffix, s.name) + quoted("SnapshotUUID" + suffix, s.uuid);
    if (!s.description.empty()) out += quoted("SnapshotDescription" + suffix, s.description);
    if (s.name == v.current_snapshot) {
      out += quoted("CurrentSnapshotName", s.name) + quoted("CurrentSnapshotUUID", s.uuid) +
             quoted("CurrentSnapshotNode", "SnapshotName" + suffix);
    }
    suffix += "-1";
  }
  return out;
}

}  // namespace

std::string machine_readable(const Vm& v) {
  std::string out = head_lines(v) + board_lines(v);
  for (std::size_t slot = 1; slot <= v.nics.size(); ++slot)
    out += nic_lines(v.nics[slot - 1], slot);
  out += device_lines(v);
  if (!v.description.empty()) out += quoted("description", v.description);
  return out + snapshot_lines(v) + "GuestMemoryBalloon=0\n";
}

void cmd_list(State& s, Call& c) {
  std::string what = c.arg(1);
  if (what == "vms" || what == "runningvms") {
    for (const Vm& v : s.vms) {
      if (what == "vms" || v.running()) c.out += "\"" + v.name + "\" {" + v.uuid + "}\n";
    }
    return;
  }
  if (what == "intnets") {
    // Every enabled adapter has an internal network name ("intnet" until one is given), and
    // the real one lists them all, sorted.
    std::set<std::string> names;
    for (const Vm& v : s.vms) {
      for (const Nic& n : v.nics) {
        if (n.kind != "none") names.insert(n.kind == "intnet" ? n.network : "intnet");
      }
    }
    for (const std::string& n : names) c.out += "Name:        " + n + "\n";
    return;
  }
  if (what == "systemproperties") {
    c.out += "API version:                     7_2\nDefault machine folder:          " +
             s.config.machine_folder + "\n";
    return;
  }
  c.error("Unknown subcommand: " + what, 1);
}

void cmd_showvminfo(State& s, Call& c) {
  std::string name = c.arg(1);
  bool machine = false;
  for (std::size_t i = 2; i < c.args.size(); ++i) {
    if (c.args[i] == "--machinereadable") {
      machine = true;
    } else {
      return c.unknown_option(c.args[i], "Show configuration information about a VM");
    }
  }
  Vm* vm = machine_or_error(s, c, name, "VMNameOrUuid", 3248, "VBoxManageInfo.cpp");
  if (!vm) return;
  if (!machine) {
    c.out += "Name:                        " + vm->name +
             "\nUUID:                        " + vm->uuid +
             "\nState:                       " + vm->state + "\n";
    return;
  }
  c.out += machine_readable(*vm);
}

}  // namespace vboxsim
