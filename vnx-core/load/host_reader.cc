// Reader for <host> and its <proxy>: connection, secrets and capacity of one hypervisor.

#include <algorithm>
#include <cctype>

#include "load/readers.h"

namespace dcod::core {

namespace {

bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t label = 0;
  for (char c : s) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') {
      if (++label > 63) return false;
    } else {
      return false;
    }
  }
  return label > 0;
}

bool is_user_name(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_') return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

bool is_env_name(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

/// Characters a Windows or POSIX command line could misread are never let through.
bool is_command_line_safe(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f ||
        std::string_view("\"&|<>^%`$'").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string checked(const ElementReader& e, std::string_view attribute,
                    bool (*ok)(std::string_view), std::string_view what, std::string_view hint) {
  if (!e.has(attribute)) return {};
  std::string value = e.string(attribute);
  if (!ok(value)) {
    e.attribute_error(attribute,
                      std::string(attribute) + " '" + value + "' is not " + std::string(what),
                      std::string(hint));
    return {};
  }
  return value;
}

/// user, identity, password-env, password-file: shared by <host> and <proxy>.
template <typename T>
void read_credentials(const ElementReader& e, T& target) {
  target.user = checked(e, "user", is_user_name, "a user name", "");
  target.identity = checked(e, "identity", is_command_line_safe, "a usable key file path",
                            "a path without quotes or shell characters");
  target.password_env = checked(e, "password-env", is_env_name, "an environment variable name",
                                "letters, digits and '_'");
  target.password_file = checked(e, "password-file", is_command_line_safe, "a usable file path",
                                 "a path without quotes or shell characters");
  if (e.has("password-env") && e.has("password-file")) {
    e.attribute_error("password-file", "password-env and password-file are both given",
                      "give the secret one way only");
  }
}

/// underlay-address: an IP address (a tunnel end point is never a name to look up).
std::string read_underlay_address(const ElementReader& e) {
  if (!e.has("underlay-address")) return {};
  std::string value = e.string("underlay-address");
  if (!parse_ip_address(value)) {
    e.attribute_error("underlay-address", "underlay-address '" + value + "' is not an IP address",
                      "give the IPv4 or IPv6 address other hosts send VXLAN to");
    return {};
  }
  return value;
}

ProxySpec read_proxy(const ElementReader& e) {
  ProxySpec proxy;
  proxy.where = e.where();
  proxy.vm = checked(e, "vm", is_command_line_safe, "a usable VirtualBox VM name",
                     "a name without quotes or shell characters");
  proxy.bridge_adapter = checked(e, "bridge-adapter", is_command_line_safe, "a usable adapter name",
                                 "as `VBoxManage list bridgedifs` prints it");
  proxy.underlay_address = read_underlay_address(e);
  read_credentials(e, proxy);
  proxy.chipset = read_chipset(e);
  return proxy;
}

void read_connection(const ElementReader& e, Host& h) {
  if (e.has("address")) {
    std::string address = e.string("address");
    if (parse_ip_address(address) || is_hostname(address)) {
      h.address = address;
    } else {
      e.attribute_error("address",
                        "address '" + address + "' is neither an IP address nor a host name");
    }
  }
  if (auto port = e.integer("port", 1, 65535)) h.port = static_cast<std::uint16_t>(*port);
  h.underlay_address = read_underlay_address(e);
  read_credentials(e, h);
  if (!e.has("address")) {
    for (std::string_view a :
         {"port", "user", "identity", "password-env", "password-file", "underlay-address"}) {
      if (e.has(a)) {
        e.attribute_error(a, std::string(a) + " applies only to a host with an address",
                          "a host without address is simulated on this machine");
      }
    }
  }
}

void read_capacity(const ElementReader& e, Host& h) {
  h.cpus = e.integer("cpus", 1, 65536);
  h.memory_mb = e.integer("memory", 1, std::uint64_t{1} << 32);
  h.max_vms = e.integer("max-vms", 0, 1000000);
}

std::string capitalised(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

/// "os=\"windows\" or os=\"linux\"", "Linux": the systems a backend runs on, for messages.
std::string systems_of(const BackendTraits& t, bool as_attributes) {
  std::string out;
  for (std::size_t i = 0; i < t.systems.size(); ++i) {
    if (i) out += i + 1 == t.systems.size() ? " or " : ", ";
    out += as_attributes ? "os=\"" + t.systems[i] + "\"" : capitalised(t.systems[i]);
  }
  return out;
}

/// "VirtualBox": the labels of the backends that take an attribute, for messages.
std::string labels_taking(const BackendCatalog& catalog, bool BackendTraits::*takes) {
  std::string out;
  for (const BackendTraits& t : catalog) {
    if (t.*takes) out += (out.empty() ? "" : " or ") + t.label;
  }
  return out.empty() ? "other" : out;
}

void check_os(const ElementReader& e, const Host& h, const BackendTraits& t) {
  if (t.needs_os && !e.has("os")) e.error("a " + t.label + " host needs " + systems_of(t, true));
  if (h.os == HostOs::unspecified || t.systems.empty()) return;
  std::string os = h.os == HostOs::windows ? "windows" : "linux";
  if (std::find(t.systems.begin(), t.systems.end(), os) == t.systems.end()) {
    e.attribute_error("os", "the " + t.label + " backend runs only on " + systems_of(t, false),
                      t.os_hint);
  }
}

void check_proxy(const ElementReader& e, const Host& h, const BackendTraits& t) {
  if (!t.takes_proxy) {
    if (h.proxy) e.error("a " + t.label + " host has no <proxy>", t.proxy_hint);
    return;
  }
  if (t.needs_proxy && !h.proxy)
    e.error("a " + t.label + " host needs a <proxy vm=...>", t.proxy_hint);
  if (e.has("underlay-address")) {
    e.attribute_error("underlay-address",
                      "the tunnels of a " + t.label + " host end in its proxy VM",
                      "give underlay-address on its <proxy>");
  }
}

/// What the host's backend asks of it (address, os, proxy, vboxmanage), from its traits.
void check_backend_needs(const ElementReader& e, const Host& h, const BackendTraits& t,
                         const BackendCatalog& catalog) {
  if (!t.simulates && !e.has("address"))
    e.error("a " + t.label + " host needs an address", t.address_hint);
  check_os(e, h, t);
  check_proxy(e, h, t);
  if (!t.takes_vboxmanage && e.has("vboxmanage")) {
    e.attribute_error("vboxmanage", "vboxmanage applies only to " +
                                        labels_taking(catalog, &BackendTraits::takes_vboxmanage) +
                                        " hosts");
  }
}

std::vector<std::string_view> backend_names(const BackendCatalog& catalog) {
  std::vector<std::string_view> names;
  for (const BackendTraits& t : catalog) names.push_back(t.name);
  return names;
}

}  // namespace

Host read_host(const ElementReader& e, const BackendCatalog& backends) {
  Host h;
  h.where = e.where();
  h.name = e.name("name");
  std::string backend = e.choice("backend", backend_names(backends));
  if (!backend.empty()) h.backend = backend;
  std::string os = e.choice("os", {"linux", "windows"});
  h.os = os == "windows" ? HostOs::windows : os == "linux" ? HostOs::linux : HostOs::unspecified;
  read_connection(e, h);
  h.vboxmanage = checked(e, "vboxmanage", is_command_line_safe, "a usable program path",
                         "a path without quotes or shell characters");
  read_capacity(e, h);
  for (const ElementReader& child : e.children()) {
    if (child.element_name() == "proxy") h.proxy = read_proxy(child);
  }
  bool backend_known = !e.has("backend") || !backend.empty();
  const BackendTraits* traits = find_traits(backends, h.backend);
  // A misspelt backend= is reported once, above.
  if (backend_known && traits) check_backend_needs(e, h, *traits, backends);
  return h;
}

}  // namespace dcod::core
