// Hostile and broken tools in the desk lab: the `ip` that changes one simulated host prints an
// enormous answer, never answers, or fails with terminal escapes. dcod bounds the time and the
// output of that host's work, reports it with an error that names what it ran, leaves nothing
// running, and converges the other hosts.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "desk_lab.h"
#include "util/printable.h"

namespace dcod::test {

namespace {

const std::string k_three_hosts = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/><host name="hv3"/>
  <net name="blue" vni="100"/>
  <vm name="a1" host="hv1"><if id="0" net="blue"><ipv4>10.1.0.1/24</ipv4></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue"><ipv4>10.1.0.2/24</ipv4></if></vm>
  <vm name="a3" host="hv3"><if id="0" net="blue"><ipv4>10.1.0.3/24</ipv4></if></vm>
)";

/// A directory with a fake `ip` that misbehaves as `script` says for the work of hv3's
/// namespace and is the real `ip` for everything else; for the front of dcod's PATH.
std::string fake_ip_for(const DeskLab& lab, const std::string& script) {
  const std::string dir = temp_dir() + "/" + lab.name() + "-fake-ip";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/ip") << "#!/bin/sh\nREAL=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "
                                "ip)\ncase \"$*\" in *"
                             << lab.host_ns("hv3") << "*) " << script
                             << " ;; *) exec \"$REAL\" \"$@\" ;; esac\n";
  std::filesystem::permissions(dir + "/ip", std::filesystem::perms::owner_all);
  return dir;
}

/// True while a process runs whose command line holds the sleep of the fake that never
/// answers (the pattern, with its backslash, does not match the grep that looks for it).
bool hang_runs() {
  return DeskLab::sh("grep -l -a -e '600\\.4711' /proc/[0-9]*/cmdline 2>/dev/null").exit_status ==
         0;
}

struct Misbehaviour {
  std::string name;
  std::string script;
  std::string error;    // what the report of hv3 says
  std::string timeout;  // DCOD_SCRIPT_TIMEOUT: short where the tool hangs, ample elsewhere
};

}  // namespace

TEST(DeskLabHostile, AHostWhoseIpMisbehavesFailsAloneAndLeavesNothingRunning) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(k_three_hosts);
  const std::vector<Misbehaviour> cases = {
      {"an enormous answer", "head -c 300000000 /dev/zero | tr '\\000' x; exit 0",
       "printed more than 256 MiB", "120"},
      {"no answer", "exec sleep 600.4711", "timed out after 3 s", "3"},
      {"terminal escapes", "printf '\\033[2J\\033]0;owned\\007boom\\n' >&2; exit 1",
       "\\x1b[2J\\x1b]0;owned\\x07boom", "120"},
  };
  for (const Misbehaviour& m : cases) {
    SCOPED_TRACE("hv3's ip: " + m.name);
    const std::string path = fake_ip_for(lab, m.script) + ":" + std::getenv("PATH");
    CommandResult r = lab.dcod({"--create"}, {"PATH=" + path, "DCOD_SCRIPT_TIMEOUT=" + m.timeout});
    EXPECT_EQ(r.exit_status, 1) << printable(r.out) << printable(r.err);
    EXPECT_NE(r.out.find("hv3: "), std::string::npos) << printable(r.out);
    EXPECT_NE(r.out.find(m.error), std::string::npos) << printable(r.out);
    EXPECT_EQ(printable(r.out), r.out) << "nothing the tool printed reaches the terminal raw";
    EXPECT_EQ(printable(r.err), r.err);
    EXPECT_LT(r.out.size(), 64u << 10) << "the report is not the tool's output";
    EXPECT_EQ(r.out.find("run the same command again") != std::string::npos, m.name == "no answer")
        << "only a timeout may pass on a retry:\n"
        << printable(r.out);
    EXPECT_FALSE(hang_runs()) << "the tool that never answered was ended with its run";
    EXPECT_TRUE(lab.ping("a1", "10.1.0.2")) << "hv1 and hv2 converged";
  }
  CommandResult healed = lab.dcod({"--create"});
  EXPECT_EQ(healed.exit_status, 0) << healed.out << healed.err;
  EXPECT_TRUE(lab.ping("a1", "10.1.0.3"));
}

}  // namespace dcod::test
