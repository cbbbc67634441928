// Readers for <global>, <net> and <constraints>, and the recursive grammar check.

#include <algorithm>
#include <sstream>

#include "load/grammar.h"
#include "load/readers.h"

namespace dcod::core {

namespace {

/// EDIV's names of its segmentation algorithms, and dcod's algorithm for each.
std::string_view dcod_name_of_ediv_algorithm(std::string_view name) {
  if (name == "round_robin") return "round-robin";
  if (name == "weighted_round_robin" || name == "dynamic_weighted_round_robin") return "weighted";
  return {};
}

void read_segmentation(const ElementReader& e, Global& g) {
  g.segmentation_where = e.where();
  std::vector<std::string_view> algorithms = known_algorithms();
  std::string_view ediv = dcod_name_of_ediv_algorithm(e.string("algorithm"));
  if (!ediv.empty()) {
    e.note("algorithm '" + e.string("algorithm") + "' is EDIV's name: dcod runs its " +
               std::string(ediv),
           "write algorithm=\"" + std::string(ediv) + "\"");
    g.algorithm = std::string(ediv);
    g.algorithm_given = true;
  } else if (e.has("algorithm")) {
    std::string algorithm = e.choice("algorithm", algorithms);
    if (!algorithm.empty()) {
      g.algorithm = algorithm;
      g.algorithm_given = true;
    }
  }
  if (auto imbalance = e.decimal("imbalance", 1.0, 100.0)) g.imbalance = *imbalance;
  if (auto seed = e.integer("seed", 0, UINT64_MAX)) g.seed = *seed;
}

void read_overlay(const ElementReader& e, Global& g) {
  g.overlay_where = e.where();
  if (auto port = e.integer("udp-port", 1, 65535)) g.udp_port = static_cast<std::uint16_t>(*port);
  if (auto mtu = e.integer("underlay-mtu", 576, 65535)) {
    g.underlay_mtu = static_cast<std::uint32_t>(*mtu);
  }
}

void read_underlay(const ElementReader& e, Global& g) {
  g.underlay_where = e.where();
  if (!e.has("subnet")) return;
  std::string text = e.string("subnet");
  auto subnet = parse_ip_prefix(text, IpFamily::v4);
  if (!subnet || subnet->length > 30) {
    e.attribute_error("subnet", "subnet '" + text + "' is not an IPv4 prefix of length 0..30",
                      "for example 198.18.0.0/24");
    return;
  }
  if (subnet->network() != *subnet) {
    e.attribute_error("subnet", "subnet '" + text + "' has host bits set",
                      "did you mean '" + subnet->network().to_string() + "'?");
    return;
  }
  g.underlay_subnet = *subnet;
}

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

VmGroup read_group(const ElementReader& e) {
  VmGroup group;
  group.where = e.where();
  std::vector<std::string> names = split_words(e.string("vms"));
  if (e.has("vms") && names.size() < 2) {
    e.attribute_error("vms", "a group needs at least two VMs",
                      "list them separated by spaces: vms=\"a1 a2\"");
  }
  for (const std::string& n : names) {
    if (!is_valid_name(n)) {
      e.attribute_error("vms", "'" + n + "' is not a valid VM name");
    } else if (std::find(group.vms.begin(), group.vms.end(), n) != group.vms.end()) {
      e.attribute_error("vms", "VM '" + n + "' is listed twice in the group");
    } else {
      group.vms.push_back(n);
    }
  }
  return group;
}

}  // namespace

void check_tree(const ElementReader& element) {
  element.check_structure();
  for (const ElementReader& child : element.children()) {
    if (child.rule()) check_tree(child);
  }
}

void read_global(const ElementReader& element, Global& global) {
  for (const ElementReader& child : element.children()) {
    if (child.element_name() == "segmentation") read_segmentation(child, global);
    if (child.element_name() == "overlay") read_overlay(child, global);
    if (child.element_name() == "underlay") read_underlay(child, global);
  }
}

Net read_net(const ElementReader& element) {
  Net net;
  net.where = element.where();
  net.name = element.name("name");
  if (auto vni = element.integer("vni", 1, 16777215)) net.vni = static_cast<std::uint32_t>(*vni);
  return net;
}

void read_constraints(const ElementReader& element, Scenario& scenario) {
  for (const ElementReader& child : element.children()) {
    if (child.element_name() == "affinity") scenario.affinity.push_back(read_group(child));
    if (child.element_name() == "anti-affinity")
      scenario.anti_affinity.push_back(read_group(child));
  }
}

}  // namespace dcod::core
