// The state directory when things go wrong: read-only, full, or its record damaged. Nothing is
// half-written (the record before stays whole), each case is one clear message, and the
// markers on the hosts still let --create and --destroy find what the scenario owns.

#include <gtest/gtest.h>
#include <sys/mount.h>

#include <filesystem>

#include "desk_lab.h"
#include "state/state_record.h"

namespace dcod::test {

namespace {

/// a1 on hv1 and a2 on hv2 on one net; with hv3, also a3 there.
std::string scenario(bool with_hv3) {
  return std::string(R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/>)") +
         (with_hv3 ? "<host name=\"hv3\"/>" : "") + R"(
  <net name="blue" vni="100"/>
  <vm name="a1" host="hv1"><if id="0" net="blue"><ipv4>10.1.0.1/24</ipv4></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue"><ipv4>10.1.0.2/24</ipv4></if></vm>
)" +
         (with_hv3
              ? R"(<vm name="a3" host="hv3"><if id="0" net="blue"><ipv4>10.1.0.3/24</ipv4></if></vm>
)"
              : "");
}

/// A small tmpfs on `dir` for one test, unmounted when it ends (also when it fails).
class SmallFileSystem {
 public:
  explicit SmallFileSystem(const std::string& dir) : m_dir(dir) {
    std::filesystem::create_directories(dir);
    m_mounted = ::mount("dcod-test", dir.c_str(), "tmpfs", 0, "size=64k") == 0;
  }
  ~SmallFileSystem() {
    if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
  }
  bool mounted() const { return m_mounted; }
  bool read_only() const {
    return ::mount(nullptr, m_dir.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }
  /// Fills it up to the last byte with a file that fill() leaves there.
  void fill() const {
    DeskLab::sh("dd if=/dev/zero of=" + m_dir + "/filler bs=4k 2>/dev/null; sync");
  }
  void empty() const { std::filesystem::remove(m_dir + "/filler"); }

 private:
  std::string m_dir;
  bool m_mounted = false;
};

std::string record_of(const DeskLab& lab) {
  return read_file(lab.state_dir() + "/state.json");
}

}  // namespace

TEST(DeskLabState, AReadOnlyStateDirectoryStopsTheRunBeforeAnythingIsTouched) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(scenario(false));
  SmallFileSystem fs(lab.state_dir());
  ASSERT_TRUE(fs.mounted());
  ASSERT_TRUE(fs.read_only());
  CommandResult create = lab.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 1) << create.out << create.err;
  EXPECT_NE(create.err.find("cannot open the lock " + lab.state_dir() + "/lock: Read-only"),
            std::string::npos)
      << create.err;
  EXPECT_NE(create.err.find("give --state-dir a writable directory"), std::string::npos)
      << create.err;
  EXPECT_TRUE(lab.namespaces().empty()) << "nothing was touched";
}

TEST(DeskLabState, AFullStateDirectoryKeepsTheRecordBeforeAndSaysSo) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(scenario(true));
  SmallFileSystem fs(lab.state_dir());
  ASSERT_TRUE(fs.mounted());
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  const std::string before = record_of(lab);
  ASSERT_NE(before.find("\"hv3\""), std::string::npos);
  // hv3 leaves the scenario while the disk is full: the hosts converge, the record cannot
  // follow, and the run says so and fails.
  lab.rewrite(scenario(false));
  fs.fill();
  CommandResult full = lab.dcod({"--create"});
  EXPECT_EQ(full.exit_status, 1) << full.out << full.err;
  EXPECT_NE(full.err.find("cannot write " + lab.state_dir() +
                          "/state.json: No space left on device; the record before stays"),
            std::string::npos)
      << full.err;
  EXPECT_NE(full.err.find("free some space"), std::string::npos) << full.err;
  EXPECT_EQ(record_of(lab), before) << "the record before is whole";
  EXPECT_FALSE(std::filesystem::exists(lab.state_dir() + "/state.json.tmp"));
  EXPECT_EQ(lab.dcod({"--plan"}).exit_status, 0) << "the hosts converged all the same";
  fs.empty();
  CommandResult again = lab.dcod({"--create"});
  EXPECT_EQ(again.exit_status, 0) << again.out << again.err;
  EXPECT_EQ(record_of(lab).find("\"hv3\""), std::string::npos) << record_of(lab);
}

TEST(DeskLabState, ADamagedRecordIsIgnoredWithAWarningAndTheMarkersStillFindEverything) {
  DCOD_REQUIRE_ROOT();
  DeskLab lab(scenario(true));
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  const std::string record = record_of(lab);
  // Cut in half, as a disk that lost the end of the file would leave it.
  write_temp_file(lab.name() + ".xml.state/state.json", record.substr(0, record.size() / 2));
  lab.rewrite(scenario(false));  // hv3 and a3 leave: only the markers tell they are there
  CommandResult create = lab.dcod({"--create"});
  EXPECT_EQ(create.exit_status, 0) << create.out << create.err;
  EXPECT_NE(create.err.find("dcod: warning: the state record " + lab.state_dir() +
                            "/state.json is damaged"),
            std::string::npos)
      << create.err;
  EXPECT_NE(create.err.find("it is ignored"), std::string::npos) << create.err;
  EXPECT_NE(create.out.find("host hv3"), std::string::npos) << "found by its namespace's name\n"
                                                            << create.out;
  EXPECT_EQ(lab.namespaces().size(), 5u)
      << "the underlay, two hosts, two VMs: " << ::testing::PrintToString(lab.namespaces());
  EXPECT_TRUE(core::parse_state_record(record_of(lab), "state.json").has_value())
      << "written whole again";
  write_temp_file(lab.name() + ".xml.state/state.json", "\x01\x02 not json at all");
  CommandResult destroy = lab.dcod({"--destroy"});
  EXPECT_EQ(destroy.exit_status, 0) << destroy.out << destroy.err;
  EXPECT_TRUE(lab.namespaces().empty());
}

}  // namespace dcod::test
