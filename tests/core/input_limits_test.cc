// Input limits: a file too large to be a scenario, more hosts, nets or VMs than one scenario
// takes, ten thousand interfaces on one VM, and values at the edges of their ranges. Each is a
// clear error (one per cause, not thousands) or a correct result, quickly.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "load/scenario_loader.h"
#include "scenario_builder.h"
#include "test_support.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

LoadResult load(const std::string& body) {
  return load_valid_scenario_text(test::scenario_xml(body), "limits.xml", test::builtin_backends());
}

/// The errors (not warnings) of a result, formatted.
std::vector<std::string> errors_of(const LoadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics.sorted()) {
    if (d.severity == Severity::error) out.push_back(r.diagnostics.format(d));
  }
  return out;
}

std::string nets(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += "<net name=\"n" + std::to_string(i) + "\" vni=\"" + std::to_string(i + 1) + "\"/>\n";
  return out;
}

}  // namespace

TEST(InputLimits, AFileLargerThanAnyScenarioIsRefusedUnread) {
  std::string path = test::temp_dir() + "/huge.xml";
  std::ofstream(path) << "<scenario";
  std::filesystem::resize_file(path, (16u << 20) + 1);  // sparse: nothing is written
  LoadResult r = load_valid_scenario(path, test::builtin_backends());
  ASSERT_EQ(errors_of(r).size(), 1u);
  EXPECT_NE(errors_of(r)[0].find("the file is larger than 16 MiB"), std::string::npos)
      << errors_of(r)[0];
}

TEST(InputLimits, MoreVmsThanOneScenarioTakesIsOneError) {
  std::string body = "<host name=\"hv1\"/><net name=\"blue\" vni=\"1\"/>\n";
  for (int i = 0; i <= 50'000; ++i) body += "<vm name=\"v" + std::to_string(i) + "\"/>\n";
  LoadResult r = load(body);
  std::vector<std::string> errors = errors_of(r);
  ASSERT_EQ(errors.size(), 1u) << r.diagnostics.format_all(3);
  EXPECT_NE(errors[0].find("more than 50,000 <vm> elements: dcod takes at most 50,000"),
            std::string::npos)
      << errors[0];
  EXPECT_NE(errors[0].find("limits.xml:50003:"), std::string::npos) << "at the one too many";
}

TEST(InputLimits, AHundredThousandNetsAreTakenAndOneMoreIsOneError) {
  std::string vm = "<vm name=\"v1\"><if id=\"0\" net=\"n99999\"/></vm>\n";
  LoadResult most = load("<host name=\"hv1\"/>\n" + nets(100'000) + vm);
  EXPECT_TRUE(most.scenario.has_value()) << most.diagnostics.format_all(3);
  EXPECT_TRUE(errors_of(most).empty());
  LoadResult over = load("<host name=\"hv1\"/>\n" + nets(100'001) + vm);
  ASSERT_EQ(errors_of(over).size(), 1u);
  EXPECT_NE(errors_of(over)[0].find("more than 100,000 <net> elements"), std::string::npos);
}

TEST(InputLimits, TenThousandInterfacesOnOneVmAreOneErrorEachAndNoMore) {
  std::string body = "<host name=\"hv1\"/><net name=\"blue\" vni=\"16777215\"/>\n<vm name=\"v1\">";
  for (int i = 0; i < 10'000; ++i) body += "<if id=\"" + std::to_string(i) + "\" net=\"blue\"/>";
  LoadResult r = load(body + "</vm>\n");
  std::vector<std::string> errors = errors_of(r);
  EXPECT_EQ(errors.size(), 9'900u) << "ids 100..9999, nothing said twice of one";
  for (const std::string& e : errors) {
    ASSERT_NE(e.find("is not a whole number in 0..99"), std::string::npos) << e;
  }
  std::string shown = r.diagnostics.format_all(200);
  EXPECT_NE(shown.find("limits.xml: ... and 9700 more findings (the first 200 are shown)"),
            std::string::npos);
}

TEST(InputLimits, ValuesAtTheEdgesOfTheirRangesAreTaken) {
  const std::string longest(32, 'h'), net(32, 'n'), vm(32, 'v'), seq(32, 's');
  std::string body = "<host name=\"" + longest + "\"/>\n<net name=\"" + net +
                     "\" vni=\"16777215\"/><net name=\"low\" vni=\"1\"/>\n<vm name=\"" + vm + "\">";
  for (int i = 0; i < 100; ++i)
    body += "<if id=\"" + std::to_string(i) + "\" net=\"" + (i % 2 ? net : "low") + "\"/>";
  body += "<exec seq=\"" + seq + "\">true</exec></vm>\n";
  LoadResult r = load_valid_scenario_text(
      "<scenario name=\"" + std::string(24, 'x') + "\" version=\"1\">" + body + "</scenario>",
      "edges.xml", test::builtin_backends());
  ASSERT_TRUE(r.scenario.has_value()) << r.diagnostics.format_all(5);
  EXPECT_EQ(r.scenario->vms[0].interfaces.size(), 100u);
  LoadResult longer = load_valid_scenario_text(
      "<scenario name=\"" + std::string(25, 'x') + "\" version=\"1\">" + body + "</scenario>",
      "edges.xml", test::builtin_backends());
  ASSERT_EQ(errors_of(longer).size(), 1u) << longer.diagnostics.format_all(5);
}

}  // namespace dcod::core
