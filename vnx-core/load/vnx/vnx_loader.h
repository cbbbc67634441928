#pragma once

// VNX 2.0 as a second input language: a <vnx> document mapped onto dcod's model. A VNX file
// names no hypervisor, so its hosts (with dcod's <global> and any VNIs pinned by net name) come
// from a hosts file or from the desk lab.

#include "load/diagnostics.h"
#include "load/element_reader.h"
#include "model/scenario.h"

namespace dcod::core {

/// Reads the <vnx> document `root` into `scenario`, on the hosts, <global> and pinned nets of
/// `hosts`; findings go where `root` reports them.
void read_vnx_scenario(const ElementReader& root, const Scenario& hosts, Scenario& scenario,
                       Diagnostics& diagnostics);

}  // namespace dcod::core
