#pragma once

// Per-element readers used by the scenario loader; each turns one checked element into model data.

#include "load/element_reader.h"
#include "model/backend_traits.h"
#include "model/scenario.h"

namespace dcod::core {

/// Reads <global> and its children into `global`.
void read_global(const ElementReader& element, Global& global);
/// Reads one <host> (with its <proxy>) and checks it against its backend's traits.
Host read_host(const ElementReader& element, const BackendCatalog& backends);
/// Reads one <net>.
Net read_net(const ElementReader& element);
/// Reads one <vm> with its interfaces, routes, forwarding, exec sequences and image.
Vm read_vm(const ElementReader& element);
/// Reads <constraints> into the scenario's affinity and anti-affinity groups.
void read_constraints(const ElementReader& element, Scenario& scenario);

/// The chipset= of a <vm> or <proxy>; unspecified when absent (or bad, reported).
Chipset read_chipset(const ElementReader& element);

/// Checks an element against the grammar and its children recursively.
void check_tree(const ElementReader& element);

}  // namespace dcod::core
