#include "linux/proxy_configurator.h"

#include <sstream>

#include "linux/iproute_parse.h"
#include "linux/sections.h"
#include "shell/posix.h"

namespace dcod::plugins {

using core::ActionOp;
using core::ObjectKind;

ProxyConfigurator::ProxyConfigurator(std::string netns, std::string alias_prefix)
    : m_netns(std::move(netns)), m_alias_prefix(std::move(alias_prefix)) {}

std::string ProxyConfigurator::ip() const {
  return m_netns.empty() ? "ip" : "ip -n " + sh_quote(m_netns);
}
std::string ProxyConfigurator::bridge() const {
  return m_netns.empty() ? "bridge" : "bridge -n " + sh_quote(m_netns);
}

std::string ProxyConfigurator::observe_script() const {
  // Links and neighbours from one `ip` process (one JSON line each), the FDB from `bridge`.
  return section_marker("links") + "\n" + ip() +
         " -d -j -batch - <<'DCOD_OBSERVE'\naddr show\nneigh show\nDCOD_OBSERVE\n" +
         section_marker("fdb") + "\n" + bridge() + " -j fdb show\n";
}

Expected<bool> ProxyConfigurator::read(const std::map<std::string, std::string>& sections,
                                       core::ObservedHost& host) const {
  auto section = [&](const char* name) {
    auto it = sections.find(name);
    return it == sections.end() ? std::string() : it->second;
  };
  std::istringstream lines(section("links"));
  std::string links_json, neigh_json;
  std::getline(lines, links_json);
  std::getline(lines, neigh_json);
  auto links = parse_links(links_json);
  if (!links) return links.error();
  for (core::ObservedLink& l : *links) {
    if (l.alias.rfind(m_alias_prefix, 0) == 0) host.links.push_back(std::move(l));
  }
  std::map<std::string, std::vector<std::string>> flood;
  std::map<std::string, std::vector<core::FdbEntry>> fdb;
  auto parsed = parse_fdb(section("fdb"), "dcx", flood, fdb);
  if (!parsed) return parsed.error();
  auto neigh = parse_neigh(neigh_json, "dcx");
  if (!neigh) return neigh.error();
  for (const core::ObservedLink& l : host.links) {
    if (l.kind != "vxlan") continue;  // entries of devices dcod does not own are not its business
    if (flood.count(l.name)) host.flood_by_dev[l.name] = flood[l.name];
    if (fdb.count(l.name)) host.fdb_by_dev[l.name] = fdb[l.name];
    if (neigh->count(l.name)) host.neigh_by_dev[l.name] = (*neigh)[l.name];
  }
  return true;
}

bool ProxyConfigurator::handles(ObjectKind kind) {
  return kind == ObjectKind::bridge || kind == ObjectKind::vxlan ||
         kind == ObjectKind::flood_entry || kind == ObjectKind::fdb_entry ||
         kind == ObjectKind::neigh_entry;
}

std::vector<Step> ProxyConfigurator::steps(const core::Action& a) const {
  if (a.kind == ObjectKind::bridge) return bridge_steps(a);
  if (a.kind == ObjectKind::vxlan) return vxlan_steps(a);
  return {entry_step(a)};
}

// Lines for `-batch` take no shell quoting: the names dcod gives passed the validator. A link
// found on a host is deleted by name, which may be anything the kernel takes.
Step ProxyConfigurator::link_del_step(const std::string& name) const {
  if (batch_safe(name)) return tool_step(ip(), "link del " + name);
  return shell_step(ip() + " link del " + sh_quote(name));
}

std::vector<Step> ProxyConfigurator::bridge_steps(const core::Action& a) const {
  const std::string& name = a.target.name;
  if (a.op == ActionOp::remove) return {link_del_step(name)};
  std::vector<Step> out;
  // Checked: a bridge of that name that is not dcod's must never get dcod's alias.
  if (a.op == ActionOp::create)
    out.push_back(checked(tool_step(ip(), "link add " + name + " type bridge")));
  out.push_back(tool_step(ip(), "link set " + name + " alias " + a.target.vni.alias + " mtu " +
                                    std::to_string(a.target.vni.mtu) + " up"));
  return out;
}

std::vector<Step> ProxyConfigurator::vxlan_steps(const core::Action& a) const {
  const core::DesiredVni& v = a.target.vni;
  if (a.op == ActionOp::remove) return {link_del_step(a.target.name)};
  std::vector<Step> out;
  if (a.op == ActionOp::change && a.target.recreate)
    out.push_back(tool_step(ip(), "link del " + v.vxlan));
  if (a.op == ActionOp::create || a.target.recreate) {
    // nolearning: the flood list and static entries say where MACs are; proxy: ARP/ND suppression.
    out.push_back(checked(tool_step(
        ip(), "link add " + v.vxlan + " type vxlan id " + std::to_string(v.vni) + " dstport " +
                  std::to_string(v.port) + " local " + v.local + " nolearning proxy")));
  }
  out.push_back(tool_step(ip(), "link set " + v.vxlan + " master " + v.bridge + " alias " +
                                    v.alias + " mtu " + std::to_string(v.mtu) + " up"));
  return out;
}

Step ProxyConfigurator::entry_step(const core::Action& a) const {
  const core::DesiredVni& v = a.target.vni;
  const bool remove = a.op == ActionOp::remove;
  switch (a.kind) {
    case ObjectKind::flood_entry:
      return tool_step(bridge(), std::string("fdb ") + (remove ? "del" : "append") +
                                     " 00:00:00:00:00:00 dev " + v.vxlan + " dst " + a.target.peer);
    case ObjectKind::fdb_entry:
      return tool_step(bridge(), std::string("fdb ") + (remove ? "del " : "replace ") +
                                     a.target.fdb.mac.to_string() + " dev " + v.vxlan + " dst " +
                                     a.target.fdb.dst + " self" + (remove ? "" : " permanent"));
    case ObjectKind::neigh_entry:
      if (remove)
        return tool_step(ip(), "neigh del " + a.target.neigh.ip.to_string() + " dev " + v.vxlan);
      return tool_step(ip(), "neigh replace " + a.target.neigh.ip.to_string() + " lladdr " +
                                 a.target.neigh.mac.to_string() + " dev " + v.vxlan +
                                 " nud permanent");
    default:
      return shell_step("echo 'not a proxy action' >&2; false");
  }
}

}  // namespace dcod::plugins
