// The backend seam, proven by a backend that exists only in the tests (tests/backends/fake:
// hosts that are JSON files): it takes part in --create, --plan, --status and --destroy next to
// simulated netns hosts, in a dcod binary that differs from the real one by one registry line.

#include <gtest/gtest.h>

#include <filesystem>

#include "desk_lab.h"
#include "util/json.h"

namespace dcod::test {

namespace {

const std::string k_mixed = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/>
  <host name="fk1" backend="fake" address="198.18.9.1"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a1" host="hv1"><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4></if></vm>
  <vm name="f1" host="fk1" cpus="2" memory="512"><if id="0" net="blue" mac="02:00:00:00:01:0f"><ipv4>10.1.0.15/24</ipv4></if>
                                               <if id="1" net="red"/></vm>
  <vm name="b1" host="hv1"><if id="0" net="red"/></vm>
)";

/// A desk lab whose dcod has the fake backend; fake hosts are files in a directory of its own.
class SeamLab {
 public:
  explicit SeamLab(const std::string& body)
      : m_lab(body), m_hosts(temp_dir() + "/" + m_lab.name() + ".fake") {
    std::filesystem::create_directories(m_hosts);
  }
  ~SeamLab() { dcod({"--destroy"}); }

  CommandResult dcod(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {DCOD_TEST_BACKENDS_BINARY, "-f", m_lab.file(), "--state-dir",
                                     m_lab.file() + ".seam-state"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, {"DCOD_FAKE_HOSTS=" + m_hosts});
  }
  Json fake(const std::string& host) const {
    auto parsed = parse_json(read_file(m_hosts + "/" + host + ".json"));
    return parsed ? *parsed : Json();
  }
  void set_fake(const std::string& host, const Json& state) const {
    write_temp_file(m_lab.name() + ".fake/" + host + ".json", state.dump());
  }
  std::string log(const std::string& host) const {
    return read_file(m_hosts + "/" + host + ".log");
  }
  bool ping(const std::string& vm, const std::string& address) const {
    return dcod({"--exec", vm, "--", "ping", "-c", "1", "-i", "0.2", "-w", "3", address})
               .exit_status == 0;
  }
  DeskLab& lab() { return m_lab; }

 private:
  DeskLab m_lab;
  std::string m_hosts;
};

}  // namespace

