#include "model/address.h"

#include <gtest/gtest.h>

namespace dcod::core {

TEST(MacAddress, ParsesColonHexOnly) {
  auto mac = parse_mac("02:00:0A:ff:01:01");
  ASSERT_TRUE(mac);
  EXPECT_EQ(mac->to_string(), "02:00:0a:ff:01:01");
  EXPECT_FALSE(parse_mac("02-00-00-00-00-01"));
  EXPECT_FALSE(parse_mac("02:00:00:00:00"));
  EXPECT_FALSE(parse_mac("02:00:00:00:00:0g"));
  EXPECT_FALSE(parse_mac("02:00:00:00:00:001"));
}

TEST(MacAddress, KnowsMulticastAndZero) {
  EXPECT_TRUE(parse_mac("01:00:5e:00:00:01")->is_multicast());
  EXPECT_TRUE(parse_mac("ff:ff:ff:ff:ff:ff")->is_multicast());
  EXPECT_FALSE(parse_mac("02:00:00:00:00:01")->is_multicast());
  EXPECT_TRUE(parse_mac("00:00:00:00:00:00")->is_zero());
}

TEST(IpPrefix, ParsesBothFamiliesWithRequiredLength) {
  auto v4 = parse_ip_prefix("10.1.0.1/24", IpFamily::v4);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->to_string(), "10.1.0.1/24");
  auto v6 = parse_ip_prefix("fd00:1:0::1/64", IpFamily::v6);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->to_string(), "fd00:1::1/64");
  EXPECT_FALSE(parse_ip_prefix("10.1.0.1", IpFamily::v4));
  EXPECT_FALSE(parse_ip_prefix("10.1.0.1/33", IpFamily::v4));
  EXPECT_FALSE(parse_ip_prefix("10.1.0.1/", IpFamily::v4));
  EXPECT_FALSE(parse_ip_prefix("10.1.0.1/2x", IpFamily::v4));
  EXPECT_FALSE(parse_ip_prefix("fd00::1/64", IpFamily::v4));
  EXPECT_FALSE(parse_ip_prefix("10.1.0.256/24", IpFamily::v4));
  EXPECT_FALSE(parse_ip_prefix("fd00::1/129", IpFamily::v6));
}

TEST(IpPrefix, RecognisesNetworkAndBroadcastAddresses) {
  EXPECT_TRUE(parse_ip_prefix("10.0.0.0/24", IpFamily::v4)->is_network_or_broadcast());
  EXPECT_TRUE(parse_ip_prefix("10.0.0.255/24", IpFamily::v4)->is_network_or_broadcast());
  EXPECT_FALSE(parse_ip_prefix("10.0.0.1/24", IpFamily::v4)->is_network_or_broadcast());
  EXPECT_FALSE(parse_ip_prefix("10.0.0.0/31", IpFamily::v4)->is_network_or_broadcast());
  EXPECT_TRUE(parse_ip_prefix("fd00::/64", IpFamily::v6)->is_network_or_broadcast());
  EXPECT_FALSE(
      parse_ip_prefix("fd00::ffff:ffff:ffff:ffff/64", IpFamily::v6)->is_network_or_broadcast());
}

TEST(IpPrefix, NetworkAndUsableHosts) {
  auto p = parse_ip_prefix("198.18.0.77/24", IpFamily::v4);
  EXPECT_EQ(p->network().to_string(), "198.18.0.0/24");
  EXPECT_EQ(p->usable_v4_hosts(), 254u);
  EXPECT_EQ(parse_ip_prefix("198.18.0.0/30", IpFamily::v4)->usable_v4_hosts(), 2u);
}

}  // namespace dcod::core
