#include "segmentation/static/static_segmenter.h"

#include <gtest/gtest.h>

#include "segmenter_fixture.h"

namespace dcod::seg {

namespace {
const std::string k_static = "  <global><segmentation algorithm=\"static\"/></global>\n";
}

TEST(StaticSegmenter, PutsEveryVmWhereItIsPinned) {
  core::Scenario s;
  auto p = segment_text(k_static + R"(  <host name="h0"/><host name="h1"/>
  <vm name="a" host="h1"/><vm name="b" host="h0"/><vm name="c" host="h1"/>
)",
                        s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(host_names(s, *p), (std::vector<std::string>{"h1", "h0", "h1"}));
}

TEST(StaticSegmenter, AnAffinityPartnerFollowsThePin) {
  core::Scenario s;
  auto p = segment_text(k_static + R"(  <host name="h0"/><host name="h1"/>
  <vm name="a" host="h1"/><vm name="b"/>
  <constraints><affinity vms="a b"/></constraints>
)",
                        s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(host_names(s, *p), (std::vector<std::string>{"h1", "h1"}));
}

TEST(StaticSegmenter, RefusesUnpinnedVmsNamingThem) {
  core::Scenario s;
  auto p = segment_text(k_static + R"(  <host name="h0"/>
  <vm name="a" host="h0"/><vm name="b"/><vm name="c"/>
)",
                        s);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message,
            "the static algorithm places only pinned VMs; no host= for 'b', 'c'");
}

TEST(StaticSegmenter, CapacityErrorNamesHostAndResource) {
  core::Scenario s;
  auto p = segment_text(k_static + R"(  <host name="h0" memory="1024"/>
  <vm name="a" host="h0" memory="768"/><vm name="b" host="h0" memory="512"/>
)",
                        s);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message,
            "host 'h0' cannot take pinned VM 'b': memory: needs 512 MB, 256 MB of 1024 MB free");
}

}  // namespace dcod::seg