TEST(BackendSeam, ATestOnlyBackendTakesPartNextToNetnsHosts) {
  DCOD_REQUIRE_ROOT();
  SeamLab seam(k_mixed);
  CommandResult plan = seam.dcod({"--plan"});
  EXPECT_EQ(plan.exit_status, 3) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("fk1:\n  + bridge of blue (VNI 100)"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("  + flood blue -> fk1 (198.18.9.1)"), std::string::npos) << plan.out;

  CommandResult create = seam.dcod({"--create"});
  ASSERT_EQ(create.exit_status, 0) << create.out << create.err;
  // The netns hosts flood to the fake host's end point, and it holds its VTEPs and VM.
  EXPECT_EQ(seam.lab().flood_list("hv1", "dcx100"), "198.18.0.2 198.18.9.1 ");
  EXPECT_EQ(seam.lab().flood_list("hv1", "dcx200"), "198.18.9.1 ");
  Json fk1 = seam.fake("fk1");
  EXPECT_EQ(fk1["vteps"]["100"]["local"], "198.18.9.1");
  EXPECT_EQ(fk1["vteps"]["100"]["flood"], Json({"198.18.0.1", "198.18.0.2"}));
  EXPECT_EQ(fk1["vteps"]["200"]["fdb"].size(), 1u) << "b1's MAC on hv1";
  EXPECT_EQ(fk1["vms"]["f1"]["cpus"], 2);
  EXPECT_EQ(fk1["vms"]["f1"]["interfaces"]["1"]["net"], "red");
  EXPECT_TRUE(seam.ping("a1", "10.1.0.2")) << "the netns hosts work as ever";

  CommandResult again = seam.dcod({"--plan"});
  EXPECT_EQ(again.exit_status, 0) << again.out;
  CommandResult status = seam.dcod({"--status"});
  EXPECT_EQ(status.exit_status, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("fk1 (end point 198.18.9.1): in sync\n"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("  f1  eth0  blue"), std::string::npos) << status.out;

  // Drift on the fake host: --status shows it, --create repairs exactly that.
  fk1["vteps"]["100"]["flood"] = Json({"198.18.0.1"});
  fk1["vms"]["f1"]["memory"] = 128;
  seam.set_fake("fk1", fk1);
  status = seam.dcod({"--status"});
  EXPECT_EQ(status.exit_status, 3) << status.out << status.err;
  EXPECT_NE(status.out.find("fk1 (end point 198.18.9.1): drift, 2 to fix\n"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("    + flood blue -> hv2 (198.18.0.2)\n"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("    ~ vm f1: memory 128 MB → 512 MB\n"), std::string::npos)
      << status.out;
  CommandResult repair = seam.dcod({"--create"});
  EXPECT_NE(repair.out.find("created 1, changed 1 on"), std::string::npos) << repair.out;
  EXPECT_EQ(seam.fake("fk1")["vms"]["f1"]["memory"], 512);
  EXPECT_EQ(seam.dcod({"--plan"}).exit_status, 0);

  // --exec goes through the backend of the VM's host, whichever it is.
  CommandResult exec = seam.dcod({"--exec", "f1", "--", "uname", "-n"});
  EXPECT_EQ(exec.exit_status, 0);
  EXPECT_EQ(exec.out, "fake fk1/f1: uname -n\n");

  // The state record remembers the fake host's backend: gone from the scenario, it is emptied.
  std::string record = read_file(seam.lab().file() + ".seam-state/state.json");
  EXPECT_NE(record.find("\"backend\":\"fake\""), std::string::npos) << record;
  std::string without = k_mixed;
  without.replace(
      without.find("  <host name=\"fk1\""),
      std::string("  <host name=\"fk1\" backend=\"fake\" address=\"198.18.9.1\"/>\n").size(), "");
  without.erase(without.find("  <vm name=\"f1\""),
                without.find("  <vm name=\"b1\"") - without.find("  <vm name=\"f1\""));
  seam.lab().rewrite(without);
  CommandResult shrink = seam.dcod({"--create"});
  EXPECT_EQ(shrink.exit_status, 0) << shrink.out << shrink.err;
  EXPECT_TRUE(seam.fake("fk1")["vteps"].empty()) << seam.fake("fk1").dump();
  EXPECT_TRUE(seam.fake("fk1")["vms"].empty());
  EXPECT_EQ(seam.lab().flood_list("hv1", "dcx100"), "198.18.0.2 ");
  seam.lab().rewrite(k_mixed);

  ASSERT_EQ(seam.dcod({"--create"}).exit_status, 0);
  CommandResult destroy = seam.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out;
  EXPECT_TRUE(seam.fake("fk1")["vteps"].empty());
  EXPECT_TRUE(seam.fake("fk1")["vms"].empty());
  EXPECT_TRUE(seam.lab().namespaces().empty());
  EXPECT_NE(seam.log("fk1").find("delete vm f1"), std::string::npos) << seam.log("fk1");
}

TEST(BackendSeam, TheLanguageKnowsTheRegisteredBackendsOnly) {
  std::string path = write_temp_file("seam-fake.xml",
                                     "<scenario name=\"s\" version=\"1\">\n"
                                     "  <host name=\"fk1\" backend=\"fake\"/>\n</scenario>\n");
  CommandResult real = run_dcod({"-f", path, "--validate"});
  EXPECT_EQ(real.exit_status, 2);
  EXPECT_NE(real.err.find("backend 'fake' is not one of netns, virtualbox"), std::string::npos)
      << real.err;
  CommandResult with_fake = run_command({DCOD_TEST_BACKENDS_BINARY, "-f", path, "--validate"});
  EXPECT_EQ(with_fake.exit_status, 2) << "it needs an address, as its traits say";
  EXPECT_NE(with_fake.err.find("a fake host needs an address (a fake host's address is its tunnel "
                               "end point)"),
            std::string::npos)
      << with_fake.err;
}

TEST(BackendSeam, AVniHeldOnAFakeHostRefusesThatHostOnly) {
  DCOD_REQUIRE_ROOT();
  SeamLab seam(k_mixed);
  seam.set_fake("fk1", Json{{"foreign", {{"200", "scenario 'other'"}}}});
  CommandResult create = seam.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1) << create.out;
  EXPECT_NE(create.out.find("fk1: VNI 200 is already used by scenario 'other' (fake device 200)"),
            std::string::npos)
      << create.out;
  EXPECT_TRUE(seam.fake("fk1")["vms"].empty()) << "nothing was touched on fk1";
  EXPECT_TRUE(seam.ping("a1", "10.1.0.2")) << "the netns hosts converged";
}

}  // namespace dcod::test
