// The command line as a user meets it: modes, options, exit statuses, messages.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "test_support.h"

namespace dcod {

using test::run_dcod;

TEST(Cli, HelpListsEveryMode) {
  test::CommandResult r = run_dcod({"--help"});
  EXPECT_EQ(r.exit_status, 0);
  for (const char* mode : {"--create", "--destroy", "--show", "--plan", "--status", "--validate",
                           "--seg-info", "--exec", "-x", "--format", "--jobs", "--known-hosts",
                           "--accept-new-host-keys", "--state-dir", "--log-file", "--no-color"}) {
    EXPECT_NE(r.out.find(mode), std::string::npos) << mode;
  }
  EXPECT_EQ(r.out.find("[ --x ]"), std::string::npos) << "-x has no long form: " << r.out;
  EXPECT_NE(r.out.find("\n  -x SEQ "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not implemented"), std::string::npos) << "every mode exists: " << r.out;
  for (std::size_t at = 0, end; (end = r.out.find('\n', at)) != std::string::npos; at = end + 1) {
    std::string line = r.out.substr(at, end - at);
    EXPECT_LE(line.size(), 90u) << line;
    EXPECT_EQ(std::count(line.begin(), line.end(), '<'), std::count(line.begin(), line.end(), '>'))
        << "a <word> split across lines: " << line;
  }
}

TEST(Cli, TheExecSequenceOptionRunsAsBefore) {
  test::CommandResult r = run_dcod({"-x", "nosuch"});
  EXPECT_EQ(r.exit_status, 2) << r.out << r.err;
  EXPECT_EQ(r.err,
            "dcod: -x: no VM has the exec sequence 'nosuch'\n  hint: the VMs have: on_boot\n");
  test::CommandResult typo = run_dcod({"-x", "on_bot"});
  EXPECT_EQ(typo.err,
            "dcod: -x: no VM has the exec sequence 'on_bot' (did you mean 'on_boot'?)\n  hint: "
            "the VMs have: on_boot\n");
}

TEST(Cli, CountsAreSingularForOne) {
  std::string file = test::write_temp_file("one-of-each.xml", R"(<scenario name="one" version="1">
  <host name="hv1"/>
  <net name="blue" vni="100"/>
  <vm name="a1"><if id="0" net="blue"><ipv4>10.1.0.1/24</ipv4></if></vm>
</scenario>
)");
  test::CommandResult r = run_dcod({"-f", file, "--validate"});
  EXPECT_EQ(r.out, file + ": scenario 'one' is valid: 1 host, 1 net, 1 VM\n") << r.err;
  test::CommandResult seg = run_dcod({"-f", file, "--seg-info"});
  EXPECT_EQ(seg.out.rfind("scenario one: 1 VM on 1 host, 1 net, algorithm", 0), 0u) << seg.out;
}

TEST(Cli, VersionNamesTheLanguage) {
  test::CommandResult r = run_dcod({"--version"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out.rfind("dcod 0.", 0), 0u);
  EXPECT_NE(r.out.find("scenario language version 1"), std::string::npos);
}

TEST(Cli, NoModeIsAUsageError) {
  test::CommandResult r = run_dcod({"-f", test::source_path("examples/desk.xml")});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("no mode given"), std::string::npos) << r.err;
}

TEST(Cli, TwoModesAreAUsageError) {
  test::CommandResult r = run_dcod({"--validate", "--show"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("more than one mode given: --show --validate"), std::string::npos) << r.err;
}

TEST(Cli, UnknownOptionSuggestsTheNearestOne) {
  test::CommandResult r = run_dcod({"--crate"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.err, "dcod: unknown option '--crate' (did you mean '--create'?)\n");
  r = run_dcod({"--zzzzzz"});
  EXPECT_EQ(r.err, "dcod: unknown option '--zzzzzz'\n  hint: see --help\n");
}

TEST(Cli, ExecWithoutDashDashShowsTheLineThatWorks) {
  for (const auto& args : {std::vector<std::string>{"--exec", "a1", "ping", "-c1", "10.1.0.2"},
                           std::vector<std::string>{"--exec", "a1", "ping", "10.1.0.2"}}) {
    test::CommandResult r = run_dcod(args);
    EXPECT_EQ(r.exit_status, 2);
    std::string fixed = "dcod --exec a1 --";
    for (std::size_t i = 2; i < args.size(); ++i) fixed += " " + args[i];
    EXPECT_EQ(r.err,
              "dcod: --exec takes the VM's command after '--'\n  hint: run: " + fixed + "\n");
  }
}

TEST(Cli, ExecNeedsACommandAndOnlyExecTakesOne) {
  EXPECT_EQ(run_dcod({"--exec", "a1"}).exit_status, 2);
  test::CommandResult r = run_dcod({"--validate", "--", "ls"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("only for --exec"), std::string::npos);
}

TEST(Cli, AScenarioFileMayBeGivenWithoutDashF) {
  std::string file = test::source_path("examples/vnx-tutorial.xml");
  test::CommandResult r = run_dcod({"--validate", file});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("scenario 'tutorial' is valid"), std::string::npos)
      << "the named file, not the built-in desk lab: " << r.out;
  test::CommandResult before = run_dcod({file, "--seg-info"});
  EXPECT_EQ(before.exit_status, 0) << before.err;
  EXPECT_NE(before.out.find("scenario tutorial:"), std::string::npos) << before.out;
}

TEST(Cli, AStrayArgumentIsAUsageErrorNeverTheDeskLab) {
  std::string file = test::source_path("examples/desk.xml");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--validate", file, "extra.xml"},
        {"--validate", "-f", file, "extra.xml"},
        {"--plan", "-f", file, "create"}}) {
    test::CommandResult r = run_dcod(args);
    EXPECT_EQ(r.exit_status, 2) << args.back();
    EXPECT_NE(r.err.find("unexpected argument '" + args.back() + "'"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << "nothing was planned";
  }
}

TEST(Cli, FormatMustSuitTheMode) {
  test::CommandResult r = run_dcod({"--seg-info", "--format", "svg"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("--seg-info does not take --format svg"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("text, json"), std::string::npos) << r.err;
}

TEST(Cli, WithoutFileTheBuiltInDeskLabIsUsed) {
  test::CommandResult r = run_dcod({"--validate"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("scenario 'desk' is valid: 3 hosts, 2 nets, 6 VMs"), std::string::npos)
      << r.out;
}

TEST(Cli, EveryExampleValidatesAndIsPlanned) {
  // Examples whose hosts are remote are planned where their hosts can be: in the SSH lab, with
  // a lab host in place of the example's (no address outside the lab is ever contacted).
  const std::set<std::string> planned_in_the_ssh_lab = {"mixed-virtualbox.xml",
                                                        "virtualbox-linux.xml"};
  std::size_t examples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("examples"))) {
    if (entry.path().extension() != ".xml") continue;
    ++examples;
    std::string example = entry.path().filename().string(), file = entry.path().string();
    for (const std::vector<std::string>& mode : {std::vector<std::string>{"--validate"},
                                                 {"--seg-info"},
                                                 {"--seg-info", "--format", "json"},
                                                 {"--show"},
                                                 {"--show", "--format", "json"}}) {
      std::vector<std::string> args = {"-f", file};
      args.insert(args.end(), mode.begin(), mode.end());
      test::CommandResult r = run_dcod(args);
      EXPECT_EQ(r.exit_status, 0) << example << " " << mode[0] << "\n" << r.err;
      EXPECT_EQ(r.err, "") << example;
    }
    if (planned_in_the_ssh_lab.count(example)) continue;
    // Simulated hosts only: planned on this machine, which it only reads.
    test::CommandResult plan =
        run_dcod({"-f", file, "--plan", "--state-dir", test::temp_dir() + "/plan-" + example});
    EXPECT_TRUE(plan.exit_status == 3 || plan.exit_status == 0) << example << "\n" << plan.err;
    EXPECT_EQ(plan.err, "") << example;
    bool planned = plan.out.find("\nPlan: ") != std::string::npos ||
                   plan.out == "No changes: every host matches the scenario.\n";
    EXPECT_TRUE(planned) << example << ": " << plan.out;
    if (plan.exit_status == 3)
      EXPECT_NE(plan.out.find("director:\n  + underlay"), std::string::npos) << plan.out;
  }
  EXPECT_EQ(examples, 4u) << "a new example: plan it here, or in the SSH lab";
}

TEST(Cli, EmptyGarbageAndBinaryFilesExitTwoWithAClearMessage) {
  struct Case {
    std::string name, content, message;
  };
  const std::vector<Case> cases = {
      {"empty.xml", "", "the file is empty"},
      {"garbage.xml", "}}} this is not xml {{{", "not well-formed XML"},
      {"binary.xml", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "not text"},
      {"json.xml", "{\"scenario\": 1}", "not well-formed XML"},
  };
  for (const Case& c : cases) {
    std::string path = test::write_temp_file(c.name, c.content);
    test::CommandResult r = run_dcod({"-f", path, "--show"});
    EXPECT_EQ(r.exit_status, 2) << c.name;
    EXPECT_NE(r.err.find(path + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << ": " << r.err;
    EXPECT_TRUE(r.out.empty());
  }
}

TEST(Cli, MissingFileExitsTwo) {
  test::CommandResult r = run_dcod({"-f", "/nonexistent/s.xml", "--validate"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("/nonexistent/s.xml: cannot read the file"), std::string::npos) << r.err;
}

TEST(Cli, SegmentationFailureExitsTwoWithTheReason) {
  std::string path = test::write_temp_file("full.xml", R"(<scenario name="full" version="1">
  <global><segmentation algorithm="round-robin"/></global>
  <host name="h0" max-vms="1"/>
  <vm name="a"/><vm name="b"/>
</scenario>
)");
  test::CommandResult r = run_dcod({"-f", path, "--seg-info"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("segmentation failed: no host can take VM 'b': host 'h0' max-vms"),
            std::string::npos)
      << r.err;
}

TEST(Cli, VerboseLogsGoToStderrAndTheLogFile) {
  std::string log = test::temp_dir() + "/dcod.log";
  test::CommandResult r = run_dcod({"--validate", "-v", "--log-file", log, "--no-color"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_NE(r.err.find("[core] debug: loaded scenario 'desk'"), std::string::npos) << r.err;
  EXPECT_NE(test::read_file(log).find("loaded scenario 'desk'"), std::string::npos);
}

}  // namespace dcod
