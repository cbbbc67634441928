#include "linux/iproute_parse.h"

#include <algorithm>

#include "util/json_value.h"

namespace dcod::plugins {

namespace {

using core::IpFamily;

Expected<JsonValue> parse_array(const std::string& json, const char* what) {
  std::string error;
  std::string text = json.find_first_not_of(" \t\r\n") == std::string::npos ? "[]" : json;
  auto value = parse_json(text, &error);
  if (!value || !value->is_array()) {
    return Error{std::string("cannot read the output of `") + what +
                     "`: " + (value ? "not a JSON array" : error),
                 "is iproute2 installed and recent enough for -j?"};
  }
  return std::move(*value);
}

bool flag(const JsonValue& object, const std::string& key) {
  return object.has(key) && object[key].is_bool() && object[key].boolean();
}

bool has_flag(const JsonValue& link, const std::string& name) {
  if (!link.has("flags") || !link["flags"].is_array()) return false;
  const auto& flags = link["flags"].array();
  return std::any_of(flags.begin(), flags.end(),
                     [&](const JsonValue& f) { return f.is_string() && f.string() == name; });
}

std::optional<core::ObservedVxlan> vxlan_of(const JsonValue& info) {
  if (!info.has("info_data")) return std::nullopt;
  const JsonValue& d = info["info_data"];
  core::ObservedVxlan v;
  v.id = static_cast<std::uint32_t>(d.number_or("id"));
  v.local = d.string_or("local");
  v.port = static_cast<std::uint16_t>(d.number_or("port"));
  v.learning = flag(d, "learning");
  v.proxy = flag(d, "proxy");
  return v;
}

/// Neighbour entries carry "state": ["PERMANENT"]; only those are dcod's.
bool has_flag_state(const JsonValue& e) {
  if (!e.has("state") || !e["state"].is_array()) return false;
  const auto& states = e["state"].array();
  return std::any_of(states.begin(), states.end(),
                     [](const JsonValue& s) { return s.is_string() && s.string() == "PERMANENT"; });
}

core::ObservedLink link_of(const JsonValue& l) {
  core::ObservedLink link;
  link.name = l.string_or("ifname");
  link.alias = l.string_or("ifalias");
  link.master = l.string_or("master");
  link.mtu = static_cast<std::uint32_t>(l.number_or("mtu"));
  link.up = has_flag(l, "UP");
  link.mac = core::parse_mac(l.string_or("address"));
  if (l.has("linkinfo")) {
    link.kind = l["linkinfo"].string_or("info_kind");
    if (link.kind == "vxlan") link.vxlan = vxlan_of(l["linkinfo"]);
  }
  if (l.has("addr_info") && l["addr_info"].is_array()) {
    for (const JsonValue& a : l["addr_info"].array()) {
      if (a.string_or("scope") != "global") continue;
      IpFamily family = a.string_or("family") == "inet6" ? IpFamily::v6 : IpFamily::v4;
      std::string text =
          a.string_or("local") + "/" + std::to_string(static_cast<int>(a.number_or("prefixlen")));
      if (auto p = core::parse_ip_prefix(text, family)) link.addresses.push_back(*p);
    }
  }
  return link;
}

std::optional<core::IpPrefix> route_destination(const std::string& dst, IpFamily family) {
  if (dst.find('/') != std::string::npos) return core::parse_ip_prefix(dst, family);
  return core::parse_ip_prefix(dst + (family == IpFamily::v4 ? "/32" : "/128"), family);
}

}  // namespace

Expected<std::vector<core::ObservedLink>> parse_links(const std::string& json) {
  auto array = parse_array(json, "ip -d -j addr show");
  if (!array) return array.error();
  std::vector<core::ObservedLink> links;
  for (const JsonValue& l : array->array()) {
    if (l.is_object()) links.push_back(link_of(l));
  }
  return links;
}

Expected<bool> parse_fdb(const std::string& json, const std::string& device_prefix,
                         std::map<std::string, std::vector<std::string>>& flood,
                         std::map<std::string, std::vector<core::FdbEntry>>& fdb) {
  auto array = parse_array(json, "bridge -j fdb show");
  if (!array) return array.error();
  for (const JsonValue& e : array->array()) {
    std::string dev = e.string_or("ifname");
    if (!e.is_object() || !e.has("dst") || dev.rfind(device_prefix, 0) != 0) continue;
    auto mac = core::parse_mac(e.string_or("mac"));
    if (!mac) continue;
    if (mac->is_zero()) {
      flood[dev].push_back(e.string_or("dst"));
    } else if (e.string_or("state") == "permanent") {
      fdb[dev].push_back({*mac, e.string_or("dst")});
    }
  }
  return true;
}

Expected<std::map<std::string, std::vector<core::NeighEntry>>> parse_neigh(
    const std::string& json, const std::string& device_prefix) {
  auto array = parse_array(json, "ip -j neigh show");
  if (!array) return array.error();
  std::map<std::string, std::vector<core::NeighEntry>> out;
  for (const JsonValue& e : array->array()) {
    std::string dev = e.string_or("dev");
    if (!e.is_object() || dev.rfind(device_prefix, 0) != 0 || !has_flag_state(e)) continue;
    auto ip = core::parse_ip_address(e.string_or("dst"));
    auto mac = core::parse_mac(e.string_or("lladdr"));
    if (ip && mac) out[dev].push_back({*ip, *mac});
  }
  return out;
}

Expected<std::vector<core::DesiredRoute>> parse_routes(const std::string& json) {
  auto array = parse_array(json, "ip -j route show");
  if (!array) return array.error();
  std::vector<core::DesiredRoute> routes;
  for (const JsonValue& r : array->array()) {
    auto gateway = core::parse_ip_address(r.string_or("gateway"));
    if (!gateway) continue;
    core::DesiredRoute route;
    route.gateway = *gateway;
    std::string dst = r.string_or("dst");
    if (dst != "default") route.destination = route_destination(dst, gateway->family);
    routes.push_back(route);
  }
  return routes;
}

}  // namespace dcod::plugins
