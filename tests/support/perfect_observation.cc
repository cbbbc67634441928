#include "perfect_observation.h"

#include "desire/naming.h"

namespace dcod::test {

using namespace dcod::core;

namespace {

ObservedLink link(std::string name, std::string kind, std::string alias, std::uint32_t mtu,
                  std::string master = {}) {
  ObservedLink l;
  l.name = std::move(name);
  l.kind = std::move(kind);
  l.alias = std::move(alias);
  l.mtu = mtu;
  l.up = true;
  l.master = std::move(master);
  return l;
}

void observe_vni(const DesiredVni& v, ObservedHost& o) {
  o.links.push_back(link(v.bridge, "bridge", v.alias, v.mtu));
  ObservedLink vx = link(v.vxlan, "vxlan", v.alias, v.mtu, v.bridge);
  vx.vxlan = ObservedVxlan{v.vni, v.local, v.port, false, true};
  o.links.push_back(vx);
  o.flood_by_dev[v.vxlan] = v.flood;
  o.fdb_by_dev[v.vxlan] = v.fdb;
  o.neigh_by_dev[v.vxlan] = v.neigh;
}

void observe_vm(const DesiredVm& vm, ObservedHost& o) {
  ObservedVm seen;
  seen.netns = vm.netns;
  seen.links.push_back(link("lo", "", "", 65536));
  for (const DesiredInterface& i : vm.interfaces) {
    o.links.push_back(link(i.host_name, "veth", i.alias, i.mtu, i.bridge));
    ObservedLink guest = link(i.guest_name, "veth", "", i.mtu);
    guest.mac = i.mac;
    guest.addresses = i.addresses;
    seen.links.push_back(guest);
  }
  seen.routes = vm.routes;
  seen.forwarding_v4 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv4;
  seen.forwarding_v6 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv6;
  o.vms[vm.name] = seen;
}

}  // namespace

ObservedState perfect_observation(const DesiredState& desired) {
  ObservedState state;
  if (desired.underlay) {
    state.machine.netns.push_back(desired.underlay->netns);
    state.machine.underlay_bridge = true;
  }
  for (const DesiredHost& h : desired.hosts) {
    ObservedHost o;
    if (h.simulated) {
      state.machine.netns.push_back(h.netns);
      state.machine.underlay_ports.push_back(h.underlay_port);
      ObservedLink nic =
          link(std::string(k_host_underlay_nic), "veth",
               ownership_alias(desired.scenario, k_underlay_alias_net), desired.underlay->mtu);
      nic.addresses.push_back(*parse_ip_prefix(
          h.underlay_address + "/" + std::to_string(desired.underlay->subnet.length),
          IpFamily::v4));
      o.links.push_back(nic);
    }
    for (const DesiredVni& v : h.vnis) observe_vni(v, o);
    for (const DesiredVm& vm : h.vms) {
      observe_vm(vm, o);
      if (h.simulated) state.machine.netns.push_back(vm.netns);
    }
    state.hosts.push_back(std::move(o));
  }
  return state;
}

}  // namespace dcod::test
