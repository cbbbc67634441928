// `dcod --netns-batch` must do inside a VM exactly what `ip -batch` does with the same lines:
// the lines dcod writes for a VM's interfaces, carried out through rtnetlink in one process, leave
// a namespace as iproute2 leaves another; a failed line is told as iproute2 tells it and stops
// no other; the caller's own namespace never changes.

#include "netlink/netns_batch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "desk_lab.h"
#include "netlink/ip_line.h"
#include "netlink/netns_reader.h"
#include "netns/netns_steps.h"

namespace dcod::plugins {

namespace {

core::DesiredInterface interface_with(std::vector<std::string> prefixes) {
  core::DesiredInterface i;
  i.id = 0;
  i.mac = *core::parse_mac("02:00:00:00:0a:01");
  i.mtu = 1400;
  for (const std::string& p : prefixes) {
    bool v6 = p.find(':') != std::string::npos;
    i.addresses.push_back(*core::parse_ip_prefix(p, v6 ? core::IpFamily::v6 : core::IpFamily::v4));
  }
  return i;
}

/// A namespace with a veth pair (eth0 inside, its peer p0 beside it), as a VM's is made.
struct VmNamespace {
  std::string name;
  explicit VmNamespace(const std::string& tag)
      : name("dcodtest-nb-" + tag + "-" + std::to_string(::getpid())) {
    test::DeskLab::sh("ip netns add " + name + " && ip -n " + name +
                      " link add p0 address 02:00:00:00:0b:01 type veth peer name eth0"
                      " address 02:00:00:00:0a:01 mtu 1400 && ip -n " +
                      name + " link set p0 mtu 1400 up");
  }
  ~VmNamespace() { test::DeskLab::sh("ip netns del " + name); }
};

/// What `ip -d` tells of eth0 and lo that the reader does not: the address generation mode.
std::string generation_mode(const std::string& netns) {
  std::string out = test::DeskLab::sh("ip -n " + netns + " -d link show eth0").out;
  std::size_t at = out.find("addrgenmode ");
  return at == std::string::npos ? "" : out.substr(at, out.find(' ', at + 12) - at);
}

/// Runs lines through the batch tool, each prefixed with the namespace; its output and status.
std::pair<int, std::string> batch(const std::string& netns, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l.empty() ? "\n" : netns + " " + l + "\n";
  std::istringstream in(text);
  std::ostringstream out;
  int status = run_netns_batch(in, out);
  return {status, out.str()};
}

std::string own_namespace() {
  return std::filesystem::read_symlink("/proc/thread-self/ns/net").string();
}

void expect_same(const std::string& by_tool, const std::string& by_ip) {
  auto a = read_netns(by_tool), b = read_netns(by_ip);
  ASSERT_TRUE(a && b);
  for (const char* name : {"lo", "eth0", "p0"}) {
    const LinuxLink *x = a->link(name), *y = b->link(name);
    ASSERT_TRUE(x && y) << name;
    EXPECT_EQ(x->up, y->up) << name;
    EXPECT_EQ(x->mtu, y->mtu) << name;
    EXPECT_EQ(x->mac, y->mac) << name;
    EXPECT_EQ(x->alias, y->alias) << name;
    auto p = x->addresses, q = y->addresses;
    std::sort(p.begin(), p.end());
    std::sort(q.begin(), q.end());
    EXPECT_EQ(p, q) << name;
  }
  EXPECT_EQ(generation_mode(by_tool), generation_mode(by_ip));
}

}  // namespace

TEST(IpLine, ReadsEveryLineDcodWritesForAVmsInterfaces) {
  for (bool fresh : {true, false}) {
    for (const auto& prefixes : std::vector<std::vector<std::string>>{
             {}, {"10.1.0.1/24"}, {"10.1.0.1/24", "fd00:1::1/64"}, {"fd00:1::1/64"}}) {
      for (const std::string& line : guest_lines("eth0", interface_with(prefixes), fresh)) {
        auto request = parse_ip_line(line);
        EXPECT_TRUE(request) << line << ": " << request.error().message;
      }
    }
  }
  auto marker = parse_ip_line("link set lo alias dcod:s:host:hv1 up");
  ASSERT_TRUE(marker);
  const auto& set = std::get<LinkSet>(*marker);
  EXPECT_EQ(set.device, "lo");
  EXPECT_EQ(set.alias, "dcod:s:host:hv1");
  EXPECT_EQ(set.up, true);
}

TEST(IpLine, RefusesWhatItDoesNotKnowByName) {
  for (const char* line :
       {"route add default via 10.0.0.1", "link set eth0 promisc on", "addr add 10.0.0.1 dev eth0",
        "addr add 10.0.0.1/24", "addr flush dev eth0", "link set eth0 mtu 14x0", "link set"}) {
    auto request = parse_ip_line(line);
    ASSERT_FALSE(request) << line;
    EXPECT_NE(request.error().message.find("not a line dcod writes"), std::string::npos);
  }
}

TEST(NetnsBatch, LeavesAVmAsIpBatchLeavesItFreshAndChanged) {
  DCOD_REQUIRE_ROOT();
  VmNamespace by_tool("tool"), by_ip("ip");
  auto lines = [](bool fresh, const std::vector<std::string>& prefixes) {
    std::vector<std::string> out = {"link set lo alias dcod:t:host:hv1 up"};
    for (std::string& l : guest_lines("eth0", interface_with(prefixes), fresh)) out.push_back(l);
    return out;
  };
  const std::string before = own_namespace();
  for (const auto& [fresh, prefixes] : std::vector<std::pair<bool, std::vector<std::string>>>{
           {true, {"10.1.0.1/24", "fd00:1::1/64"}},
           {false, {"10.1.0.2/24", "10.1.0.3/24", "fd00:1::2/64"}},
           {false, {"10.2.0.1/16"}}}) {
    auto [status, out] = batch(by_tool.name, lines(fresh, prefixes));
    EXPECT_EQ(status, 0) << out;
    std::string text;
    for (const std::string& l : lines(fresh, prefixes)) text += l + "\n";
    auto ip =
        test::DeskLab::sh("ip -n " + by_ip.name + " -force -batch - <<'EOF'\n" + text + "EOF");
    ASSERT_EQ(ip.exit_status, 0) << ip.err;
    expect_same(by_tool.name, by_ip.name);
  }
  EXPECT_EQ(own_namespace(), before) << "the caller's namespace is its own still";
}

TEST(NetnsBatch, AFailedLineIsToldAsIproute2TellsItAndStopsNoOther) {
  DCOD_REQUIRE_ROOT();
  VmNamespace vm("fail");
  auto [status, out] = batch(
      vm.name, {"addr add 10.1.0.1/24 dev eth0", "", "addr add 10.1.0.1/24 dev eth0",
                "link set nosuch up", "route add default via 10.1.0.254", "link set eth0 up"});
  EXPECT_EQ(status, 1);
  EXPECT_EQ(out.find("Command failed -:1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Command failed -:3\n"), std::string::npos) << "blank lines count: " << out;
  EXPECT_NE(out.find("Address already assigned"), std::string::npos)
      << "the kernel's words: " << out;
  EXPECT_NE(out.find("Cannot find device \"nosuch\"\nCommand failed -:4\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("not a line dcod writes: route add\nCommand failed -:5\n"), std::string::npos)
      << out;
  EXPECT_EQ(out.find("Command failed -:6"), std::string::npos) << out;
  auto seen = read_netns(vm.name);
  ASSERT_TRUE(seen);
  EXPECT_TRUE(seen->link("eth0")->up) << "the line after the failed ones ran";
}

TEST(NetnsBatch, ANamespaceThatIsNotThereFailsItsLinesOnly) {
  DCOD_REQUIRE_ROOT();
  VmNamespace vm("there");
  std::istringstream in("dcodtest-nb-absent-" + std::to_string(::getpid()) + " link set lo up\n" +
                        vm.name + " link set lo alias dcod:t:host:hv2\n");
  std::ostringstream out;
  EXPECT_EQ(run_netns_batch(in, out), 1);
  EXPECT_NE(out.str().find("Cannot open network namespace \"dcodtest-nb-absent-"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("Command failed -:1\n"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("Command failed -:2"), std::string::npos) << out.str();
  auto seen = read_netns(vm.name);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->link("lo")->alias, "dcod:t:host:hv2");
}

}  // namespace dcod::plugins
