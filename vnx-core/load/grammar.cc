#include "load/grammar.h"

#include <array>

namespace dcod::core {

const Grammar& scenario_grammar() {
  static const Grammar grammar{{
      {"scenario",
       {{"name", true}, {"version", true}},
       {{"global", 0, true}, {"host", 1}, {"net", 1}, {"vm", 1}, {"constraints", 2, true}}},
      {"global", {}, {{"segmentation", 0, true}, {"overlay", 0, true}, {"underlay", 0, true}}},
      {"segmentation", {{"algorithm"}, {"imbalance"}, {"seed"}}, {}},
      {"overlay", {{"udp-port"}, {"underlay-mtu"}}, {}},
      {"underlay", {{"subnet", true}}, {}},
      {"host",
       {{"name", true},
        {"backend"},
        {"address"},
        {"underlay-address"},
        {"port"},
        {"user"},
        {"identity"},
        {"password-env"},
        {"password-file"},
        {"os"},
        {"vboxmanage"},
        {"cpus"},
        {"memory"},
        {"max-vms"}},
       {{"proxy", 0, true}}},
      {"proxy",
       {{"vm", true},
        {"bridge-adapter"},
        {"underlay-address"},
        {"user"},
        {"identity"},
        {"password-env"},
        {"password-file"},
        {"chipset"}},
       {}},
      {"net", {{"name", true}, {"vni", true}}, {}},
      {"vm",
       {{"name", true}, {"host"}, {"cpus"}, {"memory"}, {"chipset"}, {"director"}},
       {{"image", 0, true}, {"if", 1}, {"route", 2}, {"forwarding", 3, true}, {"exec", 4}}},
      {"image", {{"clone-of"}, {"snapshot"}, {"ova"}}, {}},
      {"if", {{"id", true}, {"net", true}, {"mac"}}, {{"ipv4", 0}, {"ipv6", 0}}},
      {"ipv4", {}, {}, true},
      {"ipv6", {}, {}, true},
      {"route", {{"gw", true}}, {}, true},
      {"forwarding", {{"type"}}, {}},
      {"exec", {{"seq", true}}, {}, true},
      {"constraints", {}, {{"affinity", 0}, {"anti-affinity", 0}}},
      {"affinity", {{"vms", true}}, {}},
      {"anti-affinity", {{"vms", true}}, {}},
      {"hosts", {{"version", true}}, {{"global", 0, true}, {"host", 1}, {"net", 1}}},
  }};
  return grammar;
}

const ElementRule* Grammar::rule(std::string_view name) const {
  for (const ElementRule& r : rules) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

std::string_view Grammar::parent_of(std::string_view child) const {
  for (const ElementRule& r : rules) {
    for (const ChildRule& c : r.children) {
      if (c.name == child) return r.name;
    }
  }
  return {};
}

const std::vector<ElementRule>& element_rules() {
  return scenario_grammar().rules;
}

const ElementRule* element_rule(std::string_view name) {
  return scenario_grammar().rule(name);
}

std::string_view parent_of(std::string_view child) {
  return scenario_grammar().parent_of(child);
}

const std::vector<std::string_view>& known_algorithms() {
  static const std::vector<std::string_view> names = {"min-tunnels", "round-robin", "static",
                                                      "weighted"};
  return names;
}

}  // namespace dcod::core
