#include "netns/netns_commands.h"

#include "desire/naming.h"
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

/// Deletes a namespace with every process still inside it; nothing to do when it is gone.
std::vector<std::string> delete_netns(const std::string& netns) {
  std::string q = sh_quote(netns);
  return {"if " + exists(netns) + "; then ip netns pids " + q +
          " | xargs -r kill -9; ip netns del " + q + "; fi"};
}

std::vector<std::string> underlay(const core::Action& a) {
  if (a.op == ActionOp::remove) return delete_netns(a.target.netns);
  const core::DesiredUnderlay& u = a.target.underlay;
  std::string ip = ip_in(u.netns);
  std::string bridge(core::k_underlay_bridge);
  return {exists(u.netns) + " || ip netns add " + sh_quote(u.netns), ip + " link set lo up",
          ip + " link show " + bridge + " >/dev/null 2>&1 || " + ip + " link add " + bridge +
              " type bridge",
          ip + " link set " + bridge + " alias " + sh_quote(u.alias) + " mtu " +
              std::to_string(u.mtu) + " up"};
}

std::vector<std::string> host_namespace(const core::Action& a) {
  const core::DesiredHost& h = a.target.host;
  const core::DesiredUnderlay& u = a.target.underlay;
  std::string ip = ip_in(h.netns), uip = ip_in(u.netns);
  std::string nic(core::k_host_underlay_nic), mtu = std::to_string(u.mtu);
  return {exists(h.netns) + " || ip netns add " + sh_quote(h.netns),
          ip + " link set lo up",
          ip + " link show " + nic + " >/dev/null 2>&1 || " + ip + " link add " + nic +
              " type veth peer name " + h.underlay_port + " netns " + sh_quote(u.netns),
          ip + " link set " + nic + " alias " + sh_quote(u.alias) + " mtu " + mtu + " up",
          uip + " link set " + h.underlay_port + " master " + std::string(core::k_underlay_bridge) +
              " mtu " + mtu + " up",
          ip + " addr replace " + h.underlay_address + "/" + std::to_string(u.subnet.length) +
              " dev " + nic};
}

/// `ip -n VM -batch` lines bringing a guest interface up with exactly its desired addresses.
std::vector<std::string> guest_lines(const core::DesiredInterface& i, bool fresh) {
  std::vector<std::string> lines;
  if (!fresh) {
    lines.push_back("link set " + i.guest_name + " address " + i.mac.to_string() + " mtu " +
                    std::to_string(i.mtu));
    lines.push_back("addr flush dev " + i.guest_name + " scope global");
  }
  lines.push_back("link set " + i.guest_name + " up");
  for (const core::IpPrefix& p : i.addresses) {
    bool v6 = p.address.family == core::IpFamily::v6;
    lines.push_back("addr add " + p.to_string() + " dev " + i.guest_name + (v6 ? " nodad" : ""));
  }
  return lines;
}

/// One process for many lines: printf feeds them to `ip -batch`.
std::string ip_batch(const std::string& ip, const std::vector<std::string>& lines) {
  std::string printf = "printf '%s\\n'";
  for (const std::string& l : lines) printf += " " + sh_quote(l);
  return printf + " | " + ip + " -batch -";
}

std::vector<std::string> interface(const core::Action& a, const std::string& host_netns) {
  std::string ip = ip_in(host_netns);
  if (a.op == ActionOp::remove) {
    // The director may be deleting the VM's namespace at the same moment, which takes the pair
    // with it: gone is as good as deleted.
    return {ip + " link del " + a.target.name + " 2>/dev/null || ! " + ip + " link show " +
            a.target.name + " >/dev/null 2>&1"};
  }
  const core::DesiredInterface& i = a.target.iface;
  std::string vm_ip = ip_in(a.target.vm.netns), mtu = std::to_string(i.mtu);
  std::vector<std::string> out;
  const bool create = a.op == ActionOp::create;
  if (create && a.target.recreate)
    out.push_back(vm_ip + " link del " + i.guest_name + " 2>/dev/null || true");
  if (create) {
    out.push_back(ip + " link add " + i.host_name + " mtu " + mtu + " type veth peer name " +
                  i.guest_name + " address " + i.mac.to_string() + " mtu " + mtu + " netns " +
                  sh_quote(a.target.vm.netns));
  }
  out.push_back(ip + " link set " + i.host_name + " alias " + sh_quote(i.alias) + " mtu " + mtu +
                " master " + i.bridge + " up");
  out.push_back(ip_batch(vm_ip, guest_lines(i, create)));
  return out;
}

