#include <gtest/gtest.h>

#include <random>

#include "load/scenario_loader.h"
#include "scenario_builder.h"
#include "test_support.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

std::string first_error(const LoadResult& r) {
  auto all = r.diagnostics.sorted();
  for (const Diagnostic& d : all) {
    if (d.severity == Severity::error) return r.diagnostics.format(d);
  }
  return "";
}

}  // namespace

TEST(Loader, ReadsTheDeskExample) {
  LoadResult r =
      load_valid_scenario(test::source_path("examples/desk.xml"), test::builtin_backends());
  ASSERT_TRUE(r.scenario) << r.diagnostics.format_all();
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.name, "desk");
  EXPECT_EQ(s.global.algorithm, "round-robin");
  EXPECT_EQ(s.global.udp_port, 4789);
  EXPECT_EQ(s.global.vm_mtu(), 1450u);
  ASSERT_EQ(s.hosts.size(), 3u);
  EXPECT_TRUE(s.hosts[0].is_simulated());
  ASSERT_EQ(s.nets.size(), 2u);
  EXPECT_EQ(s.nets[1].vni, 200u);
  ASSERT_EQ(s.vms.size(), 6u);
  const Interface& i = s.vms[0].interfaces.at(0);
  EXPECT_EQ(i.net, "blue");
  EXPECT_EQ(i.net_index, 0u);
  EXPECT_EQ(i.mac->to_string(), "02:00:00:00:01:01");
  EXPECT_EQ(i.ipv4.at(0).to_string(), "10.1.0.1/24");
  EXPECT_EQ(i.ipv6.at(0).to_string(), "fd00:1::1/64");
  EXPECT_EQ(s.vms[0].execs.at(0).seq, "on_boot");
  EXPECT_EQ(s.vms[0].execs.at(0).command, "ip link set lo up");
  ASSERT_EQ(s.anti_affinity.size(), 1u);
  EXPECT_EQ(s.anti_affinity[0].vms, (std::vector<std::string>{"a1", "a2", "a3"}));
}

TEST(Loader, AppliesTheContractDefaults) {
  Scenario s = test::valid_scenario(
      test::scenario_xml("  <host name=\"hv1\"/>\n  <net name=\"n\" vni=\"7\"/>\n  <vm "
                         "name=\"v\"><if id=\"0\" net=\"n\"/></vm>\n"));
  EXPECT_EQ(s.global.algorithm, "min-tunnels");
  EXPECT_FALSE(s.global.algorithm_given);
  EXPECT_DOUBLE_EQ(s.global.imbalance, 1.10);
  EXPECT_EQ(s.global.udp_port, 4789);
  EXPECT_EQ(s.global.underlay_mtu, 1500u);
  EXPECT_EQ(s.global.underlay_subnet.to_string(), "198.18.0.0/24");
  EXPECT_EQ(s.hosts[0].backend, "netns");
  EXPECT_EQ(s.vms[0].cpus, 1u);
  EXPECT_EQ(s.vms[0].memory_mb, 256u);
  EXPECT_FALSE(s.vms[0].interfaces[0].mac);
}

TEST(Loader, RemembersWhereEveryElementStarts) {
  Scenario s = test::valid_scenario(
      "<scenario name=\"t\" version=\"1\">\n"
      "  <host name=\"hv1\"/>\n"
      "  <net name=\"n\" vni=\"7\"/>\n"
      "  <vm name=\"v\">\n"
      "      <if id=\"0\" net=\"n\"/>\n"
      "  </vm>\n"
      "</scenario>\n");
  EXPECT_EQ(s.where.line, 1u);
  EXPECT_EQ(s.hosts[0].where.line, 2u);
  EXPECT_EQ(s.hosts[0].where.column, 3u);
  EXPECT_EQ(s.vms[0].where.line, 4u);
  EXPECT_EQ(s.vms[0].interfaces[0].where.line, 5u);
  EXPECT_EQ(s.vms[0].interfaces[0].where.column, 7u);
}

