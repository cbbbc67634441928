#include "scenario_builder.h"

#include <gtest/gtest.h>

#include <random>

#include "desire/desired_state.h"
#include "registry.h"
#include "validate/validator.h"

namespace dcod::test {

const core::BackendCatalog& builtin_backends() {
  static const core::BackendCatalog catalog = [] {
    plugins::BackendRegistry registry;
    plugins::register_builtin_backends(registry);
    return registry.catalog();
  }();
  return catalog;
}

core::Scenario valid_scenario(const std::string& xml) {
  core::LoadResult result = core::load_valid_scenario_text(xml, "test.xml", builtin_backends());
  EXPECT_FALSE(result.diagnostics.has_errors()) << result.diagnostics.format_all();
  if (!result.scenario) return core::Scenario{};
  return std::move(*result.scenario);
}

std::vector<core::Endpoint> endpoints_of(const core::Scenario& s) {
  std::vector<core::Endpoint> out;
  std::uint64_t simulated = 0;
  for (const core::Host& h : s.hosts) {
    std::string address = h.underlay_address;
    if (h.is_simulated()) address = core::nth_address(s.global.underlay_subnet, ++simulated);
    if (address.empty() && h.backend == "netns") address = h.address;
    if (address.empty() && h.proxy) address = h.proxy->underlay_address;
    out.push_back({h.name, address});
  }
  return out;
}

std::string random_scenario_body(std::uint32_t seed, int hosts, int nets, int vms) {
  std::mt19937 rng(seed);
  std::string xml;
  for (int h = 0; h < hosts; ++h) xml += "  <host name=\"h" + std::to_string(h) + "\"/>\n";
  for (int n = 0; n < nets; ++n)
    xml += "  <net name=\"n" + std::to_string(n) + "\" vni=\"" + std::to_string(n + 1) + "\"/>\n";
  for (int v = 0; v < vms; ++v) {
    xml += "  <vm name=\"v" + std::to_string(v) + "\"" + (v == 0 ? " host=\"h0\"" : "") + ">";
    const int interfaces = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < interfaces; ++i)
      xml += "<if id=\"" + std::to_string(i) + "\" net=\"n" + std::to_string(rng() % nets) + "\"/>";
    xml += "</vm>\n";
  }
  return xml;
}

std::string scenario_xml(const std::string& body) {
  return "<scenario name=\"t\" version=\"1\">\n" + body + "</scenario>\n";
}

}  // namespace dcod::test
