#include "load/vnx/vnx_grammar.h"

namespace dcod::core {

namespace {

/// An element holding only text, with these attributes.
ElementRule text_element(std::string_view name, std::vector<AttributeRule> attributes = {}) {
  return {name, std::move(attributes), {}, true};
}

/// Children that may come in any order and any number (VNX's xs:choice).
std::vector<ChildRule> any_of(std::vector<std::string_view> names) {
  std::vector<ChildRule> out;
  for (std::string_view n : names) out.push_back({n, 0, false});
  return out;
}

std::vector<ElementRule> structure_rules() {
  return {
      {"vnx", {}, {{"global", 0}, {"net", 1}, {"vm", 2}, {"host", 3, true}}},
      {"global",
       {},
       {{"version", 0, true},
        {"scenario_name", 0, true},
        {"ssh_version", 0, true},
        {"ssh_key", 0},
        {"automac", 0, true},
        {"netconfig", 0, true},
        {"vm_mgmt", 0, true},
        {"tun_device", 0, true},
        {"vm_defaults", 0, true},
        {"cmd-seq", 0},
        {"extension", 0},
        {"vnx_cfg", 0, true},
        {"dynamips_ext", 0, true},
        {"olive_ext", 0, true},
        {"help", 0}}},
      {"net",
       {{"name", true},
        {"mode", true},
        {"capture_dev"},
        {"sock"},
        {"uml_switch_binary"},
        {"vlan"},
        {"capture_file"},
        {"controller"},
        {"of_version"},
        {"hwaddr"},
        {"fail_mode"},
        {"mtu"},
        {"stp"},
        {"managed"},
        {"external"},
        {"hub"},
        {"type"},
        {"capture_expression"},
        {"scope"},
        {"bw"},
        {"delay"},
        {"loss"}},
       {{"bw", 0, true}, {"connection", 1}}},
      {"connection",
       {{"name", true}, {"net"}, {"type"}, {"host"}, {"dst_port"}, {"src_port"}},
       {{"vlan", 0, true}}},
      {"vm",
       {{"name", true},
        {"type", true},
        {"subtype"},
        {"os"},
        {"os_subtype"},
        {"arch"},
        {"vcpu"},
        {"vcpu_quota"},
        {"order"},
        {"exec_mode"}},
       any_of({"boot",   "cdrom", "filesystem", "storage", "shareddir", "mem",     "video",
               "kernel", "conf",  "shell",      "basedir", "mng_if",    "console", "on_boot",
               "if",     "route", "forwarding", "user",    "filetree",  "exec",    "cmd-seq"})},
      {"vm_defaults",
       {},
       any_of({"filesystem", "mem", "kernel", "shell", "basedir", "mng_if", "console", "forwarding",
               "user", "exec_mode"})},
      {"if",
       {{"id", true}, {"net", true}, {"mac"}, {"bw"}, {"delay"}, {"loss"}, {"name"}},
       {{"vlan", 0, true}, {"mac", 1, true}, {"ipv4", 2}, {"ipv6", 2}, {"dns", 3}}},
      {"host",
       {},
       {{"hostif", 0}, {"physicalif", 1}, {"route", 2}, {"forwarding", 3, true}, {"exec", 4}}},
      {"hostif", {{"net", true}}, {{"vlan", 0, true}, {"ipv4", 1}, {"ipv6", 1}}},
      {"vlan", {{"trunk"}}, {{"tag", 0}}},
      {"tag", {{"id", true}}, {}},
      {"help", {}, {{"seq_help", 0}}},
      {"user", {{"username", true}, {"group"}}, {{"group", 0}, {"ssh_key", 0}}},
      {"vm_mgmt",
       {{"type", true}, {"mask"}, {"network"}, {"offset"}},
       {{"mgmt_net", 0, true}, {"host_mapping", 1, true}}},
      {"mgmt_net", {{"net"}, {"managed"}, {"config"}}, {}},
      {"automac", {{"offset"}}, {}},
      {"netconfig", {{"promisc"}, {"stp"}}, {}},
      {"extension", {{"conf", true}, {"plugin", true}}, {}},
      {"forwarding", {{"type", true}}, {}},
      {"physicalif", {{"name", true}, {"ip", true}, {"mask"}, {"type"}, {"gw"}}, {}},
  };
}

std::vector<ElementRule> text_rules() {
  return {
      text_element("version"),
      text_element("scenario_name"),
      text_element("ssh_version"),
      text_element("ssh_key"),
      text_element("tun_device"),
      text_element("vnx_cfg"),
      text_element("dynamips_ext"),
      text_element("olive_ext"),
      text_element("host_mapping"),
      text_element("cmd-seq", {{"seq", true}}),
      text_element("seq_help", {{"seq", true}}),
      text_element("exec", {{"seq", true}, {"type", true}, {"ostype"}, {"user"}}),
      text_element("exec_mode", {{"type", true}, {"subtype"}, {"os"}}),
      text_element("filesystem", {{"type"}, {"loader"}, {"bus"}, {"vm_type"}, {"subtype"}, {"os"}}),
      text_element("filetree", {{"seq", true}, {"root", true}, {"user"}, {"group"}, {"perms"}}),
      text_element("console", {{"id", true}, {"display"}, {"port"}}),
      text_element("kernel", {{"root"}, {"devfs"}, {"modules"}, {"initrd"}, {"trace"}}),
      text_element("shareddir", {{"root", true}, {"options"}}),
      text_element("storage", {{"type"}}),
      text_element("ipv4", {{"mask"}, {"type"}}),
      text_element("ipv6", {{"mask"}}),
      text_element("route", {{"type", true}, {"gw", true}}),
      text_element("boot"),
      text_element("bw"),
      text_element("delay"),
      text_element("loss"),
      text_element("cdrom"),
      text_element("conf"),
      text_element("basedir"),
      text_element("group"),
      text_element("mac"),
      text_element("mem"),
      text_element("mng_if"),
      text_element("on_boot"),
      text_element("shell"),
      text_element("video"),
      text_element("dns"),
  };
}

}  // namespace

const Grammar& vnx_grammar() {
  static const Grammar grammar = [] {
    Grammar g{structure_rules()};
    for (ElementRule& r : text_rules()) g.rules.push_back(std::move(r));
    return g;
  }();
  return grammar;
}

}  // namespace dcod::core
