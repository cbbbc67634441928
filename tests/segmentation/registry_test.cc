#include "segmentation/registry.h"

#include <gtest/gtest.h>

#include "segmentation/round_robin/round_robin_segmenter.h"
#include "segmentation/static/static_segmenter.h"
#include "segmenter_fixture.h"

namespace dcod::seg {

TEST(SegmenterRegistry, HoldsTheBuiltInPlugins) {
  SegmenterRegistry registry;
  register_builtin_segmenters(registry);
  EXPECT_EQ(registry.names(),
            (std::vector<std::string>{"static", "round-robin", "weighted", "min-tunnels"}));
  ASSERT_NE(registry.find("round-robin"), nullptr);
  EXPECT_FALSE(registry.find("round-robin")->description.empty());
  EXPECT_EQ(registry.find("metis"), nullptr);
}

TEST(SegmenterRegistry, TheDefaultIsMinTunnels) {
  core::Scenario s;
  auto placed = segment_text("  <host name=\"h\"/>\n  <vm name=\"v\"/>\n", s);
  ASSERT_TRUE(placed) << placed.error().message;
  EXPECT_EQ(s.global.algorithm, "min-tunnels");
}

TEST(SegmenterRegistry, AnAlgorithmNotInThisBuildIsAClearError) {
  SegmenterRegistry registry;
  registry.add(static_segmenter_factory());
  registry.add(round_robin_segmenter_factory());
  core::Scenario s =
      test::valid_scenario(test::scenario_xml("  <host name=\"h\"/>\n  <vm name=\"v\"/>\n"));
  auto placed = segment(s, registry);
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().message,
            "segmentation algorithm 'min-tunnels' (the default) is not available in this build");
  EXPECT_EQ(placed.error().hint, "set <segmentation algorithm=...> to one of: static, round-robin");
}

TEST(SegmenterRegistry, APluginIsOneEntry) {
  struct AllOnFirst : core::Segmenter {
    Expected<core::Placement> place(const core::Scenario& s) const override {
      return core::Placement{std::vector<std::uint32_t>(s.vms.size(), 0)};
    }
  };
  SegmenterRegistry registry;
  registry.add({"weighted", "test double",
                [](const core::Global&) { return std::make_unique<AllOnFirst>(); }});
  core::Scenario s = test::valid_scenario(
      test::scenario_xml("  <global><segmentation algorithm=\"weighted\"/></global>\n  <host "
                         "name=\"h\"/>\n  <vm name=\"v\"/>\n"));
  auto placed = segment(s, registry);
  ASSERT_TRUE(placed) << placed.error().message;
  EXPECT_EQ(placed->host_of_vm, std::vector<std::uint32_t>{0});
}

TEST(SegmenterRegistry, ABrokenPluginResultNeverGetsThrough) {
  struct IgnoresPins : core::Segmenter {
    Expected<core::Placement> place(const core::Scenario& s) const override {
      return core::Placement{std::vector<std::uint32_t>(s.vms.size(), 1)};
    }
  };
  SegmenterRegistry registry;
  registry.add(
      {"weighted", "broken", [](const core::Global&) { return std::make_unique<IgnoresPins>(); }});
  core::Scenario s = test::valid_scenario(
      test::scenario_xml("  <global><segmentation algorithm=\"weighted\"/></global>\n  <host "
                         "name=\"h0\"/><host name=\"h1\"/>\n"
                         "  <vm name=\"v\" host=\"h0\"/>\n"));
  auto placed = segment(s, registry);
  ASSERT_FALSE(placed);
  EXPECT_NE(placed.error().message.find("VM 'v' left its pinned host"), std::string::npos);
}

}  // namespace dcod::seg
