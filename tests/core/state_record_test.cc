// The state record: what it keeps of each host (its backend, how it is reached, where its
// tunnels end), and records of the earlier format.

#include "state/state_record.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "test_support.h"

namespace dcod::core {

TEST(StateRecord, KeepsEachHostsBackendReachAndEndPoint) {
  std::string dir = test::temp_dir() + "/record-roundtrip";
  StateRecord record;
  record.scenario = "s";
  RecordedHost vb;
  vb.name = "win1";
  vb.backend = "virtualbox";
  vb.address = "192.0.2.10";
  vb.endpoint = "198.51.100.10";
  vb.user = "vbox";
  vb.os = "windows";
  vb.vboxmanage = "D:\\VirtualBox\\VBoxManage.exe";
  vb.proxy_vm = "virtnet_proxy";
  vb.proxy_user = "virtnet";
  vb.proxy_identity = "/keys/proxy";
  RecordedHost sim;
  sim.name = "hv1";
  sim.simulated = true;
  sim.endpoint = "198.18.0.1";
  record.hosts = {vb, sim};
  ASSERT_TRUE(write_state_record(dir, record));
  auto back = read_state_record(dir);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->hosts, record.hosts);
  Host win1 = host_of_record(back->hosts[0]);
  EXPECT_EQ(win1.backend, "virtualbox");
  EXPECT_EQ(win1.os, HostOs::windows);
  EXPECT_EQ(win1.underlay_address, "198.51.100.10") << "the recorded end point stands";
  ASSERT_TRUE(win1.proxy) << "a departed VirtualBox host's VTEPs are still reached";
  EXPECT_EQ(win1.proxy->vm, "virtnet_proxy");
  EXPECT_EQ(win1.proxy->underlay_address, "198.51.100.10");
  EXPECT_EQ(win1.proxy->identity, "/keys/proxy");
  EXPECT_EQ(win1.vboxmanage, "D:\\VirtualBox\\VBoxManage.exe");
  EXPECT_TRUE(host_of_record(back->hosts[1]).is_simulated());
  EXPECT_FALSE(std::filesystem::exists(dir + "/state.json.tmp")) << "written, then renamed";
}

/// The inode of `path`: a file written anew (a temporary renamed over it) gets another one.
ino_t inode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST(StateRecord, AFileHoldingTheTextAlreadyIsLeftAloneAndAnyOtherIsReplaced) {
  std::string dir = test::temp_dir() + "/record-unchanged";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/state.json";
  ASSERT_TRUE(write_whole(path, "same\n"));
  ino_t first = inode_of(path);
  ASSERT_TRUE(write_whole(path, "same\n"));
  EXPECT_EQ(inode_of(path), first) << "a no-op run leaves its record as it was";
  ASSERT_TRUE(write_whole(path, "same"));
  EXPECT_NE(inode_of(path), first) << "a file that goes on past the text is replaced";
  EXPECT_EQ(test::read_file(path), "same");
  ino_t second = inode_of(path);
  ASSERT_TRUE(write_whole(path, "same\n"));
  EXPECT_NE(inode_of(path), second) << "a file that holds only the text's beginning is replaced";
  EXPECT_EQ(test::read_file(path), "same\n");
}

TEST(StateRecord, AFormatOneRecordIsReadAsNetnsHosts) {
  std::string dir = test::temp_dir() + "/record-format-1";
  std::filesystem::create_directories(dir);
  test::write_temp_file(
      "record-format-1/state.json",
      R"({"format":1,"scenario":"s","hosts":[)"
      R"({"name":"hv1","simulated":true,"address":"198.18.0.1","port":22,"user":"","identity":""},)"
      R"({"name":"srv","simulated":false,"address":"203.0.113.7","port":2222,"user":"root","identity":"/k"}]})");
  auto record = read_state_record(dir);
  ASSERT_TRUE(record) << record.error().message;
  ASSERT_EQ(record->hosts.size(), 2u);
  EXPECT_EQ(record->hosts[0].backend, "netns");
  EXPECT_EQ(record->hosts[0].endpoint, "198.18.0.1");
  EXPECT_EQ(record->hosts[0].address, "") << "a simulated host is reached on this machine";
  EXPECT_EQ(record->hosts[1].endpoint, "203.0.113.7");
  EXPECT_EQ(record->hosts[1].port, 2222);
}

TEST(StateRecord, ADamagedRecordIsAClearErrorAndNoRecordIsEmpty) {
  std::string dir = test::temp_dir() + "/record-damaged";
  std::filesystem::create_directories(dir);
  test::write_temp_file("record-damaged/state.json", "{\"format\":2,\"hosts\":[");
  auto damaged = read_state_record(dir);
  ASSERT_FALSE(damaged);
  EXPECT_NE(damaged.error().message.find("is damaged"), std::string::npos);
  auto none = read_state_record(test::temp_dir() + "/record-none");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->hosts.empty());
}

TEST(StateRecord, APortOutsideOneTo65535IsADamagedRecord) {
  for (const char* port : {"-22", "0", "65536", "22.5", "1e300"}) {
    std::string text =
        std::string("{\"format\":2,\"hosts\":[{\"name\":\"srv\",\"port\":") + port + "}]}";
    auto record = parse_state_record(text, "state.json");
    ASSERT_FALSE(record) << port;
    EXPECT_NE(record.error().message.find("host 'srv' has no port in 1..65535"), std::string::npos)
        << record.error().message;
  }
  auto fine = parse_state_record(R"({"format":2,"hosts":[{"name":"srv","port":2222}]})", "s");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->hosts.at(0).port, 2222);
}

}  // namespace dcod::core
