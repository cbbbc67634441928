// Reader for <host> and its <proxy>: connection, secrets and capacity of one hypervisor.

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

ProxySpec read_proxy(const ElementReader& e) {
  ProxySpec proxy;
  proxy.where = e.where();
  proxy.vm = checked(e, "vm", is_command_line_safe, "a usable VirtualBox VM name",
                     "a name without quotes or shell characters");
  proxy.bridge_adapter = checked(e, "bridge-adapter", is_command_line_safe, "a usable adapter name",
                                 "as `VBoxManage list bridgedifs` prints it");
  read_credentials(e, proxy);
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
  read_credentials(e, h);
  if (h.is_simulated()) {
    for (std::string_view a : {"port", "user", "identity", "password-env", "password-file"}) {
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

void check_backend_needs(const ElementReader& e, const Host& h) {
  if (h.backend == Backend::virtualbox) {
    if (!e.has("address")) {
      e.error("a VirtualBox host needs an address", "VirtualBox hosts are reached over SSH");
    }
    if (!e.has("os")) e.error("a VirtualBox host needs os=\"windows\" or os=\"linux\"");
    if (!h.proxy) {
      e.error("a VirtualBox host needs a <proxy vm=...>",
              "name the VM on that host that carries the VXLAN tunnels");
    }
    return;
  }
  if (h.os == HostOs::windows) {
    e.attribute_error("os", "the netns backend runs only on Linux",
                      "use backend=\"virtualbox\" for Windows");
  }
  if (h.proxy) e.error("a netns host has no <proxy>", "its VTEP lives in the host's own namespace");
  if (e.has("vboxmanage"))
    e.attribute_error("vboxmanage", "vboxmanage applies only to VirtualBox hosts");
}

}  // namespace

Host read_host(const ElementReader& e) {
  Host h;
  h.where = e.where();
  h.name = e.name("name");
  std::string backend = e.choice("backend", {"netns", "virtualbox"});
  if (backend == "virtualbox") h.backend = Backend::virtualbox;
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
  if (backend_known) check_backend_needs(e, h);  // a misspelt backend= is reported once, above
  return h;
}

}  // namespace dcod::core
