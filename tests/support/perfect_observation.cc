#include "perfect_observation.h"

namespace dcod::test {

using namespace dcod::core;

namespace {

ObservedVtep observe_vtep(const DesiredVtep& v) {
  ObservedVtep o;
  o.bridge = ObservedBridge{v.net, v.mtu, true};
  o.tunnel = ObservedTunnel{v.net, v.vni, v.local.address, v.port, false, true, true, v.mtu, true};
  for (const Endpoint& peer : v.flood) o.flood.push_back(peer.address);
  for (const RemoteMac& e : v.fdb) o.fdb.push_back({e.mac, e.dst.address});
  o.neigh = v.neigh;
  return o;
}

ObservedVm observe_vm(const DesiredVm& vm) {
  ObservedVm seen;
  for (const DesiredInterface& i : vm.interfaces) {
    ObservedInterface o;
    o.net = i.net;
    o.vni = i.vni;
    o.mac = i.mac;
    o.mtu = i.mtu;
    o.up = true;
    o.addresses = i.addresses;
    seen.interfaces[i.id] = o;
  }
  seen.routes = vm.routes;
  seen.forwarding_v4 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv4;
  seen.forwarding_v6 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv6;
  return seen;
}

}  // namespace

ObservedState perfect_observation(const DesiredState& desired) {
  ObservedState state;
  if (desired.underlay) {
    state.site.underlay_exists = true;
    state.site.underlay_up = true;
    state.site.underlay_mtu = desired.underlay->mtu;
  }
  for (const DesiredHost& h : desired.hosts) {
    ObservedHost o;
    if (h.simulated && desired.underlay) {
      o.base.exists = true;
      o.base.up = true;
      o.base.attached = true;
      o.base.mtu = desired.underlay->mtu;
      o.base.addresses.push_back(*parse_ip_prefix(
          h.endpoint.address + "/" + std::to_string(desired.underlay->subnet.length),
          IpFamily::v4));
    }
    for (const DesiredVtep& v : h.vteps) o.vteps[v.vni] = observe_vtep(v);
    for (const DesiredVm& vm : h.vms) o.vms[vm.name] = observe_vm(vm);
    state.hosts.push_back(std::move(o));
  }
  return state;
}

}  // namespace dcod::test
