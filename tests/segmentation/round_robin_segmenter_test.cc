#include "segmentation/round_robin/round_robin_segmenter.h"

#include <gtest/gtest.h>

#include "segmenter_fixture.h"

namespace dcod::seg {

namespace {
const std::string k_rr = "  <global><segmentation algorithm=\"round-robin\"/></global>\n";
const std::string k_three = "  <host name=\"h0\"/><host name=\"h1\"/><host name=\"h2\"/>\n";
}  // namespace

TEST(RoundRobinSegmenter, DealsVmsInFileOrderTiesToTheFirstHost) {
  core::Scenario s;
  auto p = segment_text(
      k_rr + k_three + R"(  <vm name="a"/><vm name="b"/><vm name="c"/><vm name="d"/><vm name="e"/>
)",
      s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(host_names(s, *p), (std::vector<std::string>{"h0", "h1", "h2", "h0", "h1"}));
}

TEST(RoundRobinSegmenter, PlacesPinnedVmsFirstThenTheLeastLoaded) {
  core::Scenario s;
  auto p = segment_text(k_rr + k_three + R"(  <vm name="a"/><vm name="b"/><vm name="c"/>
  <vm name="p1" host="h0"/><vm name="p2" host="h0"/><vm name="p3" host="h1"/>
)",
                        s);
  ASSERT_TRUE(p) << p.error().message;
  // After the pins h0=2, h1=1, h2=0: a -> h2, b -> h1 (tie h1/h2 at 1 goes to h1), c -> h2.
  EXPECT_EQ(host_names(s, *p), (std::vector<std::string>{"h2", "h1", "h2", "h0", "h0", "h1"}));
}

TEST(RoundRobinSegmenter, KeepsAffinityGroupsTogether) {
  core::Scenario s;
  auto p =
      segment_text(k_rr + k_three + R"(  <vm name="a"/><vm name="b"/><vm name="c"/><vm name="d"/>
  <constraints><affinity vms="a c"/><affinity vms="c d"/></constraints>
)",
                   s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(host_names(s, *p), (std::vector<std::string>{"h0", "h1", "h0", "h0"}));
}

TEST(RoundRobinSegmenter, KeepsAntiAffinityApartEvenWhenLeastLoadedSaysOtherwise) {
  core::Scenario s;
  auto p = segment_text(
      k_rr + "  <host name=\"h0\"/><host name=\"h1\"/>\n" + R"(  <vm name="x" host="h1"/>
  <vm name="a"/><vm name="b"/>
  <constraints><anti-affinity vms="a b"/></constraints>
)",
      s);
  ASSERT_TRUE(p) << p.error().message;
  // a -> h0 (h1 holds x); then h0 and h1 tie at one VM and b would go to h0, but a is there.
  EXPECT_EQ(host_names(s, *p), (std::vector<std::string>{"h1", "h0", "h1"}));
}

TEST(RoundRobinSegmenter, SkipsHostsThatAreFull) {
  core::Scenario s;
  auto p = segment_text(
      k_rr + R"(  <host name="h0" max-vms="1"/><host name="h1" cpus="2"/><host name="h2"/>
  <vm name="a"/><vm name="b" cpus="4"/><vm name="c"/><vm name="d"/>
)",
      s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(host_names(s, *p), (std::vector<std::string>{"h0", "h2", "h1", "h1"}));
}

TEST(RoundRobinSegmenter, NothingFitsNamesEveryHostAndResource) {
  core::Scenario s;
  auto p = segment_text(k_rr + R"(  <host name="h0" memory="512"/><host name="h1" max-vms="0"/>
  <vm name="big" memory="1024"/>
)",
                        s);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message,
            "no host can take VM 'big': host 'h0' memory: needs 1024 MB, 512 MB of 512 MB free; "
            "host 'h1' max-vms: needs 1 VMs, 0 VMs of 0 VMs free");
}

TEST(RoundRobinSegmenter, AnAffinityGroupMustFitAsAWhole) {
  core::Scenario s;
  auto p = segment_text(k_rr + R"(  <host name="h0" cpus="3"/><host name="h1" cpus="3"/>
  <vm name="a" cpus="2"/><vm name="b" cpus="2"/>
  <constraints><affinity vms="a b"/></constraints>
)",
                        s);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("VM 'a' (with its affinity group of 2 VMs)"), std::string::npos);
  EXPECT_NE(p.error().message.find("cpus: needs 4, 3 of 3 free"), std::string::npos);
}

}  // namespace dcod::seg
