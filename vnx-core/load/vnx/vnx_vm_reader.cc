// Readers for a VNX <vm> and what it holds: interfaces and their addresses, routes,
// forwarding, exec commands and per-VM cmd-seq.

#include <algorithm>

#include "load/readers.h"
#include "load/vnx/vnx_readers.h"
#include "load/vnx/vnx_values.h"

namespace dcod::core {

namespace {

/// The <vm> children dcod does not use, with what it does instead.
struct IgnoredChild {
  std::string_view name, what, instead;
};

const std::vector<IgnoredChild>& ignored_vm_children() {
  static const std::vector<IgnoredChild> table = {
      {"console", "consoles (<console>)", "ignored: reach a VM with dcod --exec VM -- CMD"},
      {"filetree", "copying files into VMs (<filetree>)",
       "ignored: netns VMs see their host's files; put them there"},
      {"user", "guest users (<user>)", "ignored: commands in a VM run as root"},
      {"kernel", "guest kernels (<kernel>)", "ignored: a netns VM runs its host's kernel"},
      {"boot", "boot devices (<boot>, <cdrom>, <storage>)", "ignored"},
      {"cdrom", "boot devices (<boot>, <cdrom>, <storage>)", "ignored"},
      {"storage", "boot devices (<boot>, <cdrom>, <storage>)", "ignored"},
      {"shareddir", "shared directories (<shareddir>)",
       "ignored: netns VMs see their host's files"},
      {"video", "guest display settings (<video>)", "ignored"},
      {"conf", "router configuration files (<conf>)", "ignored"},
      {"shell", "guest shells (<shell>)", "ignored: commands run with /bin/sh"},
      {"basedir", "guest base directories (<basedir>)", "ignored"},
      {"mng_if", "management interfaces (<mng_if>)",
       "ignored: dcod reaches VMs through their hosts"},
      {"on_boot", "<on_boot> elements",
       "ignored: give boot commands as <exec seq=\"on_boot\">, which dcod runs"},
  };
  return table;
}

void read_mac(const ElementReader& e, std::string_view text, Interface& iface) {
  auto mac = parse_mac(std::string(text));
  if (!mac) {
    e.error("mac '" + std::string(text) + "' is not six colon-separated hex octets",
            "for example 02:fd:00:00:01:01");
  } else if (mac->is_multicast() || mac->is_zero()) {
    e.error("mac '" + std::string(text) + "' is not a unicast address",
            "the low bit of the first octet must be 0, as in 02:...");
  } else {
    iface.mac = mac;
  }
}

Interface read_vnx_interface(const ElementReader& e, VnxReading& reading) {
  Interface iface;
  iface.where = e.where();
  auto id = e.integer("id", 0, 99);
  iface.id = id ? static_cast<std::uint32_t>(*id) : Interface::k_refused_id;
  iface.net = e.name("net");
  if (e.has("mac")) read_mac(e, e.string("mac"), iface);
  if (e.has("name"))
    reading.unsupported.found(e, "if-name", "guest interface names (<if name=...>)",
                              "a VM's interface is named eth<id>");
  if (e.has("bw") || e.has("delay") || e.has("loss"))
    reading.unsupported.found(e, "shaping", "link shaping (bw, delay, loss)",
                              "ignored: links run at full speed");
  for (const ElementReader& child : e.children()) {
    std::string_view kind = child.element_name();
    if (kind == "mac") read_mac(child, child.text(), iface);
    if (kind == "ipv4") read_vnx_address(child, IpFamily::v4, iface, reading);
    if (kind == "ipv6") read_vnx_address(child, IpFamily::v6, iface, reading);
    if (kind == "vlan")
      reading.unsupported.found(child, "vlan", "VLAN tags (<vlan>)",
                                "ignored: the interface is untagged");
    if (kind == "dns") reading.unsupported.found(child, "dns", "DNS servers (<dns>)", "ignored");
  }
  return iface;
}

/// The guest's kind: VNX picks a hypervisor by it, dcod by the host the VM lands on.
void note_guest_kind(const ElementReader& e, VnxReading& reading) {
  reading.unsupported.found(
      e, "filesystem", "guest filesystem images (<filesystem>)",
      "ignored: on a netns host a VM is a network namespace running its host's programs; a VM "
      "placed on a VirtualBox host is made from an .ova given as <filesystem>");
}

std::optional<Image> read_filesystem(const ElementReader& e, VnxReading& reading) {
  std::string path = e.text();
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".ova") == 0) {
    Image image;
    image.ova = path;
    image.where = e.where();
    return image;
  }
  note_guest_kind(e, reading);
  return std::nullopt;
}

void read_memory(const ElementReader& e, std::uint64_t& memory_mb) {
  auto mb = vnx_memory_mb(e.text());
  if (!mb || *mb < 4) {
    e.error("memory '" + e.text() + "' is not a size in M or G of at least 4M",
            "for example <mem>256M</mem>");
    return;
  }
  memory_mb = *mb;
}

void read_vm_attributes(const ElementReader& e, Vm& vm, VnxReading& reading) {
  if (auto cpus = e.integer("vcpu", 1, 1024)) vm.cpus = static_cast<std::uint32_t>(*cpus);
  if (e.has("vcpu_quota"))
    reading.unsupported.found(e, "vcpu_quota", "CPU quotas (vcpu_quota)", "ignored");
  if (e.has("order"))
    reading.unsupported.found(e, "order", "boot order (order=)",
                              "VMs are made in parallel, each host's in dependency order");
  if (e.has("exec_mode"))
    reading.unsupported.found(e, "exec_mode", "command channels (exec_mode)",
                              "commands reach a VM through its host");
}

