// Writes a large, valid scenario for benchmarks: N hosts, M nets, K VMs, each VM with 1..3
// interfaces (1..MAX_IFACES; MAC and IPv4 address each) on nets chosen with tenant locality.
// usage: dcod_gen_scenario HOSTS NETS VMS ALGORITHM [SEED [MAX_IFACES]] > scenario.xml

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s HOSTS NETS VMS ALGORITHM [SEED [MAX_IFACES]]\n", argv[0]);
    return 2;
  }
  const int hosts = std::atoi(argv[1]);
  const int nets = std::atoi(argv[2]);
  const int vms = std::atoi(argv[3]);
  const std::string algorithm = argv[4];
  std::mt19937 rng(argc > 5 ? static_cast<unsigned>(std::atoi(argv[5])) : 7u);
  const int max_interfaces = argc > 6 ? std::max(1, std::atoi(argv[6])) : 3;
  std::printf(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scenario name=\"bench\" version=\"1\">\n");
  std::printf(
      "  <global>\n    <segmentation algorithm=\"%s\"/>\n    <underlay "
      "subnet=\"198.18.0.0/16\"/>\n  </global>\n",
      algorithm.c_str());
  for (int h = 0; h < hosts; ++h) std::printf("  <host name=\"hv%d\" backend=\"netns\"/>\n", h);
  for (int n = 0; n < nets; ++n) std::printf("  <net name=\"n%d\" vni=\"%d\"/>\n", n, 1000 + n);
  std::vector<int> next_host_octet(nets, 1);
  const int tenant_size = 20;  // VMs of one tenant share a window of nearby nets
  for (int v = 0; v < vms; ++v) {
    std::printf("  <vm name=\"vm%d\">\n", v);
    const int window = (v / tenant_size * 4) % nets;
    const int interfaces = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_interfaces));
    for (int i = 0; i < interfaces; ++i) {
      int net = (window + static_cast<int>(rng() % 6)) % nets;
      int octet = next_host_octet[net]++;
      if (octet > 250) continue;  // keep addresses unique and valid
      std::printf(
          "    <if id=\"%d\" net=\"n%d\" "
          "mac=\"02:%02x:%02x:%02x:%02x:%02x\"><ipv4>10.%d.%d.%d/24</ipv4></if>\n",
          i, net, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, i, 0, net / 256, net % 256, octet);
    }
    std::printf("  </vm>\n");
  }
  std::printf("</scenario>\n");
  return 0;
}
