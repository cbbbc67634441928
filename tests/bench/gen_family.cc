// Scenario families for the segmentation benchmark, and the same instance for METIS:
//   multi-tenant  many small tenant nets, a few nets shared by many tenants
//   fat-tree      a k=8 data-center fabric: router VMs joined by point-to-point nets, server LANs
//   random        VMs on 1..3 nets chosen uniformly
//   campus        a few large LANs, each with a router on one core net
// usage: dcod_gen_family FAMILY SEED xml ALGORITHM   the scenario (no pins)
//        dcod_gen_family FAMILY SEED hosts           how many hosts it has
//        dcod_gen_family FAMILY SEED metis           the clique expansion as a METIS graph file
//        dcod_gen_family FAMILY SEED pinned PARTFILE the scenario with every VM pinned as in
//                                                    gpmetis's partition file (algorithm static)
// Bench-only; not part of dcod.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

/// A family instance: how many hosts, how many nets, and each VM's nets.
struct Model {
  int hosts = 0;
  int nets = 0;
  std::vector<std::vector<int>> vm_nets;
  int add_net() { return nets++; }
  void add_vm(std::vector<int> nets_of_vm) {
    std::sort(nets_of_vm.begin(), nets_of_vm.end());
    nets_of_vm.erase(std::unique(nets_of_vm.begin(), nets_of_vm.end()), nets_of_vm.end());
    vm_nets.push_back(std::move(nets_of_vm));
  }
};

Model multi_tenant(std::mt19937& rng) {
  Model m;
  m.hosts = 12;
  std::vector<int> shared;
  for (int s = 0; s < 4; ++s) shared.push_back(m.add_net());
  while (m.vm_nets.size() < 2000) {
    const int size = 5 + static_cast<int>(rng() % 36);
    std::vector<int> tenant_nets;
    for (int n = 1 + static_cast<int>(rng() % 3); n > 0; --n) tenant_nets.push_back(m.add_net());
    const int uplink = shared[rng() % shared.size()];
    for (int v = 0; v < size; ++v) {
      std::vector<int> nets = {tenant_nets[rng() % tenant_nets.size()]};
      if (rng() % 4 == 0) nets.push_back(tenant_nets[rng() % tenant_nets.size()]);
      if (rng() % 5 == 0) nets.push_back(uplink);
      m.add_vm(nets);
    }
  }
  return m;
}

Model fat_tree(std::mt19937& rng) {
  Model m;
  m.hosts = 16;
  const int k = 8, half = k / 2;
  std::vector<std::vector<int>> core_links(half * half);  // per core router: its p2p nets
  for (int pod = 0; pod < k; ++pod) {
    std::vector<std::vector<int>> agg(half), edge(half);
    for (int a = 0; a < half; ++a) {
      for (int e = 0; e < half; ++e) {
        int link = m.add_net();
        agg[a].push_back(link);
        edge[e].push_back(link);
      }
      for (int c = 0; c < half; ++c) {
        int link = m.add_net();
        agg[a].push_back(link);
        core_links[a * half + c].push_back(link);
      }
    }
    for (int e = 0; e < half; ++e) {
      int lan = m.add_net();
      edge[e].push_back(lan);
      const int servers = 50 + static_cast<int>(rng() % 21);
      for (int s = 0; s < servers; ++s) m.add_vm({lan});
    }
    for (auto& nets : agg) m.add_vm(nets);
    for (auto& nets : edge) m.add_vm(nets);
  }
  for (auto& nets : core_links) m.add_vm(nets);
  return m;
}

Model random_family(std::mt19937& rng) {
  Model m;
  m.hosts = 8;
  m.nets = 400;
  for (int v = 0; v < 1500; ++v) {
    std::vector<int> nets;
    for (int n = 1 + static_cast<int>(rng() % 3); n > 0; --n)
      nets.push_back(static_cast<int>(rng() % 400));
    m.add_vm(nets);
  }
  return m;
}

