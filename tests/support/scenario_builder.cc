#include "scenario_builder.h"

#include <gtest/gtest.h>

#include "validate/validator.h"

namespace dcod::test {

core::Scenario valid_scenario(const std::string& xml) {
  core::LoadResult result = core::load_valid_scenario_text(xml, "test.xml");
  EXPECT_FALSE(result.diagnostics.has_errors()) << result.diagnostics.format_all();
  if (!result.scenario) return core::Scenario{};
  return std::move(*result.scenario);
}

std::string scenario_xml(const std::string& body) {
  return "<scenario name=\"t\" version=\"1\">\n" + body + "</scenario>\n";
}

}  // namespace dcod::test
