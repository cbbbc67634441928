// End to end, a VNX 2.0 file run as it is (examples/vnx/tutorial.xml, only its scenario name
// made unique): spread over the desk lab's three simulated hosts, end hosts reach each other
// through the two routers in both families, the director itself (<host>) joins Net3 and
// reaches every LAN, -x runs a cmd-seq, a second run changes nothing, drift on the director is
// repaired, --strict refuses it untouched, the scenario written by `dcod convert` matches the
// running lab exactly, and --destroy leaves nothing, on the director either. Labs that join the
// director take turns (DirectorTurn): they put the same address and routes into its namespace.

#include <gtest/gtest.h>

#include <set>

#include "desk_lab.h"
#include "util/json.h"

namespace dcod::test {

namespace {

/// The tutorial with a placeholder for its scenario name.
std::string tutorial() {
  std::string text = read_file(source_path("examples/vnx/tutorial.xml"));
  const std::string name = "<scenario_name>tutorial_vnx</scenario_name>";
  auto at = text.find(name);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos)
    text.replace(at, name.size(), "<scenario_name>@NAME@</scenario_name>");
  return text;
}

/// The hosts the VMs were placed on, by --seg-info.
std::set<std::string> hosts_used(const DeskLab& lab) {
  CommandResult info = lab.dcod({"--seg-info", "--format", "json"});
  EXPECT_EQ(info.exit_status, 0) << info.err;
  std::set<std::string> out;
  auto json = parse_json(info.out);
  if (!json) return out;
  for (const auto& [vm, host] : (*json)["placement"].items()) out.insert(host.get<std::string>());
  return out;
}

}  // namespace

TEST(DeskLabVnx, TheRoutedTutorialRunsAcrossThreeHostsAsWritten) {
  DCOD_REQUIRE_ROOT();
  DirectorTurn turn;
  const std::string default_routes =
      DeskLab::sh("ip route show default; ip -6 route show default").out;
  DeskLab lab(DeskLab::Vnx{}, tutorial());
  CommandResult create = lab.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  EXPECT_NE(create.err.find("warning: guest filesystem images (<filesystem>)"), std::string::npos)
      << create.err;
  EXPECT_EQ(hosts_used(lab), (std::set<std::string>{"hv1", "hv2", "hv3"}));

  EXPECT_TRUE(lab.ping("h1", "198.18.12.2")) << "h1 to h3 through r1 and r2";
  EXPECT_TRUE(lab.ping("h4", "198.18.10.3")) << "h4 to h2 through r2 and r1";
  EXPECT_TRUE(lab.ping("h1", "2001:db8:2::2"));
  EXPECT_TRUE(lab.ping("h4", "2001:db8::3"));
  ASSERT_EQ(lab.director_links().size(), 1u) << "the director itself joins Net3";
  const std::string link = lab.director_links().front();
  EXPECT_NE(DeskLab::sh("ip addr show dev " + link).out.find("198.18.13.2/24"), std::string::npos);
  EXPECT_TRUE(DeskLab::ping_from_director("198.18.10.2")) << "the director reaches Net0 via r2";
  EXPECT_TRUE(DeskLab::ping_from_director("2001:db8:2::3")) << "and Net2, in IPv6";
  EXPECT_EQ(lab.exec("host", {"true"}).exit_status, 2) << "the director is no VM to exec in";

  CommandResult start = lab.dcod({"-x", "start"});
  EXPECT_EQ(start.exit_status, 0) << start.out << start.err;
  EXPECT_NE(DeskLab::sh("ip -n " + lab.vm_ns("h3") + " addr show dev lo").out.find("198.18.20.80"),
            std::string::npos)
      << "start-www ran on h3";
  EXPECT_NE(
      DeskLab::sh("ip -n " + lab.vm_ns("h3") + " addr show dev lo").out.find("2001:db8:20::80"),
      std::string::npos)
      << "the second line of start-www's body ran too";
  EXPECT_NE(DeskLab::sh("ip -n " + lab.vm_ns("h4") + " addr show dev lo").out.find("198.18.20.54"),
            std::string::npos)
      << "start-db ran on h4";

  CommandResult plan = lab.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("No changes"), std::string::npos) << plan.out;
  CommandResult again = lab.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to change on 3 hosts"), std::string::npos) << again.out;

  DeskLab::sh("ip route del 198.18.8.0/21; ip addr flush dev " + link + " scope global");
  CommandResult repair = lab.dcod({"--create"});
  EXPECT_EQ(repair.exit_status, 0) << repair.out << repair.err;
  EXPECT_TRUE(DeskLab::ping_from_director("198.18.12.3")) << "address and route put back";
  DeskLab::sh("ip link del " + link);
  repair = lab.dcod({"--create"});
  EXPECT_EQ(repair.exit_status, 0) << repair.out << repair.err;
  EXPECT_TRUE(DeskLab::ping_from_director("2001:db8::2")) << "the link made again";
  CommandResult after = lab.dcod({"--plan"});
  EXPECT_NE(after.out.find("No changes"), std::string::npos) << after.out;

  CommandResult destroy = lab.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
  EXPECT_TRUE(lab.namespaces().empty());
  EXPECT_TRUE(lab.director_links().empty());
  EXPECT_EQ(DeskLab::sh("ip route show 198.18.8.0/21").out, "");
  EXPECT_EQ(DeskLab::sh("ip route show default; ip -6 route show default").out, default_routes)
      << "the director's own routes stay as they were";
}

TEST(DeskLabVnx, StrictRefusesWhatDcodWouldNotDoAndTouchesNothing) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(DeskLab::Vnx{}, tutorial());
  CommandResult strict = lab.dcod({"--create", "--strict"});
  EXPECT_EQ(strict.exit_status, 2) << strict.out << strict.err;
  EXPECT_NE(strict.err.find("refused under --strict"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("nothing was touched"), std::string::npos) << strict.err;
  EXPECT_TRUE(lab.namespaces().empty());
}

TEST(DeskLabVnx, TheConvertedScenarioIsTheRunningLabExactly) {
  DCOD_REQUIRE_ROOT();
  DirectorTurn turn;
  DeskLab lab(DeskLab::Vnx{}, tutorial());
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  std::string converted = lab.file() + ".dcod.xml";
  CommandResult convert = run_dcod({"convert", "-f", lab.file(), "-o", converted});
  ASSERT_EQ(convert.exit_status, 0) << convert.err;
  CommandResult plan = run_dcod({"-f", converted, "--state-dir", lab.state_dir(), "--plan"});
  EXPECT_EQ(plan.exit_status, 0) << plan.out << plan.err
                                 << "same scenario name, VNIs, MACs and placement";
  CommandResult warnings = run_dcod({"-f", converted, "--validate"});
  EXPECT_EQ(warnings.err, "") << "the dcod scenario says only what dcod does";
}

}  // namespace dcod::test