std::vector<std::string> routes(const core::Action& a) {
  std::vector<std::string> out = {ip_in(a.target.vm.netns) + " -4 route flush proto static",
                                  ip_in(a.target.vm.netns) + " -6 route flush proto static"};
  std::vector<std::string> lines;
  for (const core::DesiredRoute& r : a.target.vm.routes) {
    std::string dst = r.destination ? r.destination->to_string() : "default";
    bool v6 = r.gateway.family == core::IpFamily::v6;
    // "default" alone means IPv4 in a batch line; an IPv6 default is written as ::/0.
    if (v6 && !r.destination) dst = "::/0";
    lines.push_back("route replace " + dst + " via " + r.gateway.to_string() + " proto static");
  }
  if (!lines.empty()) out.push_back(ip_batch(ip_in(a.target.vm.netns), lines));
  return out;
}

std::vector<std::string> forwarding(const core::Action& a) {
  core::Forwarding f = a.target.vm.forwarding;
  std::string v4 = f == core::Forwarding::ip || f == core::Forwarding::ipv4 ? "1" : "0";
  std::string v6 = f == core::Forwarding::ip || f == core::Forwarding::ipv6 ? "1" : "0";
  return {"ip netns exec " + sh_quote(a.target.vm.netns) + " sh -c " +
          sh_quote("echo " + v4 + " > /proc/sys/net/ipv4/ip_forward && echo " + v6 +
                   " > /proc/sys/net/ipv6/conf/all/forwarding")};
}

std::vector<std::string> boot(const core::Action& a) {
  std::vector<std::string> out;
  for (const std::string& command : a.target.vm.on_boot) {
    out.push_back("ip netns exec " + sh_quote(a.target.vm.netns) + " sh -c " + sh_quote(command));
  }
  return out;
}

std::vector<std::string> vm_namespace(const core::Action& a) {
  if (a.op == ActionOp::remove) return delete_netns(a.target.name);
  const std::string& ns = a.target.vm.netns;
  // Addresses are unique by validation: duplicate address detection would only delay IPv6
  // (link-local addresses stay tentative for a second or two after every interface appears).
  std::string add = a.op == ActionOp::create ? "ip netns add " + sh_quote(ns) : "true";
  return {add, ip_in(ns) + " link set lo up",
          "ip netns exec " + sh_quote(ns) + " sh -c " +
              sh_quote("echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad && "
                       "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad")};
}

}  // namespace

std::vector<std::string> netns_commands(const core::Action& a, const std::string& host_netns) {
  switch (a.kind) {
    case ObjectKind::underlay:
      return underlay(a);
    case ObjectKind::host_netns:
      return host_namespace(a);
    case ObjectKind::vm_netns:
      return vm_namespace(a);
    case ObjectKind::vm_interface:
      return interface(a, host_netns);
    case ObjectKind::vm_addresses:
      return {ip_batch(ip_in(a.target.vm.netns), guest_lines(a.target.iface, false))};
    case ObjectKind::vm_routes:
      return routes(a);
    case ObjectKind::vm_forwarding:
      return forwarding(a);
    case ObjectKind::vm_boot:
      return boot(a);
    default:
      return {"echo 'not a netns action' >&2", "false"};
  }
}

}  // namespace dcod::plugins
