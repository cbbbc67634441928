#include "segmentation/weighted/weighted_segmenter.h"

#include <gtest/gtest.h>

#include "placement/metrics.h"
#include "segmenter_fixture.h"

namespace dcod::seg {

namespace {

const std::string k_weighted = "  <global><segmentation algorithm=\"weighted\"/></global>\n";

std::string vms(int n, const std::string& extra = "") {
  std::string xml;
  for (int v = 0; v < n; ++v) xml += "  <vm name=\"v" + std::to_string(v) + "\"" + extra + "/>\n";
  return xml;
}

std::vector<std::uint64_t> vms_per_host(const core::Scenario& s, const core::Placement& p) {
  std::vector<std::uint64_t> out(s.hosts.size(), 0);
  for (std::uint32_t h : p.host_of_vm) ++out[h];
  return out;
}

}  // namespace

TEST(WeightedSegmenter, FillsHostsInProportionToTheirCapacity) {
  core::Scenario s;
  auto p = segment_text(k_weighted +
                            "  <host name=\"big\" cpus=\"16\"/><host name=\"small\" cpus=\"4\"/>"
                            "<host name=\"mid\" cpus=\"8\"/>\n" +
                            vms(14),
                        s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(vms_per_host(s, *p), (std::vector<std::uint64_t>{8, 2, 4}));
  EXPECT_DOUBLE_EQ(core::measure_placement(s, *p).imbalance, 1.0);
}

TEST(WeightedSegmenter, PlacesTheLargestFirstSoThatTheyFit) {
  // Two 6-cpu VMs and four 1-cpu VMs on two 8-cpu hosts: in file order a least-loaded rule
  // could put the small ones first and leave no host with 6 cpus free.
  core::Scenario s;
  auto p =
      segment_text(k_weighted + "  <host name=\"h0\" cpus=\"8\"/><host name=\"h1\" cpus=\"8\"/>\n" +
                       vms(4) + "  <vm name=\"big1\" cpus=\"6\"/><vm name=\"big2\" cpus=\"6\"/>\n",
                   s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_NE(p->host_of_vm[s.vm_index.at("big1")], p->host_of_vm[s.vm_index.at("big2")]);
}

TEST(WeightedSegmenter, CountsMemoryAndMaxVmsToo) {
  core::Scenario s;
  auto p =
      segment_text(k_weighted +
                       "  <host name=\"h0\" memory=\"1024\"/><host name=\"h1\" memory=\"3072\" "
                       "max-vms=\"2\"/>\n" +
                       vms(4, " memory=\"512\""),
                   s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(vms_per_host(s, *p), (std::vector<std::uint64_t>{2, 2}));  // h1 stops at max-vms
}

TEST(WeightedSegmenter, TooLittleCapacityNamesTheVmAndEveryHostsShortfall) {
  core::Scenario s;
  auto p =
      segment_text(k_weighted + "  <host name=\"h0\" cpus=\"2\"/><host name=\"h1\" cpus=\"2\"/>\n" +
                       vms(3, " cpus=\"2\""),
                   s);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("no host can take VM 'v"), std::string::npos)
      << p.error().message;
  EXPECT_NE(p.error().message.find("host 'h0' cpus: needs 2, 0 of 2 free"), std::string::npos)
      << p.error().message;
}

}  // namespace dcod::seg
