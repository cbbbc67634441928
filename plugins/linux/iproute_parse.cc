#include "linux/iproute_parse.h"

#include <algorithm>

#include "util/json.h"

namespace dcod::plugins {

namespace {

using core::IpFamily;

/// The error for output of `what` that is not the JSON array iproute2 prints.
Error unreadable(const char* what, const Error& why) {
  return Error{std::string("cannot read the output of `") + what + "`: " + why.message,
               "is iproute2 installed and recent enough for -j?"};
}

Expected<Json> parse_array(const std::string& json, const char* what) {
  std::string text = json.find_first_not_of(" \t\r\n") == std::string::npos ? "[]" : json;
  auto value = parse_json(text);
  if (!value) return unreadable(what, value.error());
  if (!value->is_array()) return unreadable(what, Error{"not a JSON array", ""});
  return std::move(*value);
}

/// True when the array member `key` holds the string `name` ("flags": ["UP", ...]).
bool listed(const Json& object, const char* key, const std::string& name) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return false;
  return std::any_of(it->begin(), it->end(),
                     [&](const Json& f) { return f.is_string() && f.get<std::string>() == name; });
}

std::optional<LinuxVxlan> vxlan_of(const Json& info) {
  auto data = info.find("info_data");
  if (data == info.end() || !data->is_object()) return std::nullopt;
  LinuxVxlan v;
  v.id = static_cast<std::uint32_t>(number_or(*data, "id"));
  v.local = string_or(*data, "local");
  v.port = static_cast<std::uint16_t>(number_or(*data, "port"));
  v.learning = flag_of(*data, "learning");
  v.proxy = flag_of(*data, "proxy");
  return v;
}

void add_addresses(const Json& l, LinuxLink& link) {
  auto list = l.find("addr_info");
  if (list == l.end() || !list->is_array()) return;
  for (const Json& a : *list) {
    if (string_or(a, "scope") != "global") continue;
    IpFamily family = string_or(a, "family") == "inet6" ? IpFamily::v6 : IpFamily::v4;
    std::string text =
        string_or(a, "local") + "/" + std::to_string(static_cast<int>(number_or(a, "prefixlen")));
    if (auto p = core::parse_ip_prefix(text, family)) link.addresses.push_back(*p);
  }
}

LinuxLink link_of(const Json& l) {
  LinuxLink link;
  link.name = string_or(l, "ifname");
  link.alias = string_or(l, "ifalias");
  link.master = string_or(l, "master");
  link.mtu = static_cast<std::uint32_t>(number_or(l, "mtu"));
  link.up = listed(l, "flags", "UP");
  link.mac = core::parse_mac(string_or(l, "address"));
  auto info = l.find("linkinfo");
  if (info != l.end() && info->is_object()) {
    link.kind = string_or(*info, "info_kind");
    if (link.kind == "vxlan") link.vxlan = vxlan_of(*info);
  }
  add_addresses(l, link);
  return link;
}

std::optional<core::IpPrefix> route_destination(const std::string& dst, IpFamily family) {
  if (dst.find('/') != std::string::npos) return core::parse_ip_prefix(dst, family);
  return core::parse_ip_prefix(dst + (family == IpFamily::v4 ? "/32" : "/128"), family);
}

}  // namespace

Expected<std::vector<LinuxLink>> parse_links(const std::string& json) {
  auto array = parse_array(json, "ip -j link show");
  if (!array) return array.error();
  std::vector<LinuxLink> links;
  for (const Json& l : *array) {
    if (l.is_object()) links.push_back(link_of(l));
  }
  return links;
}

Expected<std::vector<LinuxLink>> parse_addressed_links(const std::string& links_json,
                                                       const std::string& addresses_json) {
  auto links = parse_links(links_json);
  if (!links) return links.error();
  auto addressed = parse_links(addresses_json);
  if (!addressed) return addressed.error();
  std::map<std::string, const LinuxLink*> by_name;
  for (const LinuxLink& a : *addressed) by_name[a.name] = &a;
  for (LinuxLink& l : *links) {
    auto a = by_name.find(l.name);
    if (a != by_name.end()) l.addresses = a->second->addresses;
  }
  return links;
}

Expected<bool> parse_fdb(const std::string& json, const std::string& device_prefix,
                         BridgeEntries& entries) {
  // Thousands of entries on a host of a wide lab: read without building a document.
  enum { ifname, dst, mac, state };
  auto records = parse_records(json, {"ifname", "dst", "mac", "state"});
  if (!records) return unreadable("bridge -j fdb show", records.error());
  for (const JsonRecord& e : *records) {
    const std::string& dev = e.first(ifname);
    const std::string& to = e.first(dst);
    if (to.empty() || dev.rfind(device_prefix, 0) != 0) continue;
    auto address = core::parse_mac(e.first(mac));
    if (!address) continue;
    if (address->is_zero()) {
      entries.flood[dev].push_back(to);
    } else if (e.first(state) == "permanent") {
      entries.fdb[dev].push_back({*address, to});
    }
  }
  return true;
}

Expected<bool> parse_neigh(const std::string& json, const std::string& device_prefix,
                           BridgeEntries& entries) {
  enum { dev, dst, lladdr, state };
  auto records = parse_records(json, {"dev", "dst", "lladdr", "state"});
  if (!records) return unreadable("ip -j neigh show", records.error());
  for (const JsonRecord& e : *records) {
    // Neighbour entries carry "state": ["PERMANENT"]; only those are dcod's.
    if (e.first(dev).rfind(device_prefix, 0) != 0 || !e.holds(state, "PERMANENT")) continue;
    auto ip = core::parse_ip_address(e.first(dst));
    auto mac = core::parse_mac(e.first(lladdr));
    if (ip && mac) entries.neigh[e.first(dev)].push_back({*ip, *mac});
  }
  return true;
}

Expected<std::vector<core::DesiredRoute>> parse_routes(const std::string& json) {
  auto array = parse_array(json, "ip -j route show");
  if (!array) return array.error();
  std::vector<core::DesiredRoute> routes;
  for (const Json& r : *array) {
    auto gateway = core::parse_ip_address(string_or(r, "gateway"));
    if (!gateway) continue;
    core::DesiredRoute route;
    route.gateway = *gateway;
    std::string dst = string_or(r, "dst");
    if (dst != "default") route.destination = route_destination(dst, gateway->family);
    routes.push_back(route);
  }
  return routes;
}

}  // namespace dcod::plugins
