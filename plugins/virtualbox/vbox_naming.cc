#include "virtualbox/vbox_naming.h"

#include <cctype>

namespace dcod::plugins {

namespace {

/// The number `text` is, or nullopt (digits only, no more than 8 of them).
std::optional<std::uint32_t> number(const std::string& text) {
  if (text.empty() || text.size() > 8) return std::nullopt;
  std::uint32_t n = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return n;
}

}  // namespace

std::string vbox_vm_name(const std::string& scenario, const std::string& vm) {
  return scenario + "-" + vm;
}

std::string intnet_name(const std::string& scenario, std::uint32_t vni) {
  return "dcod-" + scenario + "-" + std::to_string(vni);
}

std::optional<std::uint32_t> vni_of_intnet(const std::string& scenario,
                                           const std::string& network) {
  const std::string prefix = "dcod-" + scenario + "-";
  if (network.rfind(prefix, 0) != 0) return std::nullopt;
  return number(network.substr(prefix.size()));
}

std::string slot_key(std::uint32_t slot) {
  return "dcod/nic" + std::to_string(slot);
}

std::string slot_value(const std::string& scenario, std::uint32_t vni) {
  return scenario + ":" + std::to_string(vni);
}

std::optional<std::uint32_t> slot_of_key(const std::string& key) {
  const std::string prefix = "dcod/nic";
  if (key.rfind(prefix, 0) != 0) return std::nullopt;
  return number(key.substr(prefix.size()));
}

}  // namespace dcod::plugins
