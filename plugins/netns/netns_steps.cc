#include "netns/netns_steps.h"

#include <algorithm>
#include <cstdio>

#include "linux/linux_naming.h"
#include "netns/netns_naming.h"
#include "shell/posix.h"

namespace dcod::plugins {

using core::ActionOp;
using core::ObjectKind;

namespace {

std::string ip_in(const std::string& netns) {
  return netns.empty() ? "ip" : "ip -n " + sh_quote(netns);
}

std::string exists(const std::string& netns) {
  return "[ -e /run/netns/" + sh_quote(netns) + " ]";
}

/// Shell commands as steps.
std::vector<Step> shell_steps(const std::vector<std::string>& commands) {
  std::vector<Step> steps;
  for (const std::string& c : commands) steps.push_back(shell_step(c));
  return steps;
}

/// True when the interface has an IPv6 address.
bool has_ipv6(const core::DesiredInterface& i) {
  return std::any_of(i.addresses.begin(), i.addresses.end(), [](const core::IpPrefix& p) {
    return p.address.family == core::IpFamily::v6;
  });
}

/// The EUI-64 link-local address of a MAC, as the kernel would make it: fe80::/64.
std::string link_local_of(const core::MacAddress& mac) {
  const auto& m = mac.octets;
  char text[48];
  std::snprintf(text, sizeof text, "fe80::%x:%x:%x:%x/64", ((m[0] ^ 0x02) << 8) | m[1],
                (m[2] << 8) | 0xff, 0xfe00 | m[3], (m[4] << 8) | m[5]);
  return text;
}

/// `ip` in a VM's namespace, entered with nsenter, which joins its network namespace only:
/// `ip -n` and `ip netns exec` also make a mount namespace on every call, whose cost grows with
/// every namespace mounted under /run/netns (with a thousand VMs, most of a create's time).
std::string ip_inside(const std::string& netns) {
  return "nsenter --net=/run/netns/" + sh_quote(netns) + " ip";
}

/// One `ip -batch` line for inside a VM: on a simulated host through the place's VM tool, which
/// takes the lines of every VM of a stage in one process; else through nsenter and `ip`.
Step vm_step(const NetnsPlace& p, const std::string& netns, std::string line) {
  if (p.vm_tool.empty()) return tool_step(ip_inside(netns), std::move(line));
  return tool_step(p.vm_tool, netns + " " + line);
}

/// dcod's own script in a VM's network namespace, entered as ip_inside() does: /proc/sys/net is
/// the namespace's own there (/sys is not, and these scripts do not use it).
Step in_netns(const std::string& netns, const std::string& script) {
  return shell_step("nsenter --net=/run/netns/" + sh_quote(netns) + " sh -c " + sh_quote(script));
}

/// Deletes a namespace with every process still inside it; nothing to do when it is gone.
std::vector<Step> delete_netns(const std::string& netns) {
  std::string q = sh_quote(netns);
  return {shell_step("if " + exists(netns) + "; then ip netns pids " + q +
                     " | xargs -r kill -9; ip netns del " + q + "; fi")};
}

/// delete_netns() of a namespace whose veth links may have peers elsewhere (the underlay's
/// ports, a host's link to it): those go first, each with its peer at once, all from one
/// `ip -batch`. The kernel frees a deleted namespace later, and a peer left for that moment
/// would be taken for a live one by the next run.
std::vector<Step> delete_netns_and_peers(const std::string& netns) {
  std::string q = sh_quote(netns);
  std::vector<Step> out = {shell_step(
      "if " + exists(netns) + "; then ip -n " + q +
      " -o link show type veth | sed -n 's/^[0-9]*: \\([^@:]*\\).*/link del \\1/p' | ip -n " + q +
      " -force -batch - >/dev/null; fi")};
  for (Step& s : delete_netns(netns)) out.push_back(std::move(s));
  return out;
}

/// A namespace of dcod's plumbing (a simulated host's, the underlay's) whose links get no IPv6
/// address of their own: its bridges, VXLAN devices and veth ends carry the VMs' IPv6, and would
/// otherwise each send duplicate address detection, router solicitations and MLD reports, which
/// its bridges flood to every VM (a thousand VMs: seconds of the kernel's time after a create).
std::string plumbing_only(const std::string& netns) {
  return "nsenter --net=/run/netns/" + sh_quote(netns) +
         " sh -c '[ ! -d /proc/sys/net/ipv6 ] || echo 1 > "
         "/proc/sys/net/ipv6/conf/default/addr_gen_mode'";
}

std::vector<Step> underlay(const core::Action& a, const NetnsPlace& p) {
  const std::string netns = underlay_netns_name(p.scenario);
  if (a.op == ActionOp::remove) return delete_netns_and_peers(netns);
  const core::DesiredUnderlay& u = a.target.underlay;
  std::string ip = ip_in(netns);
  std::string bridge(k_underlay_bridge);
  return shell_steps({exists(netns) + " || ip netns add " + sh_quote(netns), plumbing_only(netns),
                      ip + " link set lo up",
                      ip + " link show " + bridge + " >/dev/null 2>&1 || " + ip + " link add " +
                          bridge + " type bridge",
                      ip + " link set " + bridge + " alias " +
                          sh_quote(ownership_alias(p.scenario, k_underlay_alias_net)) + " mtu " +
                          std::to_string(u.mtu) + " up"});
}

/// A simulated host's namespace with its underlay link, holding exactly its underlay address.
std::vector<Step> host_namespace(const core::Action& a, const NetnsPlace& p) {
  const std::string netns = host_netns_name(p.scenario, a.target.name);
  const std::string underlay_ns = underlay_netns_name(p.scenario);
  const core::DesiredUnderlay& u = a.target.underlay;
  std::string ip = ip_in(netns), uip = ip_in(underlay_ns);
  std::string nic(k_host_underlay_nic), mtu = std::to_string(u.mtu);
  std::string port = underlay_port_name(a.target.name);
  // A link whose peer is not (or no more) a port in the underlay namespace is made again.
  return shell_steps({exists(netns) + " || ip netns add " + sh_quote(netns), plumbing_only(netns),
                      ip + " link set lo up",
                      uip + " link show " + port + " >/dev/null 2>&1 || " + ip + " link del " +
                          nic + " 2>/dev/null || true",
                      ip + " link show " + nic + " >/dev/null 2>&1 || " + ip + " link add " + nic +
                          " type veth peer name " + port + " netns " + sh_quote(underlay_ns),
                      ip + " link set " + nic + " alias " +
                          sh_quote(ownership_alias(p.scenario, k_underlay_alias_net)) + " mtu " +
                          mtu + " up",
                      uip + " link set " + port + " master " + std::string(k_underlay_bridge) +
                          " mtu " + mtu + " up",
                      ip + " addr flush dev " + nic + " scope global",
                      ip + " addr add " + a.target.endpoint.address + "/" +
                          std::to_string(u.subnet.length) + " dev " + nic});
}

/// Lines for the VM's `ip -batch` bringing a guest interface up with exactly its desired
/// addresses, appended to `steps`.
void add_guest_steps(std::vector<Step>& steps, const NetnsPlace& p, const std::string& vm_netns,
                     const core::DesiredInterface& i, bool fresh) {
  const std::string guest = guest_interface_name(i.id);
  const bool v6 = has_ipv6(i);
  // A MAC that changes is announced to IPv6 peers by an unsolicited neighbour advertisement;
  // IPv4 peers learn it when they next ask, from the VTEP that answers them.
  if (!fresh && v6)
    steps.push_back(
        in_netns(vm_netns, "echo 1 > /proc/sys/net/ipv6/conf/" + guest + "/ndisc_notify"));
  for (std::string& line : guest_lines(guest, i, fresh))
    steps.push_back(vm_step(p, vm_netns, std::move(line)));
}

std::vector<Step> interface(const core::Action& a, const NetnsPlace& p) {
  std::string ip = ip_in(p.host_netns);
  const core::DesiredInterface& i = a.target.iface;
  const std::string host_end = host_veth_name(a.target.name, i.id);
  if (a.op == ActionOp::remove) {
    // Gone is as good as deleted: the VM's namespace may have taken the pair with it.
    return {shell_step(ip + " link del " + host_end + " 2>/dev/null || ! " + ip + " link show " +
                       host_end + " >/dev/null 2>&1")};
  }
  const std::string vm_netns = vm_netns_name(p.scenario, a.target.name);
  const std::string guest = guest_interface_name(i.id);
  std::string mtu = std::to_string(i.mtu);
  std::vector<Step> out;
  const bool create = a.op == ActionOp::create;
  if (create && a.target.recreate)
    out.push_back(shell_step(ip_inside(vm_netns) + " link del " + guest + " 2>/dev/null || true"));
  if (create) {
    // Checked: a link of that name that is not dcod's must never be claimed by the next line.
    out.push_back(checked(
        tool_step(ip, "link add " + host_end + " address " + signature_mac(p.scenario, host_end) +
                          " mtu " + mtu + " type veth peer name " + guest + " address " +
                          i.mac.to_string() + " mtu " + mtu + " netns " + vm_netns)));
  }
  out.push_back(tool_step(ip, "link set " + host_end + " alias " +
                                  ownership_alias(p.scenario, i.net) + " mtu " + mtu + " master " +
                                  bridge_name(i.vni) + " up"));
  add_guest_steps(out, p, vm_netns, i, create);
  return out;
}

/// Static routes replaced as a whole: per family, a flush and the desired routes from one
/// `ip -batch` (a line cannot choose the family of a flush, so IPv6 gets its own `ip -6`).
std::vector<Step> routes(const core::Action& a, const NetnsPlace& p) {
  const std::string v4 = ip_inside(vm_netns_name(p.scenario, a.target.name)), v6 = v4 + " -6";
  std::vector<Step> out = {tool_step(v4, "route flush proto static")};
  std::vector<Step> v6_steps = {tool_step(v6, "route flush proto static")};
  for (const core::DesiredRoute& r : a.target.vm.routes) {
    std::string dst = r.destination ? r.destination->to_string() : "default";
    std::string line = "route replace " + dst + " via " + r.gateway.to_string() + " proto static";
    if (r.gateway.family == core::IpFamily::v6) {
      v6_steps.push_back(tool_step(v6, line));
    } else {
      out.push_back(tool_step(v4, line));
    }
  }
  out.insert(out.end(), v6_steps.begin(), v6_steps.end());
  return out;
}

std::vector<Step> forwarding(const core::Action& a, const NetnsPlace& p) {
  core::Forwarding f = a.target.vm.forwarding;
  std::string v4 = f == core::Forwarding::ip || f == core::Forwarding::ipv4 ? "1" : "0";
  std::string v6 = f == core::Forwarding::ip || f == core::Forwarding::ipv6 ? "1" : "0";
  return {in_netns(vm_netns_name(p.scenario, a.target.name),
                   "echo " + v4 + " > /proc/sys/net/ipv4/ip_forward && echo " + v6 +
                       " > /proc/sys/net/ipv6/conf/all/forwarding")};
}

/// The user's on_boot commands, each in a shell of its own (they may hold any character).
std::vector<Step> boot(const core::Action& a, const NetnsPlace& p) {
  std::vector<Step> out;
  const std::string vm_netns = vm_netns_name(p.scenario, a.target.name);
  for (const std::string& command : a.target.vm.on_boot)
    out.push_back(
        shell_step("ip netns exec " + sh_quote(vm_netns) + " sh -c " + sh_quote(command)));
  // Last: a run cut before this point leaves the VM marked as booting, and the next one makes
  // it anew rather than running half its commands twice.
  out.push_back(vm_step(p, vm_netns, "link set lo alias " + vm_marker(p.scenario, p.host)));
  return out;
}

/// A VM's namespace deleted, its interfaces first: the kernel frees a deleted namespace later,
/// and its veth pairs with it, which would be in the way of the same VM made again at once.
/// `gone_ok`: an interface already gone is no failure (what is left of a VM made anew).
std::vector<Step> vm_deleted(const core::Action& a, const NetnsPlace& p, bool gone_ok) {
  const std::string ns = vm_netns_name(p.scenario, a.target.name);
  std::vector<Step> out;
  for (const core::DesiredInterface& i : a.target.vm.interfaces) {
    std::string del = "link del " + host_veth_name(a.target.name, i.id);
    out.push_back(gone_ok ? shell_step(ip_in(p.host_netns) + " " + del + " 2>/dev/null || true")
                          : tool_step(ip_in(p.host_netns), del));
  }
  for (Step& s : delete_netns(ns)) out.push_back(std::move(s));
  return out;
}

/// A VM's namespace, its loopback up and marked with the host it belongs to (as booting while
/// its on_boot commands are still to run); made anew when `recreate` says what is left of it
/// goes first.
std::vector<Step> vm_namespace(const core::Action& a, const NetnsPlace& p) {
  const std::string ns = vm_netns_name(p.scenario, a.target.name);
  if (a.op == ActionOp::remove) return vm_deleted(a, p, false);
  const bool create = a.op == ActionOp::create;
  std::vector<Step> out =
      create && a.target.recreate ? vm_deleted(a, p, true) : std::vector<Step>{};
  if (create) out.push_back(tool_step("ip", "netns add " + ns));
  const bool boots = create && !a.target.vm.on_boot.empty();
  const std::string marker =
      boots ? vm_booting_marker(p.scenario, p.host) : vm_marker(p.scenario, p.host);
  out.push_back(vm_step(p, ns, "link set lo alias " + marker + " up"));
  return out;
}

}  // namespace

std::vector<Step> netns_delete_steps(const std::string& netns) {
  return delete_netns(netns);
}

std::vector<std::string> guest_lines(const std::string& device, const core::DesiredInterface& i,
                                     bool fresh) {
  const bool v6 = has_ipv6(i);
  // With IPv6, the link-local address is dcod's too, made without duplicate address detection
  // like the others (the kernel's would stay tentative for a second or two, and IPv6 would wait).
  // Replaced, not added: on a link made before, the kernel may have made the same address.
  const std::string link_local =
      "addr replace " + link_local_of(i.mac) + " dev " + device + " nodad";
  std::vector<std::string> lines;
  if (v6) lines.push_back("link set " + device + " addrgenmode none");
  if (!fresh) {
    lines.push_back("link set " + device + " address " + i.mac.to_string() + " mtu " +
                    std::to_string(i.mtu));
    lines.push_back("addr flush dev " + device + " scope global");
    if (v6) lines.push_back("addr flush dev " + device + " scope link");
  }
  lines.push_back("link set " + device + " up");
  if (v6) lines.push_back(link_local);
  for (const core::IpPrefix& prefix : i.addresses) {
    bool is_v6 = prefix.address.family == core::IpFamily::v6;
    lines.push_back("addr add " + prefix.to_string() + " dev " + device + (is_v6 ? " nodad" : ""));
  }
  return lines;
}

std::vector<Step> netns_steps(const core::Action& a, const NetnsPlace& p) {
  if (a.target.vm.on_director && a.op != ActionOp::remove) return director_vm_steps(a, p);
  switch (a.kind) {
    case ObjectKind::underlay:
      return underlay(a, p);
    case ObjectKind::leftover:
      return delete_netns_and_peers(a.target.name);
    case ObjectKind::host:
      return host_namespace(a, p);
    case ObjectKind::vm:
      return vm_namespace(a, p);
    case ObjectKind::vm_interface:
      return interface(a, p);
    case ObjectKind::vm_addresses: {
      std::vector<Step> out;
      add_guest_steps(out, p, vm_netns_name(p.scenario, a.target.name), a.target.iface, false);
      return out;
    }
    case ObjectKind::vm_routes:
      return routes(a, p);
    case ObjectKind::vm_forwarding:
      return forwarding(a, p);
    case ObjectKind::vm_boot:
      return boot(a, p);
    default:
      return {shell_step("echo 'not a netns action' >&2; false")};
  }
}

}  // namespace dcod::plugins
