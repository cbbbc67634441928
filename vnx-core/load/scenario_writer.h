#pragma once

// The model written back as scenario language version 1: what `dcod convert` writes for a VNX
// file, so that a user can move over to dcod's own language for good. Loading what it writes
// gives the same model (a test holds it to that).

#include <string>

#include "model/scenario.h"

namespace dcod::core {

/// The scenario as dcod XML (version 1); `comment` goes in an XML comment at the top.
std::string write_scenario(const Scenario& scenario, const std::string& comment = {});

}  // namespace dcod::core
