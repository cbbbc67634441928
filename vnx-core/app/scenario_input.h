#pragma once

#include <optional>
#include <string_view>

#include "app/cli_options.h"
#include "model/backend_traits.h"
#include "model/scenario.h"
#include "placement/placement.h"
#include "util/expected.h"

namespace dcod::app {

/// The scenario the command line names (or the built-in desk lab), loaded and validated against
/// the backends of `backends`. Prints every finding to stderr; nullopt when there was an error
/// (exit status 2).
std::optional<core::Scenario> load_scenario_for(const CliOptions& options,
                                                const core::BackendCatalog& backends);

/// The placement of the scenario's VMs by its segmentation algorithm, checked against the
/// backends the VMs land on; prints what went wrong and returns nullopt when segmentation fails
/// or something does not fit (exit status 2).
std::optional<core::Placement> place_for(const core::Scenario& scenario,
                                         const core::BackendCatalog& backends);

/// The text of examples/desk.xml, compiled into dcod as the default scenario.
std::string_view embedded_desk_scenario();

/// Writes text to -o OUT or stdout; false (and a message) when the file cannot be written.
bool write_output(const CliOptions& options, const std::string& text);

/// Prints an error on stderr as "dcod: ..." with its hint: the one way errors reach the user.
void print_error(const Error& error);
/// Prints something that does not stop the run as "dcod: warning: ..." with its hint.
void print_warning(const Error& warning);

}  // namespace dcod::app
