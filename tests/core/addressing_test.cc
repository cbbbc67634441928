// Layer-3 checks of --validate that warn rather than refuse (the refusals are in the invalid
// corpus: route-gateway-off-link, route-via-own-address, underlay-overlaps-vm-subnet).

#include <gtest/gtest.h>

#include "test_support.h"

namespace dcod::test {

TEST(Addressing, VmsOfOneNetInTwoSubnetsAreAWarningNamingBoth) {
  std::string file = write_temp_file("two-subnets.xml", R"(<scenario name="t" version="1">
  <host name="hv1"/>
  <host name="hv2"/>
  <net name="blue" vni="100"/>
  <vm name="a1"><if id="0" net="blue"><ipv4>10.0.0.1/24</ipv4><ipv6>fd00:1::1/64</ipv6></if></vm>
  <vm name="a2"><if id="0" net="blue"><ipv4>10.0.0.2/24</ipv4><ipv6>fd00:1::2/64</ipv6></if></vm>
  <vm name="a3"><if id="0" net="blue"><ipv4>10.0.1.3/24</ipv4><ipv6>fd00:2::3/64</ipv6></if></vm>
</scenario>
)");
  CommandResult r = run_dcod({"-f", file, "--validate"});
  EXPECT_EQ(r.exit_status, 0) << "a warning: " << r.err;
  EXPECT_NE(r.err.find(file +
                       ":7:17: /scenario/vm[a3]/if[0]: warning: address 10.0.1.3/24 of a3 "
                       "on net 'blue' is not in the subnet 10.0.0.0/24 of a1 (" +
                       file +
                       ":5) (VMs on one net reach each other directly only within one "
                       "subnet)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("address fd00:2::3/64 of a3 on net 'blue' is not in the subnet fd00:1::/64 "
                       "of a1 (" +
                       file + ":5)"),
            std::string::npos)
      << "IPv6 alike: " << r.err;
  EXPECT_EQ(r.err.find("of a2"), std::string::npos) << "a2 shares a1's subnet: " << r.err;
}

}  // namespace dcod::test
