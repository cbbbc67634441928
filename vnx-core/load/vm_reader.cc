// Reader for <vm>: interfaces with addresses, routes, forwarding, exec sequences and image.

#include "load/readers.h"

namespace dcod::core {

namespace {

void read_address(const ElementReader& e, IpFamily family, Interface& iface) {
  add_interface_address(e, e.text(), family, iface);
}

Interface read_interface(const ElementReader& e) {
  Interface iface;
  iface.where = e.where();
  auto id = e.integer("id", 0, 99);
  iface.id = id ? static_cast<std::uint32_t>(*id) : Interface::k_refused_id;
  iface.net = e.name("net");
  if (e.has("mac")) {
    std::string text = e.string("mac");
    auto mac = parse_mac(text);
    if (!mac) {
      e.attribute_error("mac", "mac '" + text + "' is not six colon-separated hex octets",
                        "for example 02:00:00:00:01:01");
    } else if (mac->is_multicast()) {
      e.attribute_error("mac", "mac '" + text + "' is a multicast address",
                        "the low bit of the first octet must be 0, as in 02:...");
    } else if (mac->is_zero()) {
      e.attribute_error("mac", "mac '" + text + "' is all zeros",
                        "it marks flood entries; pick another");
    } else {
      iface.mac = mac;
    }
  }
  for (const ElementReader& child : e.children()) {
    if (child.element_name() == "ipv4") read_address(child, IpFamily::v4, iface);
    if (child.element_name() == "ipv6") read_address(child, IpFamily::v6, iface);
  }
  return iface;
}

/// The route, or nothing when it is in error (reported; later rules need not see it).
std::optional<Route> read_route(const ElementReader& e) {
  Route route;
  route.where = e.where();
  std::string gw = e.string("gw");
  auto gateway = parse_ip_address(gw);
  if (!gateway) {
    if (e.has("gw")) e.attribute_error("gw", "gw '" + gw + "' is not an IP address");
    return std::nullopt;
  }
  route.gateway = *gateway;
  return route_to_text(e, route);
}

Exec read_exec(const ElementReader& e) {
  Exec exec;
  exec.where = e.where();
  exec.seq = e.name("seq");
  exec.command = e.text();
  if (exec.command.empty()) e.error("the command is empty", "write it as the element's text");
  return exec;
}

Image read_image(const ElementReader& e) {
  Image image;
  image.where = e.where();
  image.clone_of = e.string("clone-of");
  image.snapshot = e.string("snapshot");
  image.ova = e.string("ova");
  if (e.has("clone-of") == e.has("ova")) {
    e.error("an image is either clone-of=\"VM\" or ova=\"FILE\"", "give exactly one of them");
  }
  if (e.has("snapshot") && !e.has("clone-of")) {
    e.attribute_error("snapshot", "snapshot applies only to clone-of");
  }
  return image;
}

}  // namespace

void add_interface_address(const ElementReader& e, const std::string& text, IpFamily family,
                           Interface& iface) {
  const char* kind = family == IpFamily::v4 ? "IPv4" : "IPv6";
  auto prefix = parse_ip_prefix(text, family);
  if (!prefix) {
    e.error("'" + text + "' is not an " + kind + " address with prefix length",
            family == IpFamily::v4 ? "for example 10.1.0.1/24" : "for example fd00:1::1/64");
    return;
  }
  if (prefix->is_network_or_broadcast()) {
    e.error("'" + text + "' is the network or broadcast address of its prefix",
            "give the interface a host address");
    return;
  }
  (family == IpFamily::v4 ? iface.ipv4 : iface.ipv6).push_back(*prefix);
}

std::optional<Route> route_to_text(const ElementReader& e, Route route) {
  std::string destination = e.text();
  if (destination == "default") return route;
  route.destination = parse_ip_prefix(destination, route.gateway.family);
  if (!route.destination) {
    e.error("route destination '" + destination +
                "' is not 'default' or a prefix of the gateway's family",
            "for example 10.2.0.0/16 or default");
    return std::nullopt;
  }
  if (route.destination->network() != *route.destination) {
    e.error("route destination '" + destination + "' has host bits set",
            "did you mean '" + route.destination->network().to_string() + "'?");
    return std::nullopt;
  }
  return route;
}

Forwarding read_forwarding(const ElementReader& e) {
  std::string type = e.choice("type", {"ip", "ipv4", "ipv6"});
  if (type == "ipv4") return Forwarding::ipv4;
  if (type == "ipv6") return Forwarding::ipv6;
  return Forwarding::ip;
}

Chipset read_chipset(const ElementReader& e) {
  std::string chipset = e.choice("chipset", {"piix3", "ich9"});
  if (chipset == "piix3") return Chipset::piix3;
  if (chipset == "ich9") return Chipset::ich9;
  return Chipset::unspecified;
}

Vm read_vm(const ElementReader& e) {
  Vm vm;
  vm.where = e.where();
  vm.name = e.name("name");
  vm.pinned_host = e.name("host");
  if (auto cpus = e.integer("cpus", 1, 1024)) vm.cpus = static_cast<std::uint32_t>(*cpus);
  if (auto memory = e.integer("memory", 4, std::uint64_t{1} << 24)) vm.memory_mb = *memory;
  vm.chipset = read_chipset(e);
  vm.on_director = e.choice("director", {"yes", "no"}) == "yes";
  for (const ElementReader& child : e.children()) {
    std::string_view kind = child.element_name();
    if (kind == "image") vm.image = read_image(child);
    if (kind == "if") vm.interfaces.push_back(read_interface(child));
    if (kind == "route") {
      if (auto route = read_route(child)) vm.routes.push_back(*route);
    }
    if (kind == "forwarding") vm.forwarding = read_forwarding(child);
    if (kind == "exec") vm.execs.push_back(read_exec(child));
  }
  return vm;
}

}  // namespace dcod::core
