// Frames on the underlay, counted with tcpdump on a host's underlay NIC: ARP for a declared
// address is answered by the local proxy (no copy leaves the host); a broadcast the proxy cannot
// answer (an IPv4 broadcast ping) goes out once per other host that carries the VNI
// (span - 1), never once per host of the scenario.

#include <gtest/gtest.h>

#include "desk_lab.h"

namespace dcod::test {

namespace {

const std::string k_four_hosts = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/><host name="hv3"/><host name="hv4"/>
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a1" host="hv1"><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4></if></vm>
  <vm name="a3" host="hv3"><if id="0" net="blue" mac="02:00:00:00:01:03"><ipv4>10.1.0.3/24</ipv4></if></vm>
  <vm name="b1" host="hv1"><if id="0" net="red"><ipv4>10.2.0.1/24</ipv4></if></vm>
  <vm name="b4" host="hv4"><if id="0" net="red"><ipv4>10.2.0.4/24</ipv4></if></vm>
)";

/// Offsets into a VXLAN packet for tcpdump: 8 bytes of UDP header and 8 of VXLAN header come
/// before the inner frame, whose destination MAC is at udp[16], EtherType at udp[28] and, for
/// IPv4, protocol at udp[39].
const std::string k_inner_arp = "udp[28:2] = 0x0806";
const std::string k_inner_broadcast_ping =
    "udp[16:4] = 0xffffffff and udp[20:2] = 0xffff and udp[28:2] = 0x0800 and udp[39] = 1";

/// VXLAN packets matching `inner` that leave `host` for the underlay while `action` runs.
int copies_leaving(const DeskLab& lab, const std::string& host, const std::string& inner,
                   const std::string& action) {
  std::string pcap = lab.file() + "." + host + ".pcap";
  CommandResult r = DeskLab::sh(
      "ip netns exec " + lab.host_ns(host) + " tcpdump -i ul0 -Q out -nn -U -w " + pcap +
      " 'udp port 4789' >/dev/null 2>&1 & t=$!; sleep 1; " + action +
      " >/dev/null 2>&1; sleep 0.5; kill -INT $t; wait $t; "
      "tcpdump -nn -r " +
      pcap + " '" + inner + "' 2>/dev/null | grep -c VXLAN");  // one line per packet names VXLAN
  return std::stoi(r.out.empty() ? "-1" : r.out);
}

std::string arping(const DeskLab& lab, const std::string& vm, const std::string& address) {
  return "ip netns exec " + lab.vm_ns(vm) + " arping -c 1 -w 1 -I eth0 " + address;
}

std::string broadcast_ping(const DeskLab& lab, const std::string& vm, const std::string& address) {
  return "ip netns exec " + lab.vm_ns(vm) + " ping -b -c 1 -W 1 " + address;
}

}  // namespace

TEST(DeskLabFlood, ArpForADeclaredAddressIsAnsweredLocally) {
  DCOD_REQUIRE_ROOT();
  DCOD_REQUIRE_PROGRAM("tcpdump");
  DCOD_REQUIRE_PROGRAM("arping");
  DeskLab lab(k_four_hosts);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  EXPECT_EQ(DeskLab::sh(arping(lab, "a1", "10.1.0.2")).exit_status, 0) << "the proxy answers";
  EXPECT_EQ(copies_leaving(lab, "hv1", k_inner_arp, arping(lab, "a1", "10.1.0.2")), 0);
  // The same capture does see what does cross: the count above is not blind.
  EXPECT_GT(
      copies_leaving(lab, "hv1", k_inner_broadcast_ping, broadcast_ping(lab, "a1", "10.1.0.255")),
      0);
}

TEST(DeskLabFlood, ABroadcastGoesOncePerOtherHostOfItsVni) {
  DCOD_REQUIRE_ROOT();
  DCOD_REQUIRE_PROGRAM("tcpdump");
  DeskLab lab(k_four_hosts);
  ASSERT_EQ(lab.dcod({"--create"}).exit_status, 0);
  // blue spans hv1, hv2, hv3: two copies, not three (hv4 carries only red).
  EXPECT_EQ(
      copies_leaving(lab, "hv1", k_inner_broadcast_ping, broadcast_ping(lab, "a1", "10.1.0.255")),
      2);
  // red spans hv1 and hv4: one copy.
  EXPECT_EQ(
      copies_leaving(lab, "hv1", k_inner_broadcast_ping, broadcast_ping(lab, "b1", "10.2.0.255")),
      1);
}

}  // namespace dcod::test
