// The steps of a director VM (director_view.h): the director's own ends of veth pairs into its
// simulated host's bridges, with the VM's addresses and the static routes that lead through
// them. Only what dcod made is touched: no other link, route or setting of the director.

#include "linux/linux_naming.h"
#include "netns/netns_naming.h"
#include "netns/netns_steps.h"
#include "shell/posix.h"

namespace dcod::plugins {

using core::ActionOp;
using core::ObjectKind;

namespace {

/// Nothing to do on the director: it exists, and its forwarding and boot are its own.
std::vector<Step> nothing() {
  return {shell_step("true")};
}

/// The lines setting one interface's end on the director: owned, up, exactly its addresses.
void add_own_end(std::vector<Step>& out, const core::Action& a, const NetnsPlace& p, bool fresh) {
  const core::DesiredInterface& i = a.target.iface;
  const std::string own = director_link_name(p.scenario, a.target.name, i.id);
  out.push_back(tool_step("ip", "link set " + own + " alias " +
                                    director_link_alias(p.scenario, p.host, a.target.name)));
  for (std::string& line : guest_lines(own, i, fresh))
    out.push_back(tool_step("ip", std::move(line)));
}

/// A veth pair from the director to the net's bridge on the host: what is left of one goes
/// first (the host's namespace is dcod's; deleting its end deletes the director's with it).
std::vector<Step> interface(const core::Action& a, const NetnsPlace& p) {
  const core::DesiredInterface& i = a.target.iface;
  const std::string own = director_link_name(p.scenario, a.target.name, i.id);
  const std::string host_end = host_veth_name(a.target.name, i.id);
  const std::string host_ip = "ip -n " + sh_quote(p.host_netns);
  const std::string mtu = std::to_string(i.mtu);
  std::vector<Step> out;
  const bool create = a.op == ActionOp::create;
  if (create) {
    out.push_back(shell_step(host_ip + " link del " + host_end + " 2>/dev/null || true"));
    // Checked: a link of that name that is not dcod's must never be claimed by the next lines.
    out.push_back(checked(tool_step("ip", "link add " + own + " address " + i.mac.to_string() +
                                              " mtu " + mtu + " type veth peer name " + host_end +
                                              " address " + signature_mac(p.scenario, host_end) +
                                              " mtu " + mtu + " netns " + p.host_netns)));
    // Its IPv6 on, whatever the director's defaults, and its addresses without DAD's delay.
    const std::string conf = "/proc/sys/net/ipv6/conf/" + own;
    out.push_back(
        shell_step("echo 0 > " + conf + "/disable_ipv6 && echo 0 > " + conf + "/accept_dad"));
  }
  out.push_back(tool_step(host_ip, "link set " + host_end + " alias " +
                                       ownership_alias(p.scenario, i.net) + " mtu " + mtu +
                                       " master " + bridge_name(i.vni) + " up"));
  add_own_end(out, a, p, create);
  return out;
}

/// The static routes through the director's ends replaced as a whole; the director's other
/// routes stay. Added, not replaced: a route of the director's own to the same prefix is an
/// error to be told, not one to be taken over.
std::vector<Step> routes(const core::Action& a, const NetnsPlace& p) {
  std::vector<Step> out, v6_steps;
  for (const core::DesiredInterface& i : a.target.vm.interfaces) {
    const std::string own = director_link_name(p.scenario, a.target.name, i.id);
    out.push_back(tool_step("ip", "route flush dev " + own + " proto static"));
    v6_steps.push_back(tool_step("ip -6", "route flush dev " + own + " proto static"));
  }
  for (const core::DesiredRoute& r : a.target.vm.routes) {
    std::string dst = r.destination ? r.destination->to_string() : "default";
    std::string line = "route add " + dst + " via " + r.gateway.to_string() + " proto static";
    if (r.gateway.family == core::IpFamily::v6) {
      v6_steps.push_back(tool_step("ip -6", line));
    } else {
      out.push_back(tool_step("ip", line));
    }
  }
  out.insert(out.end(), v6_steps.begin(), v6_steps.end());
  return out;
}

}  // namespace

std::vector<Step> director_vm_steps(const core::Action& a, const NetnsPlace& p) {
  switch (a.kind) {
    case ObjectKind::vm_interface:
      return interface(a, p);
    case ObjectKind::vm_addresses: {
      std::vector<Step> out;
      add_own_end(out, a, p, false);
      return out;
    }
    case ObjectKind::vm_routes:
      return routes(a, p);
    default:
      return nothing();
  }
}

}  // namespace dcod::plugins
