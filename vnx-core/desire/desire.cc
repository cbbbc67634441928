#include <algorithm>
#include <map>
#include <set>

#include "desire/desired_state.h"
#include "desire/naming.h"

namespace dcod::core {

namespace {

/// Where each VM interface ends up, with its final MAC.
struct PlacedInterface {
  std::uint32_t vm = 0;
  const Interface* iface = nullptr;
  std::uint32_t host = 0;
  MacAddress mac;
};

/// Declared MACs as given; the others derived, never colliding with any other interface.
std::vector<std::vector<MacAddress>> interface_macs(const Scenario& s) {
  std::set<MacAddress> taken;
  for (const Vm& vm : s.vms) {
    for (const Interface& i : vm.interfaces) {
      if (i.mac) taken.insert(*i.mac);
    }
  }
  std::vector<std::vector<MacAddress>> macs(s.vms.size());
  for (std::size_t v = 0; v < s.vms.size(); ++v) {
    for (const Interface& i : s.vms[v].interfaces) {
      if (i.mac) {
        macs[v].push_back(*i.mac);
        continue;
      }
      MacAddress mac;
      std::uint32_t salt = 0;
      do {
        mac = derived_mac(s.name, s.vms[v].name, i.id, salt++);
      } while (taken.count(mac));
      taken.insert(mac);
      macs[v].push_back(mac);
    }
  }
  return macs;
}

Expected<std::vector<std::string>> underlay_addresses(const Scenario& s) {
  std::vector<std::string> out;
  std::uint64_t simulated = 0;
  for (const Host& h : s.hosts) {
    if (h.is_simulated()) {
      out.push_back(nth_address(s.global.underlay_subnet, 1 + simulated++));
    } else if (auto ip = parse_ip_address(h.address)) {
      out.push_back(ip->to_string());
    } else {
      return Error{"host '" + h.name + "' has the address '" + h.address +
                       "', a name; VXLAN tunnels need an IP address",
                   "give address= as an IPv4 or IPv6 address"};
    }
  }
  return out;
}

DesiredVni make_vni(const Scenario& s, const Net& net, std::uint32_t host,
                    const std::vector<std::string>& addresses,
                    const std::vector<std::uint32_t>& carriers,
                    const std::vector<PlacedInterface>& members) {
  DesiredVni d;
  d.vni = net.vni;
  d.net = net.name;
  d.alias = ownership_alias(s.name, net.name);
  d.bridge = bridge_name(net.vni);
  d.vxlan = vxlan_name(net.vni);
  d.local = addresses[host];
  d.port = s.global.udp_port;
  d.mtu = s.global.vm_mtu();
  for (std::uint32_t other : carriers) {
    if (other != host) d.flood.push_back(addresses[other]);
  }
  for (const PlacedInterface& m : members) {
    if (m.host == host) continue;
    d.fdb.push_back({m.mac, addresses[m.host]});
    for (const auto* list : {&m.iface->ipv4, &m.iface->ipv6}) {
      for (const IpPrefix& p : *list) d.neigh.push_back({p.address, m.mac});
    }
  }
  std::sort(d.flood.begin(), d.flood.end());
  std::sort(d.fdb.begin(), d.fdb.end());
  std::sort(d.neigh.begin(), d.neigh.end());
  return d;
}

DesiredVm make_vm(const Scenario& s, std::uint32_t v, const std::vector<MacAddress>& macs) {
  const Vm& vm = s.vms[v];
  DesiredVm d;
  d.name = vm.name;
  d.netns = vm_netns_name(s.name, vm.name);
  for (std::size_t k = 0; k < vm.interfaces.size(); ++k) {
    const Interface& i = vm.interfaces[k];
    const Net& net = s.nets[i.net_index];
    DesiredInterface di;
    di.id = i.id;
    di.guest_name = guest_interface_name(i.id);
    di.host_name = host_veth_name(vm.name, i.id);
    di.alias = ownership_alias(s.name, net.name);
    di.mac = macs[k];
    di.mtu = s.global.vm_mtu();
    di.vni = net.vni;
    di.bridge = bridge_name(net.vni);
    di.addresses = i.ipv4;
    di.addresses.insert(di.addresses.end(), i.ipv6.begin(), i.ipv6.end());
    d.interfaces.push_back(std::move(di));
  }
  for (const Route& r : vm.routes) d.routes.push_back({r.destination, r.gateway});
  d.forwarding = vm.forwarding;
  for (const Exec& e : vm.execs) {
    if (e.seq == "on_boot") d.on_boot.push_back(e.command);
  }
  return d;
}

std::optional<Error> check_veth_names(const DesiredHost& host) {
  std::map<std::string, std::string> owner;
  for (const DesiredVm& vm : host.vms) {
    for (const DesiredInterface& i : vm.interfaces) {
      auto [it, fresh] = owner.emplace(i.host_name, vm.name);
      if (!fresh && it->second != vm.name) {
        return Error{"VMs '" + it->second + "' and '" + vm.name + "' on host '" + host.name +
                         "' would share the interface name " + i.host_name,
                     "rename one of them"};
      }
    }
  }
  return std::nullopt;
}

DesiredUnderlay make_underlay(const Scenario& s) {
  DesiredUnderlay u;
  u.netns = underlay_netns_name(s.name);
  u.alias = ownership_alias(s.name, k_underlay_alias_net);
  u.subnet = s.global.underlay_subnet;
  u.mtu = s.global.underlay_mtu;
  return u;
}

}  // namespace

std::string nth_address(const IpPrefix& subnet, std::uint64_t n) {
  IpAddress a = subnet.network().address;
  std::uint32_t value = (std::uint32_t{a.bytes[0]} << 24) | (std::uint32_t{a.bytes[1]} << 16) |
                        (std::uint32_t{a.bytes[2]} << 8) | a.bytes[3];
  value += static_cast<std::uint32_t>(n);
  for (int i = 0; i < 4; ++i) a.bytes[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
  return a.to_string();
}

DesiredState emptied(const DesiredState& state) {
  DesiredState out;
  out.scenario = state.scenario;
  for (const DesiredHost& h : state.hosts) {
    DesiredHost e;
    e.name = h.name;
    e.present = false;
    e.simulated = h.simulated;
    e.netns = h.netns;
    e.underlay_address = h.underlay_address;
    e.underlay_port = h.underlay_port;
    out.hosts.push_back(std::move(e));
  }
  return out;
}

Expected<DesiredState> desire(const Scenario& s, const Placement& p) {
  auto addresses = underlay_addresses(s);
  if (!addresses) return addresses.error();
  const auto macs = interface_macs(s);
  std::vector<std::vector<PlacedInterface>> members(s.nets.size());
  std::vector<std::vector<std::uint32_t>> carriers(s.nets.size());
  for (std::uint32_t v = 0; v < s.vms.size(); ++v) {
    for (std::size_t k = 0; k < s.vms[v].interfaces.size(); ++k) {
      const Interface& i = s.vms[v].interfaces[k];
      members[i.net_index].push_back({v, &i, p.host_of_vm[v], macs[v][k]});
      carriers[i.net_index].push_back(p.host_of_vm[v]);
    }
  }
  for (auto& c : carriers) {
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
  }
  DesiredState state;
  state.scenario = s.name;
  for (std::uint32_t h = 0; h < s.hosts.size(); ++h) {
    const Host& host = s.hosts[h];
    DesiredHost d;
    d.name = host.name;
    d.simulated = host.is_simulated();
    d.netns = d.simulated ? host_netns_name(s.name, host.name) : "";
    d.underlay_address = (*addresses)[h];
    d.underlay_port = d.simulated ? underlay_port_name(host.name) : "";
    state.hosts.push_back(std::move(d));
  }
  std::vector<std::uint32_t> net_order(s.nets.size());
  for (std::uint32_t n = 0; n < s.nets.size(); ++n) net_order[n] = n;
  std::sort(net_order.begin(), net_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return s.nets[a].vni < s.nets[b].vni; });
  for (std::uint32_t n : net_order) {
    for (std::uint32_t h : carriers[n]) {
      state.hosts[h].vnis.push_back(make_vni(s, s.nets[n], h, *addresses, carriers[n], members[n]));
    }
  }
  for (std::uint32_t v = 0; v < s.vms.size(); ++v) {
    state.hosts[p.host_of_vm[v]].vms.push_back(make_vm(s, v, macs[v]));
  }
  for (const DesiredHost& host : state.hosts) {
    if (auto e = check_veth_names(host)) return *e;
  }
  bool any_simulated =
      std::any_of(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.is_simulated(); });
  if (any_simulated) state.underlay = make_underlay(s);
  return state;
}

}  // namespace dcod::core
