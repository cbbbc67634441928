#include "linux/proxy_configurator.h"

#include <set>
#include <sstream>

#include "linux/iproute_parse.h"
#include "linux/linux_naming.h"
#include "linux/sections.h"
#include "shell/posix.h"

namespace dcod::plugins {

using core::ActionOp;
using core::ObjectKind;

ProxyConfigurator::ProxyConfigurator(std::string netns, std::string scenario, std::uint16_t port)
    : m_netns(std::move(netns)), m_scenario(std::move(scenario)), m_port(port) {}

std::string ProxyConfigurator::ip() const {
  return m_netns.empty() ? "ip" : "ip -n " + sh_quote(m_netns);
}
std::string ProxyConfigurator::bridge() const {
  return m_netns.empty() ? "bridge" : "bridge -n " + sh_quote(m_netns);
}

std::string ProxyConfigurator::observe_script() const {
  // Links, bridges and permanent neighbours from one `ip` process (one JSON line each), without
  // details (-d makes every bridge port's output ten times longer); the details of the VXLAN
  // devices alone from a second; the FDB from `bridge`.
  return section_marker("links") + "\n" + ip() +
         " -j -batch - <<'DCOD_OBSERVE'\nlink show\naddr show scope global\nlink show type "
         "bridge\nneigh show nud permanent\nDCOD_OBSERVE\n" +
         section_marker("vxlan") + "\n" + ip() + " -d -j link show type vxlan\n" +
         section_marker("fdb") + "\n" + bridge() + " -j fdb show\n";
}

void ProxyConfigurator::with_kinds(std::vector<LinuxLink>& links,
                                   const std::vector<LinuxLink>& bridges,
                                   const std::vector<LinuxLink>& vxlans) {
  std::map<std::string, const LinuxLink*> vxlan_of;
  for (const LinuxLink& v : vxlans) vxlan_of[v.name] = &v;
  std::set<std::string> bridge_names;
  for (const LinuxLink& b : bridges) bridge_names.insert(b.name);
  for (LinuxLink& l : links) {
    if (bridge_names.count(l.name)) l.kind = "bridge";
    auto v = vxlan_of.find(l.name);
    if (v == vxlan_of.end()) continue;
    l.kind = "vxlan";
    l.vxlan = v->second->vxlan;
  }
}

void ProxyConfigurator::add_owned(LinuxLink link, const std::string& net,
                                  ProxyObservation& out) const {
  auto vni = vni_of_device(link.name);
  if (!vni) return;
  core::ObservedVtep& vtep = out.vteps[*vni];
  if (link.kind == "bridge" && link.name == bridge_name(*vni)) {
    vtep.bridge = core::ObservedBridge{net, link.mtu, link.up};
  } else if (link.kind == "vxlan" && link.name == vxlan_name(*vni) && link.vxlan) {
    const LinuxVxlan& x = *link.vxlan;
    vtep.tunnel = core::ObservedTunnel{
        net,      x.id,   x.local, x.port, x.learning, x.proxy, link.master == bridge_name(*vni),
        link.mtu, link.up};
  }
}

Expected<ProxyObservation> ProxyConfigurator::read(
    const std::map<std::string, std::string>& sections) const {
  auto section = [&](const char* name) {
    auto it = sections.find(name);
    return it == sections.end() ? std::string() : it->second;
  };
  std::istringstream lines(section("links"));
  std::string links_json, addresses_json, bridges_json, neigh_json;
  for (std::string* line : {&links_json, &addresses_json, &bridges_json, &neigh_json})
    std::getline(lines, *line);
  NamespaceView view;
  auto links = parse_addressed_links(links_json, addresses_json);
  if (!links) return links.error();
  view.links = std::move(*links);
  auto bridges = parse_links(bridges_json);
  if (!bridges) return bridges.error();
  auto vxlans = parse_links(section("vxlan"));
  if (!vxlans) return vxlans.error();
  with_kinds(view.links, *bridges, *vxlans);
  auto fdb = parse_fdb(section("fdb"), "dcx", view.entries);
  if (!fdb) return fdb.error();
  auto neigh = parse_neigh(neigh_json, "dcx", view.entries);
  if (!neigh) return neigh.error();
  return interpret(std::move(view));
}

ProxyObservation ProxyConfigurator::interpret(NamespaceView view) const {
  ProxyObservation out;
  for (const LinuxLink& l : view.links) {
    auto net = marked_as(l.alias, m_scenario);
    auto vni = vni_of_device(l.name);
    if (net) {
      add_owned(l, *net, out);
    } else if (vni && l.mac && l.mac->to_string() == signature_mac(m_scenario, l.name)) {
      add_owned(l, "", out);  // made by a run of this scenario that was killed before marking it
    } else if (vni && (l.kind == "bridge" || l.kind == "vxlan")) {
      out.foreign_vnis.emplace(*vni, core::ForeignUse{owner_of(l.alias), l.name});
    } else if (l.vxlan && l.vxlan->port == m_port) {
      // The kernel takes one VXLAN device per VNI and port in a namespace, whatever its name.
      out.foreign_vnis.emplace(l.vxlan->id, core::ForeignUse{owner_of(l.alias), l.name});
    }
  }
  // Entries count only on the scenario's own devices: others' are not its business.
  BridgeEntries& e = view.entries;
  for (auto& [vni, vtep] : out.vteps) {
    if (!vtep.tunnel) continue;
    std::string dev = vxlan_name(vni);
    vtep.flood = std::move(e.flood[dev]);
    vtep.fdb = std::move(e.fdb[dev]);
    vtep.neigh = std::move(e.neigh[dev]);
  }
  out.links = std::move(view.links);
  return out;
}

bool ProxyConfigurator::handles(ObjectKind kind) {
  return kind == ObjectKind::bridge || kind == ObjectKind::tunnel ||
         kind == ObjectKind::flood_entry || kind == ObjectKind::fdb_entry ||
         kind == ObjectKind::neigh_entry;
}

std::vector<Step> ProxyConfigurator::steps(const core::Action& a) const {
  if (a.kind == ObjectKind::bridge) return bridge_steps(a);
  if (a.kind == ObjectKind::tunnel) return tunnel_steps(a);
  return {entry_step(a)};
}

// Lines for `-batch` take no shell quoting: the names dcod gives passed the validator. A link
// found on a host is deleted by name, which may be anything the kernel takes.
Step ProxyConfigurator::link_del_step(const std::string& name) const {
  if (batch_safe(name)) return tool_step(ip(), "link del " + name);
  return shell_step(ip() + " link del " + sh_quote(name));
}

std::vector<Step> ProxyConfigurator::bridge_steps(const core::Action& a) const {
  const core::DesiredVtep& v = a.target.vtep;
  const std::string name = bridge_name(v.vni);
  if (a.op == ActionOp::remove) return {link_del_step(name)};
  std::vector<Step> out;
  // Checked: a bridge of that name that is not dcod's must never get dcod's alias.
  if (a.op == ActionOp::create)
    out.push_back(checked(tool_step(ip(), "link add " + name + " address " +
                                              signature_mac(m_scenario, name) + " type bridge")));
  out.push_back(tool_step(ip(), "link set " + name + " alias " +
                                    ownership_alias(m_scenario, v.net) + " mtu " +
                                    std::to_string(v.mtu) + " up"));
  return out;
}

std::vector<Step> ProxyConfigurator::tunnel_steps(const core::Action& a) const {
  const core::DesiredVtep& v = a.target.vtep;
  const std::string name = vxlan_name(v.vni);
  if (a.op == ActionOp::remove) return {link_del_step(name)};
  std::vector<Step> out;
  if (a.op == ActionOp::change && a.target.recreate)
    out.push_back(tool_step(ip(), "link del " + name));
  if (a.op == ActionOp::create || a.target.recreate) {
    // nolearning: the flood list and static entries say where MACs are; proxy: ARP/ND suppression.
    out.push_back(checked(tool_step(
        ip(), "link add " + name + " address " + signature_mac(m_scenario, name) +
                  " type vxlan id " + std::to_string(v.vni) + " dstport " + std::to_string(v.port) +
                  " local " + v.local.address + " nolearning proxy")));
  }
  out.push_back(tool_step(ip(), "link set " + name + " master " + bridge_name(v.vni) + " alias " +
                                    ownership_alias(m_scenario, v.net) + " mtu " +
                                    std::to_string(v.mtu) + " up"));
  return out;
}

Step ProxyConfigurator::port_step(const core::MacAddress& mac, const core::DesiredVtep& v) const {
  const std::string found = "dcod_p=$(grep -lx " + mac.to_string() + " /sys/class/net/*/address";
  return shell_step(found +
                    " | head -n 1) && dcod_p=${dcod_p%/address} && dcod_p=${dcod_p##*/} && " +
                    "[ -n \"$dcod_p\" ] && " + ip() + " link set dev \"$dcod_p\" mtu " +
                    std::to_string(v.mtu) + " master " + bridge_name(v.vni) + " up");
}

Step ProxyConfigurator::entry_step(const core::Action& a) const {
  const std::string dev = vxlan_name(a.target.vtep.vni);
  const bool remove = a.op == ActionOp::remove;
  switch (a.kind) {
    case ObjectKind::flood_entry:
      return tool_step(bridge(), std::string("fdb ") + (remove ? "del" : "append") +
                                     " 00:00:00:00:00:00 dev " + dev + " dst " +
                                     a.target.peer.address);
    case ObjectKind::fdb_entry:
      return tool_step(bridge(), std::string("fdb ") + (remove ? "del " : "replace ") +
                                     a.target.fdb.mac.to_string() + " dev " + dev + " dst " +
                                     a.target.fdb.dst + " self" + (remove ? "" : " permanent"));
    case ObjectKind::neigh_entry:
      if (remove)
        return tool_step(ip(), "neigh del " + a.target.neigh.ip.to_string() + " dev " + dev);
      return tool_step(ip(), "neigh replace " + a.target.neigh.ip.to_string() + " lladdr " +
                                 a.target.neigh.mac.to_string() + " dev " + dev + " nud permanent");
    default:
      return shell_step("echo 'not a VTEP action' >&2; false");
  }
}

}  // namespace dcod::plugins
