#include "netns/netns_naming.h"

#include <charconv>
#include <cstdio>

#include "desire/desired_state.h"
#include "linux/linux_naming.h"

namespace dcod::plugins {

namespace {

std::string hex8(std::string_view text) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x",
                static_cast<unsigned>(core::stable_hash(text) & 0xffffffffu));
  return buf;
}

constexpr std::string_view k_marker_kind = "host:";
constexpr std::string_view k_booting_marker_kind = "booting:";

}  // namespace

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

std::string host_veth_name(std::string_view vm, std::uint32_t interface_id) {
  return "dv" + hex8(vm) + "e" + std::to_string(interface_id);
}

std::string guest_interface_name(std::uint32_t interface_id) {
  return "eth" + std::to_string(interface_id);
}

std::optional<std::uint32_t> interface_id_of(std::string_view name) {
  if (name.size() < 4 || name.substr(0, 3) != "eth") return std::nullopt;
  std::string_view digits = name.substr(3);
  std::uint32_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  return id;
}

std::string vm_marker(std::string_view scenario, std::string_view host) {
  return ownership_alias(scenario, std::string(k_marker_kind) + std::string(host));
}

std::string vm_booting_marker(std::string_view scenario, std::string_view host) {
  return ownership_alias(scenario, std::string(k_booting_marker_kind) + std::string(host));
}

std::optional<std::string> host_of_marker(std::string_view alias, std::string_view scenario) {
  auto marked = marked_as(alias, scenario);
  if (!marked) return std::nullopt;
  for (std::string_view kind : {k_marker_kind, k_booting_marker_kind}) {
    if (marked->rfind(kind, 0) == 0) return marked->substr(kind.size());
  }
  return std::nullopt;
}

std::string underlay_port_name(std::string_view host) {
  return "uh" + hex8(host);
}

}  // namespace dcod::plugins
