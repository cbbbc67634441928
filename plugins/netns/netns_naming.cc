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
constexpr std::string_view k_director_kind = "director:";

std::optional<std::uint32_t> decimal(std::string_view digits) {
  std::uint32_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  return id;
}

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
  return decimal(name.substr(3));
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

std::string director_link_name(std::string_view scenario, std::string_view vm,
                               std::uint32_t interface_id) {
  return "dd" + hex8(std::string(scenario) + "/" + std::string(vm)) + "e" +
         std::to_string(interface_id);
}

std::string director_link_alias(std::string_view scenario, std::string_view host,
                                std::string_view vm) {
  return ownership_alias(scenario,
                         std::string(k_director_kind) + std::string(host) + ":" + std::string(vm));
}

std::optional<std::pair<std::string, std::string>> director_link_owner(std::string_view alias,
                                                                       std::string_view scenario) {
  auto marked = marked_as(alias, scenario);
  if (!marked || marked->rfind(k_director_kind, 0) != 0) return std::nullopt;
  std::string rest = marked->substr(k_director_kind.size());
  auto colon = rest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
  return std::make_pair(rest.substr(0, colon), rest.substr(colon + 1));
}

std::optional<std::uint32_t> director_link_id(std::string_view name) {
  auto e = name.rfind('e');
  if (name.substr(0, 2) != "dd" || e == std::string_view::npos) return std::nullopt;
  return decimal(name.substr(e + 1));
}

std::string underlay_port_name(std::string_view host) {
  return "uh" + hex8(host);
}

}  // namespace dcod::plugins
