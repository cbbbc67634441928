// The iproute2 JSON readers on any bytes (what a host's `ip -j` and `bridge -j` print is input
// dcod does not control): an error or a result, never a crash. The input is cut at NUL bytes
// into the outputs of `ip -j link`, `ip -j addr`, `bridge -j fdb`, `ip -j neigh`, `ip -j route`.
// The one-pass record reader must read each of them as parse_json's document does.

#include <cstdlib>

#include "../support/json_reference.h"
#include "fuzz_input.h"
#include "linux/iproute_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dcod::plugins;
  std::vector<std::string> part = dcod::fuzz::parts_of(dcod::fuzz::as_text(data, size), 5);
  (void)parse_links(part[0]);
  (void)parse_addressed_links(part[0], part[1]);
  BridgeEntries entries;
  (void)parse_fdb(part[2], "dc", entries);
  (void)parse_neigh(part[3], "dc", entries);
  (void)parse_routes(part[4]);
  const std::vector<std::string> keys = {"ifname", "dst", "mac", "state", "dev", "lladdr"};
  for (const std::string& text : part) {
    if (!dcod::testing::records_agree(text, keys)) std::abort();
  }
  return 0;
}
