#include "netns/vm_view.h"

#include <sstream>

#include "linux/iproute_parse.h"
#include "linux/linux_naming.h"
#include "netns/netns_naming.h"
#include "shell/posix.h"
#include "util/json.h"

namespace dcod::plugins {

namespace {

core::ObservedInterface observed_interface(const std::string& scenario, const LinuxLink& guest,
                                           const LinuxLink* host_end) {
  core::ObservedInterface i;
  i.whole = host_end != nullptr;
  i.mac = guest.mac;
  i.addresses = guest.addresses;
  i.mtu = guest.mtu;
  i.up = guest.up;
  if (!host_end) return i;
  i.net = marked_as(host_end->alias, scenario).value_or("");
  auto vni = vni_of_device(host_end->master);
  if (vni && host_end->master == bridge_name(*vni)) i.vni = vni;  // a VTEP's bridge
  i.mtu = host_end->mtu == guest.mtu ? guest.mtu : 0;
  i.up = host_end->up && guest.up;
  return i;
}

/// Forwarding of the "all" pseudo-interface of one family in `ip -j netconf show` output.
bool forwarding_of(const Json& netconf, const std::string& family) {
  if (!netconf.is_array()) return false;
  for (const Json& entry : netconf) {
    if (string_or(entry, "family") == family && string_or(entry, "interface") == "all")
      return flag_of(entry, "forwarding");
  }
  return false;
}

}  // namespace

LinkIndex index_links(const std::vector<LinuxLink>& links) {
  LinkIndex index;
  for (const LinuxLink& l : links) index.emplace(l.name, &l);
  return index;
}

core::ObservedVm observed_vm(const std::string& scenario, const std::string& host,
                             const std::string& vm, const NamespaceView& inside,
                             const LinkIndex& host_links) {
  core::ObservedVm o;
  const LinuxLink* lo = inside.link("lo");
  const bool booted = lo && lo->alias == vm_marker(scenario, host);
  o.complete = lo && lo->up && (booted || lo->alias == vm_booting_marker(scenario, host));
  o.booted = booted;
  for (const LinuxLink& l : inside.links) {
    auto id = interface_id_of(l.name);
    if (!id) continue;
    auto end = host_links.find(host_veth_name(vm, *id));
    o.interfaces[*id] =
        observed_interface(scenario, l, end == host_links.end() ? nullptr : end->second);
  }
  o.routes = inside.routes;
  o.forwarding_v4 = inside.forwarding_v4;
  o.forwarding_v6 = inside.forwarding_v6;
  return o;
}

std::string remote_vms_script(const std::string& scenario) {
  // A shell glob, not `ip netns list`, which opens every namespace on the host to print its id.
  std::string prefix = vm_netns_name(scenario, "");
  return "for path in /run/netns/" + sh_quote(prefix) +
         "*; do\n  [ -e \"$path\" ] || continue\n  ns=${path##*/}\n"
         "  echo \"@@section vm:$ns\"\n  ip -n \"$ns\" -j -batch - "
         "<<'DCOD_OBSERVE'\nlink show\naddr show scope global\n"
         "route show table all proto static\nnetconf show\nDCOD_OBSERVE\ndone\n";
}

Expected<NamespaceView> read_remote_vm(const std::string& netns, const std::string& output) {
  std::istringstream lines(output);
  std::string links_json, addresses_json, routes_json, netconf_json;
  for (std::string* line : {&links_json, &addresses_json, &routes_json, &netconf_json})
    std::getline(lines, *line);
  NamespaceView seen;
  auto links = parse_addressed_links(links_json, addresses_json);
  if (!links) return links.error();
  seen.links = std::move(*links);
  auto routes = parse_routes(routes_json);
  if (!routes) return routes.error();
  seen.routes = std::move(*routes);
  auto netconf = parse_json(netconf_json.empty() ? "[]" : netconf_json);
  if (!netconf)
    return Error{"cannot read `ip -j netconf show` in " + netns + ": " + netconf.error().message,
                 ""};
  seen.forwarding_v4 = forwarding_of(*netconf, "inet");
  seen.forwarding_v6 = forwarding_of(*netconf, "inet6");
  return seen;
}

}  // namespace dcod::plugins
