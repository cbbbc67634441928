// The command line of VNX input: a <vnx> file given as any scenario, --hosts, --strict, and
// `dcod convert`.

#include <gtest/gtest.h>

#include "test_support.h"

namespace dcod {

namespace {

using test::run_dcod;

std::string tutorial() {
  return test::source_path("examples/vnx/tutorial.xml");
}
std::string hosts() {
  return test::source_path("examples/vnx/hosts.xml");
}

}  // namespace

TEST(VnxCli, AVnxFileIsValidatedOnTheDeskLabOrOnTheHostsGiven) {
  test::CommandResult desk = run_dcod({"-f", tutorial(), "--seg-info"});
  EXPECT_EQ(desk.exit_status, 0) << desk.err;
  EXPECT_NE(desk.out.find("7 VMs on 3 hosts"), std::string::npos) << desk.out;
  EXPECT_NE(desk.out.find("hv1"), std::string::npos) << desk.out;
  test::CommandResult sites = run_dcod({"-f", tutorial(), "--hosts", hosts(), "--seg-info"});
  EXPECT_EQ(sites.exit_status, 0) << sites.err;
  EXPECT_NE(sites.out.find("site1"), std::string::npos) << sites.out;
  EXPECT_NE(sites.out.find("Net1                       1001"), std::string::npos)
      << "the hosts file pins Net1's VNI\n"
      << sites.out;
}

TEST(VnxCli, StrictTurnsTheWarningsIntoErrors) {
  test::CommandResult r = run_dcod({"-f", tutorial(), "--validate", "--strict"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("tutorial.xml:34:5: /vnx/vm[h1]/filesystem: guest filesystem images"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing was touched"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(VnxCli, InvalidVnxInputIsExitStatusTwoWithFileLineAndColumn) {
  std::string file = test::write_temp_file("bad-vnx.xml", R"(<vnx>
  <global><version>2.0</version><scenario_name>bad</scenario_name></global>
  <net name="Net0" mode="virtual_bridge"/>
  <vm name="h1" type="lxc">
    <if id="1" net="Net9"><ipv4>10.0.0.2/24</ipv4></if>
    <exce seq="x" type="verbatim">ls</exce>
  </vm>
</vnx>
)");
  test::CommandResult r = run_dcod({"-f", file, "--create"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("bad-vnx.xml:5:5: /vnx/vm[h1]/if[1]: net 'Net9' is not declared (did "
                       "you mean 'Net0'?)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("bad-vnx.xml:6:5: /vnx/vm[h1]/exce: <vm> cannot contain <exce> (did you "
                       "mean 'exec'?)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("2 errors in"), std::string::npos) << r.err;
}

TEST(VnxCli, HostsIsForVnxFilesAndABadHostsFileIsTold) {
  test::CommandResult own =
      run_dcod({"-f", test::source_path("examples/desk.xml"), "--hosts", hosts(), "--validate"});
  EXPECT_EQ(own.exit_status, 2);
  EXPECT_NE(own.err.find("--hosts is for VNX scenarios"), std::string::npos) << own.err;
  std::string bad = test::write_temp_file(
      "bad-hosts.xml",
      "<hosts version=\"1\">\n  <host name=\"a\" adress=\"192.0.2.1\"/>\n</hosts>\n");
  test::CommandResult r = run_dcod({"-f", tutorial(), "--hosts", bad, "--validate"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("bad-hosts.xml:2:18: /hosts/host[a]: <host> has no attribute 'adress' "
                       "(did you mean 'address'?)"),
            std::string::npos)
      << r.err;
}

TEST(VnxCli, ConvertWritesTheDcodScenarioOnTheHostsGiven) {
  std::string out = test::temp_dir() + "/converted.xml";
  test::CommandResult r =
      run_dcod({"convert", "-f", tutorial(), "--hosts", hosts(), "-o", out, "-q"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::string text = test::read_file(out);
  EXPECT_NE(text.find("<scenario name=\"tutorial_vnx\" version=\"1\">"), std::string::npos);
  EXPECT_NE(text.find("<underlay subnet=\"198.18.2.0/24\"/>"), std::string::npos) << text;
  EXPECT_NE(text.find("<host name=\"site3\" backend=\"netns\"/>"), std::string::npos) << text;
  EXPECT_NE(text.find("<net name=\"Net1\" vni=\"1001\"/>"), std::string::npos) << text;
  EXPECT_NE(text.find("<exec seq=\"start\">ip addr add 198.18.20.80/32 dev lo"), std::string::npos)
      << "the cmd-seq became exec commands of its name\n"
      << text;
  EXPECT_NE(text.find("<vm name=\"host\" host=\"site1\" director=\"yes\">"), std::string::npos)
      << "<host>: the director itself, joined through the first simulated host\n"
      << text;
  test::CommandResult valid = run_dcod({"-f", out, "--validate"});
  EXPECT_EQ(valid.exit_status, 0) << valid.err;
  EXPECT_EQ(valid.err, "");
  test::CommandResult xsd = test::run_command({"xmllint", "--noout", "--nonet", "--schema",
                                               test::source_path("schemas/scenario-1.xsd"), out});
  EXPECT_EQ(xsd.exit_status, 0) << xsd.err;
  EXPECT_EQ(run_dcod({"convert"}).exit_status, 2) << "convert needs -f";
  EXPECT_NE(run_dcod({"--help"}).out.find("dcod convert -f VNX.xml"), std::string::npos);
}

}  // namespace dcod
