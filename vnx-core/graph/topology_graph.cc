#include "graph/topology_graph.h"

#include <map>

#include "placement/metrics.h"

namespace dcod::core {

namespace {

using Vertex = TopologyGraph::vertex_descriptor;

std::string backend_label(const Host& h) {
  std::string os = h.os == HostOs::windows ? " windows" : h.os == HostOs::linux ? " linux" : "";
  return h.backend + os + ", " + (h.is_simulated() ? "simulated" : h.address);
}

std::string interface_label(const Interface& i) {
  std::string label = "eth" + std::to_string(i.id);
  for (const IpPrefix& p : i.ipv4) label += "\n" + p.to_string();
  for (const IpPrefix& p : i.ipv6) label += "\n" + p.to_string();
  return label;
}

struct Builder {
  const Scenario& s;
  const Placement& p;
  TopologyGraph g;
  std::vector<Vertex> vtep_of_host;
  std::vector<Vertex> vm_vertex;
  std::vector<Vertex> net_vertex;
  std::map<std::pair<std::uint32_t, std::uint32_t>, Vertex> intnet;  // (host, net) -> vertex

  void add_hosts(const std::vector<std::vector<std::uint32_t>>& net_hosts) {
    std::vector<bool> carries(s.hosts.size(), false);
    for (const auto& hosts : net_hosts) {
      for (std::uint32_t h : hosts) carries[h] = true;
    }
    std::vector<std::vector<std::uint32_t>> vms_of_host(s.hosts.size());
    for (std::uint32_t vm = 0; vm < s.vms.size(); ++vm) vms_of_host[p.host_of_vm[vm]].push_back(vm);
    vtep_of_host.assign(s.hosts.size(), TopologyGraph::null_vertex());
    vm_vertex.resize(s.vms.size());
    for (std::uint32_t h = 0; h < s.hosts.size(); ++h) {
      const Host& host = s.hosts[h];
      Vertex hv = add_vertex({NodeKind::host, "host:" + host.name, host.name,
                              host.name + "\n" + backend_label(host), ""},
                             g);
      if (carries[h]) {
        std::string label = host.proxy ? "VTEP\nproxy VM " + host.proxy->vm : "VTEP";
        vtep_of_host[h] =
            add_vertex({NodeKind::vtep, "vtep:" + host.name, host.name, label, host.name}, g);
        add_edge(hv, vtep_of_host[h], {LinkKind::contains, "", 0}, g);
      }
      for (std::uint32_t vm : vms_of_host[h]) {
        const Vm& v = s.vms[vm];
        vm_vertex[vm] = add_vertex({NodeKind::vm, "vm:" + v.name, v.name, v.name, host.name}, g);
        add_edge(hv, vm_vertex[vm], {LinkKind::contains, "", 0}, g);
      }
    }
  }

  /// The internal network of net `n` on host `h` (made on first use): the proxy VM's NIC
  /// slot on it, and on to the net.
  Vertex internal_network(std::uint32_t h, std::uint32_t n) {
    auto found = intnet.find({h, n});
    if (found != intnet.end()) return found->second;
    const Host& host = s.hosts[h];
    const Net& net = s.nets[n];
    Vertex v = add_vertex({NodeKind::intnet, "intnet:" + host.name + ":" + net.name, net.name,
                           net.name + "\ninternal network", host.name},
                          g);
    add_edge(vertex(h), v, {LinkKind::contains, "", 0}, g);
    add_edge(vtep_of_host[h], v, {LinkKind::attachment, "NIC slot", 0}, g);
    add_edge(v, net_vertex[n], {LinkKind::attachment, "VNI " + std::to_string(net.vni), 0}, g);
    intnet.emplace(std::make_pair(h, n), v);
    return v;
  }

  /// The vertex of host `h`.
  Vertex vertex(std::uint32_t h) const {
    for (auto v : boost::make_iterator_range(vertices(g))) {
      if (g[v].kind == NodeKind::host && g[v].name == s.hosts[h].name) return v;
    }
    return TopologyGraph::null_vertex();
  }

  void add_nets_and_attachments() {
    for (const Net& n : s.nets) {
      net_vertex.push_back(add_vertex(
          {NodeKind::net, "net:" + n.name, n.name, n.name + "\nVNI " + std::to_string(n.vni), ""},
          g));
    }
    for (std::uint32_t vm = 0; vm < s.vms.size(); ++vm) {
      const std::uint32_t h = p.host_of_vm[vm];
      for (const Interface& i : s.vms[vm].interfaces) {
        Vertex to = s.hosts[h].proxy ? internal_network(h, i.net_index) : net_vertex[i.net_index];
        add_edge(vm_vertex[vm], to, {LinkKind::attachment, interface_label(i), 0}, g);
      }
    }
  }

  void add_tunnels(const std::vector<std::vector<std::uint32_t>>& net_hosts) {
    for (std::size_t n = 0; n < s.nets.size(); ++n) {
      const auto& hosts = net_hosts[n];
      const std::uint32_t vni = s.nets[n].vni;
      for (std::size_t a = 0; a < hosts.size(); ++a) {
        for (std::size_t b = a + 1; b < hosts.size(); ++b) {
          add_edge(vtep_of_host[hosts[a]], vtep_of_host[hosts[b]],
                   {LinkKind::tunnel, "VNI " + std::to_string(vni), vni}, g);
        }
      }
    }
  }
};

}  // namespace

TopologyGraph build_topology(const Scenario& scenario, const Placement& placement) {
  Builder b{scenario, placement, {}, {}, {}, {}, {}};
  const auto net_hosts = hosts_per_net(scenario, placement);
  b.add_hosts(net_hosts);
  b.add_nets_and_attachments();
  b.add_tunnels(net_hosts);
  return std::move(b.g);
}

const char* kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::host:
      return "host";
    case NodeKind::vtep:
      return "vtep";
    case NodeKind::vm:
      return "vm";
    case NodeKind::net:
      return "net";
    case NodeKind::intnet:
      return "intnet";
  }
  return "?";
}

const char* kind_name(LinkKind kind) {
  switch (kind) {
    case LinkKind::contains:
      return "contains";
    case LinkKind::attachment:
      return "attachment";
    case LinkKind::tunnel:
      return "tunnel";
  }
  return "?";
}

}  // namespace dcod::core
