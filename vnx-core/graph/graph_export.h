#pragma once

#include <string>
#include <string_view>

#include "graph/topology_graph.h"

namespace dcod::core {

/// Graphviz DOT: hosts as clusters holding their VTEP and VMs, nets as ellipses, VM-net edges
/// labelled with interface and addresses, tunnels dashed and labelled with the VNI.
std::string to_dot(const TopologyGraph& graph, std::string_view title);
/// GraphML (Boost's writer) with node keys kind/name/label/host and edge keys kind/label/vni.
std::string to_graphml(const TopologyGraph& graph);
/// JSON: {"scenario", "nodes": [{id, kind, name, label, host}], "edges": [{source, target, kind,
/// label, vni}]}; ids are those of the nodes.
std::string to_json(const TopologyGraph& graph, std::string_view title);

}  // namespace dcod::core
