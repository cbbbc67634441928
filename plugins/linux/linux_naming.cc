#include "linux/linux_naming.h"

#include <charconv>
#include <cstdio>

#include "desire/desired_state.h"

namespace dcod::plugins {

std::string bridge_name(std::uint32_t vni) {
  return "dcb" + std::to_string(vni);
}

std::string vxlan_name(std::uint32_t vni) {
  return "dcx" + std::to_string(vni);
}

std::optional<std::uint32_t> vni_of_device(std::string_view name) {
  if (name.size() < 4 || (name.substr(0, 3) != "dcb" && name.substr(0, 3) != "dcx"))
    return std::nullopt;
  std::string_view digits = name.substr(3);
  std::uint32_t vni = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), vni);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits[0] == '0')
    return std::nullopt;
  return vni;
}

std::string ownership_alias_prefix(std::string_view scenario) {
  return "dcod:" + std::string(scenario) + ":";
}

std::string ownership_alias(std::string_view scenario, std::string_view what) {
  return ownership_alias_prefix(scenario) + std::string(what);
}

std::optional<std::string> marked_as(std::string_view alias, std::string_view scenario) {
  std::string prefix = ownership_alias_prefix(scenario);
  if (alias.substr(0, prefix.size()) != prefix) return std::nullopt;
  return std::string(alias.substr(prefix.size()));
}

std::string signature_mac(std::string_view scenario, std::string_view link) {
  std::uint64_t h = core::stable_hash(std::string(scenario) + "/" + std::string(link));
  char text[18];
  std::snprintf(text, sizeof text, "06:%02x:%02x:%02x:%02x:%02x", unsigned(h & 0xff),
                unsigned((h >> 8) & 0xff), unsigned((h >> 16) & 0xff), unsigned((h >> 24) & 0xff),
                unsigned((h >> 32) & 0xff));
  return text;
}

std::string owner_of(std::string_view alias) {
  if (alias.substr(0, 5) == "dcod:") {
    std::string_view rest = alias.substr(5);
    return "scenario '" + std::string(rest.substr(0, rest.find(':'))) + "'";
  }
  return "something dcod does not own";
}

}  // namespace dcod::plugins
