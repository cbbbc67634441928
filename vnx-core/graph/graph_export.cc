#include "graph/graph_export.h"

#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <map>
#include <sstream>

#include "util/json.h"

namespace dcod::core {

namespace {

std::string dot_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* dot_shape(NodeKind kind) {
  switch (kind) {
    case NodeKind::vtep:
      return "shape=diamond, style=filled, fillcolor=\"#ffe8a3\"";
    case NodeKind::vm:
      return "shape=box, style=\"rounded,filled\", fillcolor=\"#dbe9ff\"";
    case NodeKind::net:
      return "shape=ellipse, style=filled, fillcolor=\"#d9f2d9\"";
    case NodeKind::intnet:
      return "shape=ellipse, style=\"dashed,filled\", fillcolor=\"#eef8ee\"";
    case NodeKind::host:
      return "";
  }
  return "";
}

std::string dot_node(const TopologyNode& n, const char* indent) {
  return std::string(indent) + dot_quoted(n.id) + " [label=" + dot_quoted(n.label) + ", " +
         dot_shape(n.kind) + "];\n";
}

void write_clusters(const TopologyGraph& g, std::ostringstream& out) {
  std::map<std::string, std::vector<const TopologyNode*>> members;
  for (auto v : boost::make_iterator_range(vertices(g))) {
    if (!g[v].host.empty()) members[g[v].host].push_back(&g[v]);
  }
  for (auto v : boost::make_iterator_range(vertices(g))) {
    if (g[v].kind != NodeKind::host) continue;
    out << "  subgraph " << dot_quoted("cluster_" + g[v].name) << " {\n"
        << "    label=" << dot_quoted(g[v].label) << "; style=\"rounded\"; color=\"#888888\";\n";
    for (const TopologyNode* n : members[g[v].name]) out << dot_node(*n, "    ");
    out << "  }\n";
  }
}

}  // namespace

std::string to_dot(const TopologyGraph& g, std::string_view title) {
  std::ostringstream out;
  out << "graph " << dot_quoted(title) << " {\n"
      << "  graph [fontname=\"Helvetica\", label=" << dot_quoted(std::string(title) + " (dcod)")
      << ", labelloc=t, newrank=true];\n"
      << "  node [fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  write_clusters(g, out);
  for (auto v : boost::make_iterator_range(vertices(g))) {
    if (g[v].kind == NodeKind::net) out << dot_node(g[v], "  ");
  }
  // Parallel tunnels (one per VNI) between the same two VTEPs are drawn as one labelled line.
  std::map<std::pair<std::string, std::string>, std::string> tunnels;
  for (auto e : boost::make_iterator_range(edges(g))) {
    const TopologyLink& link = g[e];
    const std::string& a = g[source(e, g)].id;
    const std::string& b = g[target(e, g)].id;
    if (link.kind == LinkKind::attachment) {
      out << "  " << dot_quoted(a) << " -- " << dot_quoted(b)
          << " [label=" << dot_quoted(link.label) << "];\n";
    } else if (link.kind == LinkKind::tunnel) {
      std::string& label = tunnels[{a, b}];
      label += label.empty() ? "VNI " + std::to_string(link.vni) : ", " + std::to_string(link.vni);
    }
  }
  for (const auto& [ends, label] : tunnels) {
    out << "  " << dot_quoted(ends.first) << " -- " << dot_quoted(ends.second)
        << " [label=" << dot_quoted(label)
        << ", style=dashed, color=\"#c05000\", fontcolor=\"#c05000\", constraint=false];\n";
  }
  out << "}\n";
  return out.str();
}

std::string to_graphml(const TopologyGraph& g) {
  TopologyGraph& graph = const_cast<TopologyGraph&>(g);  // dynamic_properties wants mutable maps
  std::map<TopologyGraph::vertex_descriptor, std::string> kind_of_vertex;
  std::map<TopologyGraph::edge_descriptor, std::string> kind_of_edge;
  for (auto v : boost::make_iterator_range(vertices(g))) kind_of_vertex[v] = kind_name(g[v].kind);
  for (auto e : boost::make_iterator_range(edges(g))) kind_of_edge[e] = kind_name(g[e].kind);
  boost::dynamic_properties dp;
  dp.property("kind", boost::make_assoc_property_map(kind_of_vertex));
  dp.property("name", get(&TopologyNode::name, graph));
  dp.property("label", get(&TopologyNode::label, graph));
  dp.property("host", get(&TopologyNode::host, graph));
  dp.property("edge_kind", boost::make_assoc_property_map(kind_of_edge));
  dp.property("edge_label", get(&TopologyLink::label, graph));
  dp.property("vni", get(&TopologyLink::vni, graph));
  std::ostringstream out;
  boost::write_graphml(out, graph, get(boost::vertex_index, graph), dp, true);
  return out.str();
}

std::string to_json(const TopologyGraph& g, std::string_view title) {
  OrderedJson nodes = OrderedJson::array(), links = OrderedJson::array();
  for (auto v : boost::make_iterator_range(vertices(g))) {
    const TopologyNode& n = g[v];
    nodes.push_back({{"id", n.id},
                     {"kind", kind_name(n.kind)},
                     {"name", n.name},
                     {"label", n.label},
                     {"host", n.host.empty() ? OrderedJson() : OrderedJson(n.host)}});
  }
  for (auto e : boost::make_iterator_range(edges(g))) {
    const TopologyLink& link = g[e];
    links.push_back(
        {{"source", g[source(e, g)].id},
         {"target", g[target(e, g)].id},
         {"kind", kind_name(link.kind)},
         {"label", link.label},
         {"vni", link.kind == LinkKind::tunnel ? OrderedJson(link.vni) : OrderedJson()}});
  }
  OrderedJson out = {{"scenario", title}, {"nodes", std::move(nodes)}, {"edges", std::move(links)}};
  return to_text(out) + "\n";
}

}  // namespace dcod::core
