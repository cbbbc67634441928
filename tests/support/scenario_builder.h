#pragma once

#include <string>

#include "model/scenario.h"

namespace dcod::test {

/// Loads and validates scenario text held in a test; fails the test (with every diagnostic)
/// when it is not valid.
core::Scenario valid_scenario(const std::string& xml);

/// Wraps body lines in <scenario name="t" version="1">...</scenario>.
std::string scenario_xml(const std::string& body);

}  // namespace dcod::test
