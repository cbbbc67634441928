// --seg-info as scripts and people read it (DESIGN §8).

#include <gtest/gtest.h>

#include "test_support.h"
#include "util/json.h"

namespace dcod {

TEST(SegInfo, JsonCarriesTheMetricsAndPlacementOfTheDeskLab) {
  test::CommandResult r = test::run_dcod({"--seg-info", "--format", "json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto json = parse_json(r.out);
  ASSERT_TRUE(json) << r.out;
  const Json& j = *json;
  EXPECT_EQ(j["scenario"], "desk");
  EXPECT_EQ(j["algorithm"], "round-robin");
  // blue and red each span the three hosts: (3-1) + (3-1) and 3*2 + 3*2.
  EXPECT_EQ(j["replication_cost"], 4);
  EXPECT_EQ(j["flood_entries"], 12);
  EXPECT_DOUBLE_EQ(j["imbalance"].get<double>(), 1.0);
  EXPECT_EQ(j["placement"]["a1"], "hv1");
  EXPECT_EQ(j["placement"]["a2"], "hv2");
  EXPECT_EQ(j["placement"]["b3"], "hv3");
  EXPECT_EQ(j["placement"].size(), 6u);
  const Json& hv1 = j["hosts"]["hv1"];
  EXPECT_EQ(hv1["vms"]["used"], 2);
  EXPECT_TRUE(hv1["vms"]["capacity"].is_null());
  EXPECT_EQ(hv1["memory"]["used"], 512);
  EXPECT_EQ(j["nets"]["blue"]["span"], 3);
  EXPECT_EQ(j["nets"]["blue"]["vni"], 100);
}

TEST(SegInfo, JsonReportsCapacityAndWhatIsLeft) {
  test::CommandResult r = test::run_dcod(
      {"-f", test::source_path("examples/mixed-virtualbox.xml"), "--seg-info", "--format", "json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto json = parse_json(r.out);
  ASSERT_TRUE(json);
  const Json& win1 = (*json)["hosts"]["win1"];
  EXPECT_EQ(win1["cpus"]["used"], 6);
  EXPECT_EQ(win1["cpus"]["capacity"], 8);
  EXPECT_EQ(win1["cpus"]["available"], 2);
  EXPECT_EQ(win1["memory"]["available"], 16384 - 6144);
  EXPECT_EQ(win1["vms"]["available"], 12 - 2);
  const Json& lin1 = (*json)["hosts"]["lin1"];
  EXPECT_EQ(lin1["cpus"]["used"], 2);
  EXPECT_EQ(lin1["memory"]["available"], 32768 - 2048);
}

TEST(SegInfo, TextShowsHostsNetsPlacementAndMetrics) {
  test::CommandResult r = test::run_dcod({"--seg-info"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("scenario desk: 6 VMs on 3 hosts, 2 nets, algorithm round-robin"),
            std::string::npos);
  EXPECT_NE(r.out.find("  a1                   -> hv1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("replication cost 4, flood entries 12, imbalance 1.00"), std::string::npos)
      << r.out;
}

TEST(SegInfo, OutputCanGoToAFile) {
  std::string out = test::temp_dir() + "/seg.json";
  test::CommandResult r = test::run_dcod({"--seg-info", "--format", "json", "-o", out});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(parse_json(test::read_file(out)));
}

}  // namespace dcod
