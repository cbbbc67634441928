#pragma once

// The element grammar of VNX 2.0 (VNX's vnx-2.00.xsd) as data, in the form of dcod's own: every
// element and attribute VNX knows is here, so that an unknown one is an error with a
// did-you-mean, and what dcod cannot do is told apart from a typo.

#include "load/grammar.h"

namespace dcod::core {

/// The grammar of a VNX 2.0 scenario (root <vnx>).
const Grammar& vnx_grammar();

}  // namespace dcod::core
