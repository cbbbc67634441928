// The backend registry: the built-in backends, their traits as the language takes them, and
// the objects of one run made through the factory of each host's backend.

#include <gtest/gtest.h>

#include "registry.h"
#include "scenario_builder.h"

namespace dcod::plugins {

TEST(BackendRegistry, HoldsTheBuiltInBackendsAndTheirTraits) {
  BackendRegistry registry;
  register_builtin_backends(registry);
  ASSERT_NE(registry.find("netns"), nullptr);
  ASSERT_NE(registry.find("virtualbox"), nullptr);
  EXPECT_EQ(registry.find("vbox"), nullptr);
  core::BackendCatalog catalog = registry.catalog();
  ASSERT_EQ(catalog.size(), 2u);
  EXPECT_TRUE(catalog[0].simulates);
  EXPECT_TRUE(catalog[1].needs_proxy);
  EXPECT_TRUE(registry.find("netns")->serves_site);
}

TEST(BackendRegistry, EveryHostGetsItsBackendsObjectAndTheSiteIsAlwaysThere) {
  BackendRegistry registry;
  register_builtin_backends(registry);
  core::Scenario s = test::valid_scenario(test::scenario_xml(
      "  <host name=\"vb\" backend=\"virtualbox\" os=\"windows\" address=\"192.0.2.9\">"
      "<proxy vm=\"p\" underlay-address=\"198.51.100.9\"/></host>\n"));
  core::Placement placement{std::vector<std::uint32_t>(s.vms.size(), 0)};
  BackendContext ctx{s, placement, s.hosts, {}, {}, std::chrono::seconds(1), 0};
  auto run = registry.create(ctx);
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_EQ(run->hosts.size(), 1u);
  EXPECT_NE(run->site, nullptr) << "the director's site, though no host is netns";
  EXPECT_EQ(run->hosts[0]->endpoint()->address, "198.51.100.9")
      << "a static proxy address, known without contacting the host";
  ctx.hosts[0].backend = "nosuch";
  auto unknown = registry.create(ctx);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("backend 'nosuch'"), std::string::npos);
}

TEST(BackendRegistry, ASecretThatCannotBeReadStopsTheRunBeforeAnyHost) {
  BackendRegistry registry;
  register_builtin_backends(registry);
  core::Scenario s = test::valid_scenario(test::scenario_xml(
      "  <host name=\"srv\" address=\"203.0.113.7\" password-env=\"DCOD_TEST_UNSET_SECRET\"/>\n"));
  core::Placement placement{std::vector<std::uint32_t>(s.vms.size(), 0)};
  auto run =
      registry.create(BackendContext{s, placement, s.hosts, {}, {}, std::chrono::seconds(1), 0});
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::invalid);
  EXPECT_NE(run.error().message.find("DCOD_TEST_UNSET_SECRET is not set"), std::string::npos);
}

}  // namespace dcod::plugins
