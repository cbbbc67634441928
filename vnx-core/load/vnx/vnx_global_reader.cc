// Readers for a VNX <global>, <net> and <host>, and for <cmd-seq> wherever it is.

#include "load/readers.h"
#include "load/vnx/vnx_readers.h"
#include "load/vnx/vnx_values.h"

namespace dcod::core {

namespace {

/// The name the director's stand-in VM gets (VNX calls the director "host" too).
constexpr std::string_view k_host_vm = "host";

/// A <hostif>: an interface of the director on a net, as VNX numbers them (in order).
Interface read_hostif(const ElementReader& e, std::uint32_t id, VnxReading& reading) {
  Interface iface;
  iface.where = e.where();
  iface.id = id;
  iface.net = e.name("net");
  for (const ElementReader& a : e.children()) {
    if (a.element_name() == "ipv4") read_vnx_address(a, IpFamily::v4, iface, reading);
    if (a.element_name() == "ipv6") read_vnx_address(a, IpFamily::v6, iface, reading);
    if (a.element_name() == "vlan")
      reading.unsupported.found(a, "vlan", "VLAN tags (<vlan>)",
                                "ignored: the interface is untagged");
  }
  return iface;
}

/// A route of the director's: to a prefix, through the scenario; its default route stays its own.
void read_host_route(const ElementReader& e, Vm& vm, VnxReading& reading) {
  auto route = read_vnx_route(e);
  if (!route) return;
  if (!route->destination) {
    reading.unsupported.found(e, "host-default", "a default route of the director (<host><route>)",
                              "ignored: the director's own default route stays");
    return;
  }
  vm.routes.push_back(*route);
}

void read_scenario_name(const ElementReader& e, Scenario& s) {
  std::string written = e.text();
  s.name = sanitized_scenario_name(written);
  if (s.name != written)
    e.note("scenario name '" + written + "' is used as '" + s.name +
               "': dcod's names hold letters, digits, '_' and '-', at most 24",
           "its namespaces, VMs and state directory are named after '" + s.name + "'");
}

void read_version(const ElementReader& e) {
  std::string version = e.text();
  if (version != "2.0" && version != "2.00")
    e.error("VNX language version '" + version + "' is not supported",
            "dcod reads VNX 2.0 (<version>2.0</version>)");
}

void read_vm_defaults(const ElementReader& e, VnxReading& reading) {
  for (const ElementReader& child : e.children()) {
    std::string_view kind = child.element_name();
    if (kind == "mem") {
      auto parsed = vnx_memory_mb(child.text());
      if (parsed && *parsed >= 4) {
        reading.defaults.memory_mb = parsed;
      } else {
        child.error("memory '" + child.text() + "' is not a size in M or G of at least 4M",
                    "for example <mem>256M</mem>");
      }
    } else if (kind == "forwarding") {
      reading.defaults.forwarding = read_forwarding(child);
    } else if (kind == "console") {
      reading.unsupported.found(child, "consoles (<console>)", "consoles (<console>)",
                                "ignored: reach a VM with dcod --exec VM -- CMD");
    } else if (kind == "filesystem") {
      reading.unsupported.found(
          child, "filesystem", "guest filesystem images (<filesystem>)",
          "ignored: on a netns host a VM is a network namespace running its host's programs");
    } else {
      reading.unsupported.found(child, std::string("default-") + std::string(kind),
                                "<vm_defaults><" + std::string(kind) + ">", "ignored");
    }
  }
}

void read_vm_mgmt(const ElementReader& e, VnxReading& reading) {
  if (e.string("type") == "none") return;
  e.choice("type", {"private", "net", "none"});
  reading.unsupported.found(e, "vm_mgmt", "management networks (<vm_mgmt>)",
                            "ignored: dcod reaches VMs through their hosts");
}

void read_global_child(const ElementReader& child, Scenario& s, VnxReading& reading) {
  std::string_view kind = child.element_name();
  if (kind == "scenario_name") return read_scenario_name(child, s);
  if (kind == "version") return read_version(child);
  if (kind == "cmd-seq") return read_command_sequence(child, reading.global_sequences);
  if (kind == "vm_defaults") return read_vm_defaults(child, reading);
  if (kind == "vm_mgmt") return read_vm_mgmt(child, reading);
  if (kind == "help") return;  // the sequences' descriptions: nothing to carry out
  if (kind == "automac") {
    child.note(
        "<automac>: dcod derives every MAC not given, stable per scenario, VM and "
        "interface (offset is not used)");
    return;
  }
  if (kind == "ssh_key" || kind == "ssh_version") {
    reading.unsupported.found(child, "ssh", "SSH into VMs (<ssh_key>, <ssh_version>)",
                              "ignored: reach a VM with dcod --exec VM -- CMD");
    return;
  }
  reading.unsupported.found(child, kind, "<" + std::string(kind) + ">", "ignored");
}

/// The attributes of a <net> dcod does not carry out, grouped by what they are about.
void report_net_attributes(const ElementReader& e, VnxReading& reading) {
  auto any = [&](std::initializer_list<std::string_view> names) {
    for (std::string_view n : names)
      if (e.has(n)) return true;
    return false;
  };
  if (any({"capture_file", "capture_dev", "capture_expression"}))
    reading.unsupported.found(e, "capture", "packet capture (capture_*)",
                              "ignored: run tcpdump on the net's bridge dcb<vni> on a host");
  if (any({"controller", "of_version", "fail_mode", "hwaddr"}))
    reading.unsupported.found(e, "ovs", "Open vSwitch settings (controller, of_version, ...)",
                              "ignored: a net is a Linux bridge and a VXLAN device per host");
  if (any({"bw", "delay", "loss"}))
    reading.unsupported.found(e, "shaping", "link shaping (bw, delay, loss)",
                              "ignored: links run at full speed");
  if (any({"mtu"}))
    reading.unsupported.found(e, "mtu", "a net's own MTU (mtu=)",
                              "every VM interface has the underlay MTU less 50");
  if (any({"stp", "hub", "vlan", "sock", "uml_switch_binary", "external"}))
    reading.unsupported.found(e, "bridge", "bridge settings (stp, hub, vlan, sock, external)",
                              "ignored");
  if (e.string("scope") == "shared")
    reading.unsupported.found(e, "scope", "nets shared between scenarios (scope=\"shared\")",
                              "the net belongs to this scenario alone");
  if (e.string("type") == "ppp" || e.string("type") == "p2p")
    reading.unsupported.found(e, "ppp", "point-to-point nets (type ppp, p2p)",
                              "the net is a LAN like any other");
}

}  // namespace

void read_vnx_global(const ElementReader& e, Scenario& s, VnxReading& reading) {
  for (const ElementReader& child : e.children()) read_global_child(child, s, reading);
}

Net read_vnx_net(const ElementReader& e, VnxReading& reading) {
  Net net;
  net.where = e.where();
  net.name = e.name("name");
  std::string mode = e.choice("mode", {"virtual_bridge", "openvswitch", "uml_switch", "veth"});
  if (mode == "uml_switch" || mode == "veth")
    e.note("mode \"" + mode +
           "\": the net is made as every dcod net is, a bridge and a VXLAN "
           "device on each host that carries it");
  e.choice("managed", {"yes", "no"});
  if (e.string("managed") == "no")
    reading.unsupported.found(e, "unmanaged", "external bridges (managed=\"no\")",
                              "the net is made by dcod as an overlay, not joined to a bridge "
                              "of the host");
  report_net_attributes(e, reading);
  for (const ElementReader& child : e.children()) {
    if (child.element_name() == "bw")
      reading.unsupported.found(child, "shaping", "link shaping (bw, delay, loss)",
                                "ignored: links run at full speed");
    if (child.element_name() == "connection")
      reading.unsupported.found(child, "connection", "connections between nets (<connection>)",
                                "ignored");
  }
  return net;
}

std::optional<Vm> read_vnx_host(const ElementReader& e, VnxReading& reading) {
  Vm vm;
  vm.name = std::string(k_host_vm);
  vm.where = e.where();
  vm.on_director = true;
  std::uint32_t next_id = 0;
  for (const ElementReader& child : e.children()) {
    std::string_view kind = child.element_name();
    if (kind == "hostif") {
      vm.interfaces.push_back(read_hostif(child, next_id++, reading));
    } else if (kind == "route") {
      read_host_route(child, vm, reading);
    } else if (kind == "forwarding") {
      reading.unsupported.found(child, "host-forwarding",
                                "forwarding on the director (<host><forwarding>)",
                                "ignored: the director's forwarding stays as it is");
    } else if (kind == "exec") {
      reading.unsupported.found(child, "host-exec", "commands on the director (<host><exec>)",
                                "ignored: dcod runs commands in VMs only; run them here yourself");
    } else if (kind == "physicalif") {
      reading.unsupported.found(child, "physicalif", "physical interfaces (<physicalif>)",
                                "ignored: no interface of the director is changed");
    }
  }
  if (vm.interfaces.empty()) {
    // Nothing of the director's joins the scenario: its routes would lead nowhere dcod makes.
    if (!vm.routes.empty())
      reading.unsupported.found(e, "host-routes-without-hostif",
                                "routes of the director without a <hostif>",
                                "ignored: the director joins no net of the scenario");
    return std::nullopt;
  }
  return vm;
}

void read_command_sequence(const ElementReader& e, std::map<std::string, CommandSequence>& into) {
  std::string name = e.string("seq");
  if (!is_valid_name(name) || name.size() > 32) {
    e.attribute_error("seq", "seq '" + name + "' is not a valid sequence name",
                      "names start with a letter and hold only letters, digits, '_' and '-'");
    return;
  }
  std::vector<std::string> members = comma_list(e.text());
  if (members.empty())
    e.error("<cmd-seq seq=\"" + name + "\"> names no sequence",
            "list the sequences it runs, for example: start-www,start-db");
  auto [it, added] = into.emplace(name, CommandSequence{members, e});
  if (!added)
    e.error("cmd-seq '" + name + "' is defined twice here", "merge the two lists into one");
}

}  // namespace dcod::core