Model campus(std::mt19937& rng) {
  Model m;
  m.hosts = 10;
  const int core = m.add_net();
  for (int lan = 0; lan < 7; ++lan) {
    const int net = m.add_net();
    m.add_vm({net, core});  // the LAN's router
    const int size = 150 + static_cast<int>(rng() % 250);
    for (int v = 0; v < size; ++v) m.add_vm({net});
  }
  return m;
}

Model family(const std::string& name, unsigned seed) {
  std::mt19937 rng(seed);
  if (name == "multi-tenant") return multi_tenant(rng);
  if (name == "fat-tree") return fat_tree(rng);
  if (name == "random") return random_family(rng);
  if (name == "campus") return campus(rng);
  std::fprintf(stderr, "unknown family %s (multi-tenant, fat-tree, random, campus)\n",
               name.c_str());
  std::exit(2);
}

void print_xml(const Model& m, const std::string& algorithm, const std::vector<int>& pins) {
  std::printf(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scenario name=\"fam\" version=\"1\">\n");
  std::printf("  <global><segmentation algorithm=\"%s\"/></global>\n", algorithm.c_str());
  for (int h = 0; h < m.hosts; ++h) std::printf("  <host name=\"hv%d\"/>\n", h);
  for (int n = 0; n < m.nets; ++n) std::printf("  <net name=\"n%d\" vni=\"%d\"/>\n", n, 1000 + n);
  for (std::size_t v = 0; v < m.vm_nets.size(); ++v) {
    std::printf("  <vm name=\"vm%zu\"", v);
    if (!pins.empty()) std::printf(" host=\"hv%d\"", pins[v]);
    std::printf(">");
    for (std::size_t i = 0; i < m.vm_nets[v].size(); ++i)
      std::printf("<if id=\"%zu\" net=\"n%d\"/>", i, m.vm_nets[v][i]);
    std::printf("</vm>\n");
  }
  std::printf("</scenario>\n");
}

/// The clique expansion: every pair of VMs on a net joined with weight 60 / (size − 1)
/// (at least 1), summed over nets — the usual way to hand a hypergraph to a graph partitioner.
void print_metis(const Model& m) {
  std::vector<std::vector<int>> members(m.nets);
  for (std::size_t v = 0; v < m.vm_nets.size(); ++v) {
    for (int n : m.vm_nets[v]) members[n].push_back(static_cast<int>(v));
  }
  std::vector<std::map<int, long>> adjacency(m.vm_nets.size());
  for (const auto& net : members) {
    if (net.size() < 2) continue;
    long w = std::max<long>(1, 60 / static_cast<long>(net.size() - 1));
    for (int a : net) {
      for (int b : net) {
        if (a != b) adjacency[a][b] += w;
      }
    }
  }
  long edges = 0;
  for (const auto& adj : adjacency) edges += static_cast<long>(adj.size());
  std::printf("%zu %ld 001\n", m.vm_nets.size(), edges / 2);
  for (const auto& adj : adjacency) {
    for (const auto& [to, w] : adj) std::printf("%d %ld ", to + 1, w);
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s FAMILY SEED xml ALGORITHM | hosts | metis | pinned PARTFILE\n",
                 argv[0]);
    return 2;
  }
  const Model m = family(argv[1], static_cast<unsigned>(std::atoi(argv[2])));
  const std::string mode = argv[3];
  if (mode == "xml" && argc > 4) {
    print_xml(m, argv[4], {});
  } else if (mode == "hosts") {
    std::printf("%d\n", m.hosts);
  } else if (mode == "metis") {
    print_metis(m);
  } else if (mode == "pinned" && argc > 4) {
    std::ifstream in(argv[4]);
    std::vector<int> pins;
    for (int part; in >> part;) pins.push_back(part);
    if (pins.size() != m.vm_nets.size()) {
      std::fprintf(stderr, "%s: %zu parts for %zu VMs\n", argv[4], pins.size(), m.vm_nets.size());
      return 1;
    }
    print_xml(m, "static", pins);
  } else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  return 0;
}
