#pragma once

// A routed scenario for the end-to-end tests, without its hosts (hv1, hv2, hv3): a router VM
// r1 on hv2 (forwarding, an on_boot command adding 10.99.0.1 to its loopback) joins net blue
// (a1 on hv1) and net red (b1 on hv3), with static routes of both families on a1 and b1; and
// the same on three simulated hosts of the desk lab.

#include <string>

namespace dcod::test {

/// The nets and VMs of the routed scenario.
inline const std::string k_routed_nets_and_vms = R"(
  <net name="blue" vni="100"/>
  <net name="red" vni="200"/>
  <vm name="a1" host="hv1">
    <if id="0" net="blue"><ipv4>10.1.0.1/24</ipv4><ipv6>fd00:1::1/64</ipv6></if>
    <route gw="10.1.0.254">default</route>
    <route gw="fd00:1::fe">default</route>
  </vm>
  <vm name="r1" host="hv2">
    <if id="0" net="blue"><ipv4>10.1.0.254/24</ipv4><ipv6>fd00:1::fe/64</ipv6></if>
    <if id="1" net="red"><ipv4>10.2.0.254/24</ipv4><ipv6>fd00:2::fe/64</ipv6></if>
    <forwarding type="ip"/>
    <exec seq="on_boot">ip addr add 10.99.0.1/32 dev lo</exec>
  </vm>
  <vm name="b1" host="hv3">
    <if id="0" net="red"><ipv4>10.2.0.1/24</ipv4><ipv6>fd00:2::1/64</ipv6></if>
    <route gw="10.2.0.254">10.1.0.0/16</route>
    <route gw="fd00:2::fe">fd00:1::/64</route>
  </vm>
)";

/// The routed scenario on three simulated hosts of the desk lab, each VM pinned as above.
inline const std::string k_routed = R"(
  <global><segmentation algorithm="static"/></global>
  <host name="hv1"/><host name="hv2"/><host name="hv3"/>
)" + k_routed_nets_and_vms;

}  // namespace dcod::test
