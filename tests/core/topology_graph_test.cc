#include "graph/topology_graph.h"

#include <gtest/gtest.h>

#include <map>

#include "graph/graph_export.h"
#include "scenario_builder.h"
#include "test_support.h"
#include "util/json.h"

namespace dcod::core {

namespace {

const char* k_scenario = R"(
  <host name="h0"/><host name="h1"/><host name="h2"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a" host="h0"><if id="0" net="blue"><ipv4>10.0.0.1/24</ipv4></if><if id="1" net="red"/></vm>
  <vm name="b" host="h1"><if id="0" net="blue"><ipv4>10.0.0.2/24</ipv4></if><if id="1" net="red"/></vm>
  <vm name="c" host="h1"><if id="3" net="red"/></vm>
)";

struct Counts {
  std::map<NodeKind, int> nodes;
  std::map<LinkKind, int> links;
};

Counts count(const TopologyGraph& g) {
  Counts c;
  for (auto v : boost::make_iterator_range(vertices(g))) ++c.nodes[g[v].kind];
  for (auto e : boost::make_iterator_range(edges(g))) ++c.links[g[e].kind];
  return c;
}

TopologyGraph sample_graph(Scenario& keep) {
  keep = test::valid_scenario(test::scenario_xml(k_scenario));
  return build_topology(keep, Placement{{0, 1, 1}});
}

}  // namespace

TEST(TopologyGraph, HasHostsVtepsVmsNetsAndOneTunnelPerSharedVni) {
  Scenario s;
  TopologyGraph g = sample_graph(s);
  Counts c = count(g);
  EXPECT_EQ(c.nodes[NodeKind::host], 3);
  EXPECT_EQ(c.nodes[NodeKind::vtep], 2);  // h2 carries no net, so it has no VTEP
  EXPECT_EQ(c.nodes[NodeKind::vm], 3);
  EXPECT_EQ(c.nodes[NodeKind::net], 2);
  EXPECT_EQ(c.links[LinkKind::attachment], 5);
  EXPECT_EQ(c.links[LinkKind::tunnel], 2);  // h0-h1 for VNI 100 and for VNI 200
  EXPECT_EQ(c.links[LinkKind::contains], 2 + 3);
}

TEST(TopologyGraph, AVirtualBoxHostShowsItsProxyVmAndAnInternalNetworkPerNet) {
  Scenario s = test::valid_scenario(test::scenario_xml(R"(
  <host name="vb" backend="virtualbox" os="linux" address="192.0.2.5"><proxy vm="px"/></host>
  <host name="h1"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a" host="vb"><image clone-of="base"/><if id="0" net="blue"/><if id="1" net="red"/></vm>
  <vm name="d" host="vb"><image clone-of="base"/><if id="0" net="blue"/></vm>
  <vm name="b" host="h1"><if id="0" net="blue"/></vm>
)"));
  TopologyGraph g = build_topology(s, Placement{{0, 0, 1}});
  Counts c = count(g);
  EXPECT_EQ(c.nodes[NodeKind::intnet], 2) << "one per net on the VirtualBox host";
  std::map<std::string, const TopologyNode*> by_id;
  for (auto v : boost::make_iterator_range(vertices(g))) by_id[g[v].id] = &g[v];
  ASSERT_TRUE(by_id.count("intnet:vb:blue"));
  EXPECT_EQ(by_id["intnet:vb:blue"]->host, "vb");
  EXPECT_EQ(by_id["vtep:vb"]->label, "VTEP\nproxy VM px");
  std::map<std::string, std::string> attached;  // VM -> what its eth0 is attached to
  for (auto e : boost::make_iterator_range(edges(g))) {
    const TopologyNode& a = g[source(e, g)];
    const TopologyNode& b = g[target(e, g)];
    if (g[e].kind == LinkKind::attachment && a.kind == NodeKind::vm &&
        g[e].label.rfind("eth0", 0) == 0)
      attached[a.name] = b.id;
  }
  EXPECT_EQ(attached["a"], "intnet:vb:blue");
  EXPECT_EQ(attached["d"], "intnet:vb:blue") << "VMs of a net share its internal network";
  EXPECT_EQ(attached["b"], "net:blue") << "a netns VM is on the net itself";
}

TEST(GraphExport, DotIsAcceptedByGraphviz) {
  DCOD_REQUIRE_PROGRAM("dot");
  Scenario s;
  std::string dot = to_dot(sample_graph(s), "t");
  EXPECT_NE(dot.find("subgraph \"cluster_h0\""), std::string::npos);
  EXPECT_NE(dot.find("style=dashed"), std::string::npos);
  EXPECT_NE(dot.find("VNI 100, 200"), std::string::npos);
  EXPECT_NE(dot.find("10.0.0.1/24"), std::string::npos);
  std::string file = test::write_temp_file("t.dot", dot);
  test::CommandResult r = test::run_command({"dot", "-Tcanon", "-o", "/dev/null", file});
  EXPECT_EQ(r.exit_status, 0) << r.err << dot;
  EXPECT_EQ(r.err, "");
}

TEST(GraphExport, GraphmlIsWellFormedAndComplete) {
  DCOD_REQUIRE_PROGRAM("xmllint");
  Scenario s;
  std::string graphml = to_graphml(sample_graph(s));
  std::string file = test::write_temp_file("t.graphml", graphml);
  test::CommandResult r = test::run_command({"xmllint", "--noout", file});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  r = test::run_command({"xmllint", "--xpath", "count(//*[local-name()='node'])", file});
  EXPECT_EQ(r.out, "10\n");
  r = test::run_command({"xmllint", "--xpath", "count(//*[local-name()='edge'])", file});
  EXPECT_EQ(r.out, "12\n");
}

TEST(GraphExport, JsonParsesAndNamesEveryNodeAndEdge) {
  Scenario s;
  auto parsed = parse_json(to_json(sample_graph(s), "t"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*parsed)["scenario"], "t");
  const auto& nodes = (*parsed)["nodes"];
  const auto& edges = (*parsed)["edges"];
  EXPECT_EQ(nodes.size(), 10u);
  EXPECT_EQ(edges.size(), 12u);
  int tunnels = 0;
  for (const auto& e : edges) {
    if (e["kind"] == "tunnel") {
      ++tunnels;
      EXPECT_EQ(e["source"], "vtep:h0");
      EXPECT_EQ(e["target"], "vtep:h1");
    }
  }
  EXPECT_EQ(tunnels, 2);
}

}  // namespace dcod::core
