#include "desire/naming.h"

#include <cstdio>

namespace dcod::core {

namespace {

std::string hex8(std::string_view text) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(stable_hash(text) & 0xffffffffu));
  return buf;
}

}  // namespace

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string scenario_netns_prefix(std::string_view scenario) {
  return "dcod." + std::string(scenario);
}

std::string host_netns_name(std::string_view scenario, std::string_view host) {
  return scenario_netns_prefix(scenario) + ".host." + std::string(host);
}

std::string underlay_netns_name(std::string_view scenario) {
  return scenario_netns_prefix(scenario) + ".underlay";
}

std::string vm_netns_name(std::string_view scenario, std::string_view vm) {
  return scenario_netns_prefix(scenario) + ".vm." + std::string(vm);
}

std::string bridge_name(std::uint32_t vni) {
  return "dcb" + std::to_string(vni);
}
std::string vxlan_name(std::uint32_t vni) {
  return "dcx" + std::to_string(vni);
}

std::string host_veth_name(std::string_view vm, std::uint32_t interface_id) {
  return "dv" + hex8(vm) + "e" + std::to_string(interface_id);
}

std::string guest_interface_name(std::uint32_t interface_id) {
  return "eth" + std::to_string(interface_id);
}

std::string ownership_alias_prefix(std::string_view scenario) {
  return "dcod:" + std::string(scenario) + ":";
}

std::string ownership_alias(std::string_view scenario, std::string_view net) {
  return ownership_alias_prefix(scenario) + std::string(net);
}

std::string underlay_port_name(std::string_view host) {
  return "uh" + hex8(host);
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

}  // namespace dcod::core