/// Reads a <route>, <forwarding> or <exec> of a <vm> into `vm`; false for another child.
bool read_vm_config(const ElementReader& child, Vm& vm, VnxReading& reading) {
  std::string_view kind = child.element_name();
  if (kind == "route") {
    if (auto route = read_vnx_route(child)) vm.routes.push_back(*route);
  } else if (kind == "forwarding") {
    vm.forwarding = read_forwarding(child);
  } else if (kind == "exec") {
    for (Exec& exec : read_vnx_exec(child, reading)) vm.execs.push_back(std::move(exec));
  } else {
    return false;
  }
  return true;
}

void read_vm_child(const ElementReader& child, Vm& vm, VnxReading& reading) {
  if (read_vm_config(child, vm, reading)) return;
  std::string_view kind = child.element_name();
  auto ignored = std::find_if(ignored_vm_children().begin(), ignored_vm_children().end(),
                              [&](const IgnoredChild& c) { return c.name == kind; });
  if (ignored != ignored_vm_children().end()) {
    reading.unsupported.found(child, ignored->what, std::string(ignored->what),
                              std::string(ignored->instead));
  } else if (kind == "filesystem") {
    vm.image = read_filesystem(child, reading);
  } else if (kind == "mem") {
    read_memory(child, vm.memory_mb);
  } else if (kind == "if") {
    vm.interfaces.push_back(read_vnx_interface(child, reading));
  } else if (kind == "cmd-seq") {
    read_command_sequence(child, reading.vm_sequences[vm.name]);
  }
}

}  // namespace

Vm read_vnx_vm(const ElementReader& e, VnxReading& reading) {
  Vm vm;
  vm.where = e.where();
  vm.name = e.name("name");
  if (reading.defaults.memory_mb) vm.memory_mb = *reading.defaults.memory_mb;
  if (reading.defaults.forwarding) vm.forwarding = *reading.defaults.forwarding;
  read_vm_attributes(e, vm, reading);
  for (const ElementReader& child : e.children()) read_vm_child(child, vm, reading);
  std::stable_sort(vm.interfaces.begin(), vm.interfaces.end(),
                   [](const Interface& a, const Interface& b) { return a.id < b.id; });
  return vm;
}

void read_vnx_address(const ElementReader& e, IpFamily family, Interface& iface,
                      VnxReading& reading) {
  std::string text = e.text();
  if (text == "dhcp") {
    reading.unsupported.found(e, "dhcp", "dhcp addresses", "the interface gets no address");
    return;
  }
  if (text.find('/') == std::string::npos) {
    // VNX: the mask attribute, dotted or a length; IPv4 without one is a /24.
    if (family == IpFamily::v6 && !e.has("mask")) {
      e.error("'" + text + "' has no prefix length", "for example 2001:db8::2/64, or mask=\"64\"");
      return;
    }
    std::string mask = e.string("mask", "24");
    auto length = vnx_mask_length(mask, family);
    if (!length) {
      e.attribute_error("mask",
                        "mask '" + mask + "' is not a prefix length" +
                            (family == IpFamily::v4 ? " or a dotted mask" : ""),
                        family == IpFamily::v4 ? "for example mask=\"255.255.255.0\" or \"24\""
                                               : "for example mask=\"64\"");
      return;
    }
    text += "/" + std::to_string(*length);
  }
  add_interface_address(e, text, family, iface);
}

std::optional<Route> read_vnx_route(const ElementReader& e) {
  Route route;
  route.where = e.where();
  std::string type = e.choice("type", {"ipv4", "ipv6"});
  IpFamily family = type == "ipv6" ? IpFamily::v6 : IpFamily::v4;
  std::string gw = e.string("gw");
  auto gateway = parse_ip_address(gw);
  if (!gateway) {
    if (e.has("gw")) e.attribute_error("gw", "gw '" + gw + "' is not an IP address");
    return std::nullopt;
  }
  if (!type.empty() && gateway->family != family) {
    e.attribute_error("gw", "gw '" + gw + "' is not an address of type " + type);
    return std::nullopt;
  }
  route.gateway = *gateway;
  return route_to_text(e, route);
}

std::vector<Exec> read_vnx_exec(const ElementReader& e, VnxReading& reading) {
  std::string type = e.choice("type", {"verbatim", "file"});
  std::string ostype =
      e.choice("ostype", {"system", "exec", "xsystem", "xexec", "cmd", "show", "set", "load"});
  if (e.has("user"))
    reading.unsupported.found(e, "exec-user", "running commands as another user (user=)",
                              "commands run as root");
  if (ostype == "xsystem" || ostype == "xexec")
    reading.unsupported.found(e, "exec-x", "graphical commands (ostype xsystem, xexec)",
                              "they run as plain commands, with no display");
  if (ostype == "show" || ostype == "set" || ostype == "load") {
    reading.unsupported.found(e, "exec-router", "router commands (ostype show, set, load)",
                              "ignored: the command is not run");
    return {};
  }
  if (type == "file")
    e.note(
        "type=\"file\": the file is run where it is, on the VM's host (netns VMs see their "
        "host's files)");
  std::string command = e.text();
  if (command.empty()) e.error("the command is empty", "write it as the element's text");
  std::vector<Exec> out;
  for (const std::string& seq : comma_list(e.string("seq"))) {
    if (!is_valid_name(seq) || seq.size() > 32) {
      e.attribute_error("seq", "seq '" + seq + "' is not a valid sequence name",
                        "names start with a letter and hold only letters, digits, '_' and '-'");
      continue;
    }
    out.push_back({seq, command, e.where()});
  }
  return out;
}

}  // namespace dcod::core
