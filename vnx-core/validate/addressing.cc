// Layer-3 rules: what the kernel would refuse at --create, or what cannot carry traffic, said
// at --validate with the element's file:line. A route's gateway must be on a subnet of the
// VM's own interfaces and not one of its own addresses; VMs on one net should share its subnet
// (a warning: two subnets on one segment is unusual, not wrong); the simulated underlay must
// not overlap a VM's subnet, or the hosts' routes would capture the VMs' traffic.

#include <map>

#include "validate/rules.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

/// The VM's interface addresses of one family.
std::vector<IpPrefix> own_prefixes(const Vm& vm, IpFamily family) {
  std::vector<IpPrefix> out;
  for (const Interface& i : vm.interfaces) {
    for (const IpPrefix& p : family == IpFamily::v4 ? i.ipv4 : i.ipv6) out.push_back(p);
  }
  return out;
}

std::string listed(const std::vector<IpPrefix>& prefixes) {
  std::string out;
  for (const IpPrefix& p : prefixes) out += (out.empty() ? "" : ", ") + p.to_string();
  return out;
}

std::string route_path(const Vm& vm, const Route& r) {
  return path_of_vm(vm) + "/route[" + (r.destination ? r.destination->to_string() : "default") +
         "]";
}

void check_route(const Vm& vm, const Route& r, Diagnostics& d) {
  const std::string via = r.gateway.to_string();
  std::vector<IpPrefix> own = own_prefixes(vm, r.gateway.family);
  for (const IpPrefix& p : own) {
    if (p.address == r.gateway) {
      d.error(r.where, route_path(vm, r), "route via " + via + ", the VM's own address",
              "route via the address of a router on that subnet");
      return;
    }
  }
  for (const IpPrefix& p : own) {
    if (p.contains(r.gateway)) return;
  }
  d.error(r.where, route_path(vm, r),
          "route via " + via + ": the gateway is on no subnet of VM '" + vm.name + "'" +
              (own.empty() ? " (it has no address of that family)" : " (" + listed(own) + ")"),
          own.empty() ? "give the VM an address on the gateway's subnet"
                      : "route via a router on " + own.front().network().to_string() +
                            ", or give the VM an address on the gateway's subnet");
}

/// The first address seen on a net, per family, and where.
struct FirstOnNet {
  const Vm* vm = nullptr;
  const Interface* iface = nullptr;
  IpPrefix prefix;
};

/// "FILE:LINE" of an element of the scenario.
std::string file_line(const Scenario& s, const SourceLocation& where) {
  return s.file + ":" + std::to_string(where.line);
}

void check_net_subnets(const Scenario& s, Diagnostics& d) {
  std::map<std::pair<std::string, IpFamily>, FirstOnNet> first;
  for (const Vm& vm : s.vms) {
    for (const Interface& i : vm.interfaces) {
      for (IpFamily family : {IpFamily::v4, IpFamily::v6}) {
        for (const IpPrefix& p : family == IpFamily::v4 ? i.ipv4 : i.ipv6) {
          auto [it, fresh] = first.try_emplace({i.net, family}, FirstOnNet{&vm, &i, p});
          if (fresh) continue;
          const FirstOnNet& f = it->second;
          if (f.prefix.network() == p.network()) continue;
          d.warning(i.where, path_of_interface(vm, i),
                    "address " + p.to_string() + " of " + vm.name + " on net '" + i.net +
                        "' is not in the subnet " + f.prefix.network().to_string() + " of " +
                        f.vm->name + " (" + file_line(s, f.iface->where) + ")",
                    "VMs on one net reach each other directly only within one subnet");
        }
      }
    }
  }
}

void check_underlay_overlap(const Scenario& s, Diagnostics& d) {
  bool simulated = false;
  for (const Host& h : s.hosts) simulated = simulated || h.is_simulated();
  if (!simulated) return;
  const IpPrefix& underlay = s.global.underlay_subnet;
  for (const Vm& vm : s.vms) {
    for (const Interface& i : vm.interfaces) {
      for (const IpPrefix& p : i.ipv4) {
        if (!p.overlaps(underlay)) continue;
        d.error(i.where, path_of_interface(vm, i),
                "address " + p.to_string() + " overlaps the simulated hosts' underlay " +
                    underlay.to_string(),
                "give the VM another subnet, or <underlay subnet=...> another one");
      }
    }
  }
}

}  // namespace

void check_addressing(const Scenario& s, Diagnostics& d) {
  for (const Vm& vm : s.vms) {
    for (const Route& r : vm.routes) check_route(vm, r, d);
  }
  check_net_subnets(s, d);
  check_underlay_overlap(s, d);
}

}  // namespace dcod::core
