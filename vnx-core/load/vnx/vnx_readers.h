#pragma once

// Per-element readers of the VNX mapping (vnx_loader.cc drives them); each turns one checked
// VNX element into model data, and tells what it cannot carry out to `UnsupportedFeatures`.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "load/element_reader.h"
#include "load/vnx/vnx_unsupported.h"
#include "model/scenario.h"

namespace dcod::core {

/// A <cmd-seq>: the sequences that running it runs, in order.
struct CommandSequence {
  std::vector<std::string> members;
  std::optional<ElementReader> element;  // where it is written, for messages
};

/// What <vm_defaults> gives every VM that does not say otherwise.
struct VmDefaults {
  std::optional<std::uint64_t> memory_mb;
  std::optional<Forwarding> forwarding;
};

/// What the readers of one VNX file share.
struct VnxReading {
  UnsupportedFeatures unsupported;
  VmDefaults defaults;
  std::map<std::string, CommandSequence> global_sequences;                     // <global><cmd-seq>
  std::map<std::string, std::map<std::string, CommandSequence>> vm_sequences;  // per VM name
};

/// Reads <global>: the scenario name, the version, cmd-seq, vm_defaults, the rest reported.
void read_vnx_global(const ElementReader& e, Scenario& scenario, VnxReading& reading);
/// Reads one <net> (its VNI is given later, once every net is known).
Net read_vnx_net(const ElementReader& e, VnxReading& reading);
/// Reads one <vm>.
Vm read_vnx_vm(const ElementReader& e, VnxReading& reading);
/// Reads <host>: the director's own interfaces and routes, as the director VM "host"; nullopt
/// when it has no <hostif>.
std::optional<Vm> read_vnx_host(const ElementReader& e, VnxReading& reading);

/// Reads a <cmd-seq> into `into`, reporting a second one of the same name.
void read_command_sequence(const ElementReader& e, std::map<std::string, CommandSequence>& into);
/// Reads <route type gw>; nullopt when it is in error (reported).
std::optional<Route> read_vnx_route(const ElementReader& e);
/// Reads <exec seq type>: one Exec per sequence it names.
std::vector<Exec> read_vnx_exec(const ElementReader& e, VnxReading& reading);
/// Reads an <ipv4> or <ipv6> of an <if> or <hostif> into `iface`.
void read_vnx_address(const ElementReader& e, IpFamily family, Interface& iface,
                      VnxReading& reading);

}  // namespace dcod::core
