#include <algorithm>
#include <cstdio>
#include <set>

#include "desire/desired_state.h"

namespace dcod::core {

namespace {

/// Where each VM interface ends up, with its final MAC.
struct PlacedInterface {
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

/// An entry of a net's VTEPs and the host it is on, which leaves it out of its own VTEP.
template <typename Entry>
struct OnHost {
  Entry entry;
  std::uint32_t host = 0;
  bool operator<(const OnHost& other) const { return entry < other.entry; }
};

/// What every VTEP of one net lists, sorted once for the net: each of its VTEPs takes all of
/// it but its own host's (a wide lab has a VTEP per host, each listing every other host).
struct NetEntries {
  std::vector<OnHost<Endpoint>> flood;
  std::vector<OnHost<RemoteMac>> fdb;
  std::vector<OnHost<NeighEntry>> neigh;
};

NetEntries net_entries(const std::vector<Endpoint>& endpoints,
                       const std::vector<std::uint32_t>& carriers,
                       const std::vector<PlacedInterface>& members) {
  NetEntries e;
  for (std::uint32_t host : carriers) e.flood.push_back({endpoints[host], host});
  for (const PlacedInterface& m : members) {
    e.fdb.push_back({{m.mac, endpoints[m.host]}, m.host});
    for (const auto* list : {&m.iface->ipv4, &m.iface->ipv6}) {
      for (const IpPrefix& p : *list) e.neigh.push_back({{p.address, m.mac}, m.host});
    }
  }
  std::sort(e.flood.begin(), e.flood.end());
  std::sort(e.fdb.begin(), e.fdb.end());
  std::sort(e.neigh.begin(), e.neigh.end());
  return e;
}

/// The entries not on `host`, in the net's order.
template <typename Entry>
std::vector<Entry> others_than(const std::vector<OnHost<Entry>>& all, std::uint32_t host) {
  std::vector<Entry> out;
  out.reserve(all.size());
  for (const OnHost<Entry>& e : all) {
    if (e.host != host) out.push_back(e.entry);
  }
  return out;
}

DesiredVtep make_vtep(const Scenario& s, const Net& net, std::uint32_t host,
                      const std::vector<Endpoint>& endpoints, const NetEntries& entries) {
  DesiredVtep d;
  d.vni = net.vni;
  d.net = net.name;
  d.local = endpoints[host];
  d.port = s.global.udp_port;
  d.mtu = s.global.vm_mtu();
  d.where = net.where;
  d.flood = others_than(entries.flood, host);
  d.fdb = others_than(entries.fdb, host);
  d.neigh = others_than(entries.neigh, host);
  return d;
}

DesiredVm make_vm(const Scenario& s, std::uint32_t v, const std::vector<MacAddress>& macs) {
  const Vm& vm = s.vms[v];
  DesiredVm d;
  d.name = vm.name;
  d.cpus = vm.cpus;
  d.memory_mb = vm.memory_mb;
  d.image = vm.image;
  d.chipset = vm.chipset;
  d.where = vm.where;
  d.on_director = vm.on_director;
  for (std::size_t k = 0; k < vm.interfaces.size(); ++k) {
    const Interface& i = vm.interfaces[k];
    const Net& net = s.nets[i.net_index];
    DesiredInterface di;
    di.id = i.id;
    di.net = net.name;
    di.vni = net.vni;
    di.mac = macs[k];
    di.mtu = s.global.vm_mtu();
    di.where = i.where;
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

}  // namespace

std::string nth_address(const IpPrefix& subnet, std::uint64_t n) {
  IpAddress a = subnet.network().address;
  std::uint32_t value = (std::uint32_t{a.bytes[0]} << 24) | (std::uint32_t{a.bytes[1]} << 16) |
                        (std::uint32_t{a.bytes[2]} << 8) | a.bytes[3];
  value += static_cast<std::uint32_t>(n);
  for (int i = 0; i < 4; ++i) a.bytes[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
  return a.to_string();
}

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

MacAddress derived_mac(std::string_view scenario, std::string_view vm, std::uint32_t interface_id,
                       std::uint32_t salt) {
  std::string key = std::string(scenario) + "/" + std::string(vm) + "/" +
                    std::to_string(interface_id) + "/" + std::to_string(salt);
  std::uint64_t h = stable_hash(key);
  MacAddress mac;
  mac.octets[0] = 0x02;  // locally administered, unicast
  for (int i = 1; i < 6; ++i) mac.octets[i] = static_cast<std::uint8_t>(h >> (8 * (i - 1)));
  return mac;
}

DesiredState emptied(const DesiredState& state) {
  DesiredState out;
  out.scenario = state.scenario;
  out.file = state.file;
  for (const DesiredHost& h : state.hosts) {
    DesiredHost e;
    e.name = h.name;
    e.backend = h.backend;
    e.present = false;
    e.simulated = h.simulated;
    e.endpoint = h.endpoint;
    out.hosts.push_back(std::move(e));
  }
  return out;
}

DesiredState desire(const Scenario& s, const Placement& p, const std::vector<Endpoint>& endpoints) {
  const auto macs = interface_macs(s);
  std::vector<std::vector<PlacedInterface>> members(s.nets.size());
  std::vector<std::vector<std::uint32_t>> carriers(s.nets.size());
  for (std::uint32_t v = 0; v < s.vms.size(); ++v) {
    for (std::size_t k = 0; k < s.vms[v].interfaces.size(); ++k) {
      const Interface& i = s.vms[v].interfaces[k];
      members[i.net_index].push_back({&i, p.host_of_vm[v], macs[v][k]});
      carriers[i.net_index].push_back(p.host_of_vm[v]);
    }
  }
  for (auto& c : carriers) {
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
  }
  DesiredState state;
  state.scenario = s.name;
  state.file = s.file;
  for (std::uint32_t h = 0; h < s.hosts.size(); ++h) {
    DesiredHost d;
    d.name = s.hosts[h].name;
    d.backend = s.hosts[h].backend;
    d.simulated = s.hosts[h].is_simulated();
    d.endpoint = endpoints[h];
    state.hosts.push_back(std::move(d));
  }
  std::vector<std::uint32_t> net_order(s.nets.size());
  for (std::uint32_t n = 0; n < s.nets.size(); ++n) net_order[n] = n;
  std::sort(net_order.begin(), net_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return s.nets[a].vni < s.nets[b].vni; });
  for (std::uint32_t n : net_order) {
    const NetEntries entries = net_entries(endpoints, carriers[n], members[n]);
    for (std::uint32_t h : carriers[n])
      state.hosts[h].vteps.push_back(make_vtep(s, s.nets[n], h, endpoints, entries));
  }
  for (std::uint32_t v = 0; v < s.vms.size(); ++v) {
    state.hosts[p.host_of_vm[v]].vms.push_back(make_vm(s, v, macs[v]));
  }
  bool any_simulated =
      std::any_of(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.is_simulated(); });
  if (any_simulated)
    state.underlay = DesiredUnderlay{s.global.underlay_subnet, s.global.underlay_mtu};
  return state;
}

}  // namespace dcod::core