TEST(Loader, PointsAtTheOffendingAttribute) {
  LoadResult r = load_valid_scenario_text(
      test::scenario_xml("  <host name=\"hv1\"/>\n  <net name=\"n\"   vni=\"0\"/>\n"), "f.xml",
      test::builtin_backends());
  EXPECT_EQ(first_error(r),
            "f.xml:3:19: /scenario/net[n]: vni '0' is not a whole number in 1..16777215");
}

TEST(Loader, EmptyAndBlankFilesSayTheyAreEmpty) {
  for (const char* text : {"", "   \n\t\n"}) {
    LoadResult r = load_scenario_text(text, "e.xml", test::builtin_backends());
    EXPECT_FALSE(r.scenario);
    EXPECT_EQ(
        first_error(r),
        "e.xml:1:1: the file is empty (a scenario starts with <scenario name=... version=\"1\">)");
  }
}

TEST(Loader, BinaryInputIsRejectedAsNotText) {
  std::string binary(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0",
      10);
  LoadResult r = load_scenario_text(binary, "b.xml", test::builtin_backends());
  EXPECT_FALSE(r.scenario);
  EXPECT_NE(first_error(r).find("not text"), std::string::npos) << first_error(r);
}

TEST(Loader, GarbageGetsTheParserMessageWithPosition) {
  LoadResult r = load_scenario_text("hello world\n", "g.xml", test::builtin_backends());
  EXPECT_FALSE(r.scenario);
  EXPECT_EQ(first_error(r), "g.xml:2:1: not well-formed XML: No document element found");
  r = load_scenario_text("<scenario name=\"t\" version=\"1\">\n  <host name=\"hv1\">\n", "t.xml",
                         test::builtin_backends());
  EXPECT_NE(first_error(r).find("not well-formed XML"), std::string::npos);
}

TEST(Loader, DeepNestingAndEntitiesNeitherCrashNorHang) {
  std::string deep = "<scenario name=\"t\" version=\"1\"><host name=\"h\"/>";
  for (int i = 0; i < 50000; ++i) deep += "<x>";
  for (int i = 0; i < 50000; ++i) deep += "</x>";
  deep += "</scenario>";
  LoadResult r = load_valid_scenario_text(deep, "deep.xml", test::builtin_backends());
  EXPECT_EQ(r.diagnostics.error_count(), 1u) << r.diagnostics.format_all();

  std::string laughs =
      "<!DOCTYPE s [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
      "<scenario name=\"&b;\" version=\"1\"><host name=\"h\"/></scenario>";
  r = load_valid_scenario_text(laughs, "laughs.xml", test::builtin_backends());
  EXPECT_TRUE(r.diagnostics.has_errors());
}

TEST(Loader, MissingFileIsAClearError) {
  LoadResult r = load_scenario_file("/nonexistent/dir/scenario.xml", test::builtin_backends());
  EXPECT_FALSE(r.scenario);
  EXPECT_NE(first_error(r).find("cannot read the file: No such file or directory"),
            std::string::npos);
}

TEST(Loader, DirectoryIsAClearError) {
  LoadResult r = load_scenario_file(test::source_path("examples"), test::builtin_backends());
  EXPECT_FALSE(r.scenario);
  EXPECT_NE(first_error(r).find("not a regular file"), std::string::npos) << first_error(r);
}

TEST(Loader, RandomMutationsOfAValidFileNeverCrash) {
  const std::string original = test::read_file(test::source_path("examples/vnx-tutorial.xml"));
  std::mt19937 rng(12345);
  const std::string alphabet = "<>/=\"' abcxyz019:-.&;\n\x01\xff";
  for (int round = 0; round < 400; ++round) {
    std::string text = original;
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          text.erase(at, 1 + rng() % 20);
          break;
        default:
          text.insert(at, 1, alphabet[rng() % alphabet.size()]);
      }
    }
    LoadResult r = load_valid_scenario_text(text, "m.xml", test::builtin_backends());
    EXPECT_TRUE(r.scenario.has_value() != r.diagnostics.has_errors());
  }
}

}  // namespace dcod::core
