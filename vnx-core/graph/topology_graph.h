#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <string>

#include "model/scenario.h"
#include "placement/placement.h"

namespace dcod::core {

enum class NodeKind { host, vtep, vm, net, intnet };
enum class LinkKind { contains, attachment, tunnel };

/// A node of the topology: a host, its VTEP, a VM, a net, or a net's internal network on a host
/// whose VTEP is a proxy VM (VirtualBox). `id` is unique ("vm:a1", "intnet:vb1:blue").
struct TopologyNode {
  NodeKind kind = NodeKind::vm;
  std::string id;
  std::string name;
  std::string label;
  std::string host;  // the host holding a VTEP or VM; empty for hosts and nets
};

/// An edge: host contains VTEP/VM, VM interface attached to a net, or a VXLAN tunnel.
struct TopologyLink {
  LinkKind kind = LinkKind::attachment;
  std::string label;
  std::uint32_t vni = 0;  // tunnels only
};

/// The topology as a Boost graph; vertices in order hosts (each followed by its VTEP and VMs),
/// then nets.
using TopologyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, TopologyNode, TopologyLink>;

/// Builds the graph from the scenario and where segmentation put each VM. A host gets a VTEP
/// when it carries a net; VTEPs of two hosts sharing a net are joined by one tunnel per VNI. On a
/// host with a proxy VM, the VTEP is that VM, and its VMs reach each net through an internal
/// network on the host, to which the proxy VM is attached too.
TopologyGraph build_topology(const Scenario& scenario, const Placement& placement);

/// Lower-case name of a node or link kind, as written in every export format.
const char* kind_name(NodeKind kind);
const char* kind_name(LinkKind kind);

}  // namespace dcod::core
