#pragma once

// Per-element readers used by the scenario loader; each turns one checked element into model data.

#include <optional>
#include <string>

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

/// Adds `text`, an address with its prefix length, to `iface`; a bad one is reported at `e`.
void add_interface_address(const ElementReader& e, const std::string& text, IpFamily family,
                           Interface& iface);
/// `route` (its gateway set) to the destination in `e`'s text: "default" or a prefix of the
/// gateway's family without host bits; nullopt when it is in error (reported).
std::optional<Route> route_to_text(const ElementReader& e, Route route);
/// Reads <forwarding type="ip|ipv4|ipv6"> (dcod's and VNX's alike).
Forwarding read_forwarding(const ElementReader& e);

/// Checks an element against the grammar and its children recursively.
void check_tree(const ElementReader& element);

}  // namespace dcod::core
