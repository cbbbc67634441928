#pragma once

#include <string_view>
#include <vector>

#include "app/cli_options.h"
#include "registry.h"

namespace dcod::app {

/// Exit statuses of the contract (DESIGN §5).
enum ExitStatus : int {
  k_exit_ok = 0,
  k_exit_failed = 1,
  k_exit_usage = 2,
  k_exit_changes_pending = 3,
};

/// What a mode is given: the command line, and the backends this dcod has (no mode names one).
struct Invocation {
  const CliOptions& options;
  const plugins::BackendRegistry& backends;
};

/// One thing dcod can do, as a row of the mode table (ninja's tool table).
struct Mode {
  std::string_view name;                     // the option that selects it, without "--"
  std::string_view arguments;                // shown in --help after the option
  std::string_view description;              // one line for --help
  std::vector<std::string_view> formats;     // accepted --format values; the first is the default
  int (*run)(const Invocation& invocation);  // nullptr: not implemented in this build
};

/// Every mode, in the order --help lists them.
const std::vector<Mode>& modes();
/// The mode called `name`, or nullptr.
const Mode* find_mode(std::string_view name);

/// Mode functions, one file each.
int run_validate(const Invocation& invocation);
int run_seg_info(const Invocation& invocation);
int run_show(const Invocation& invocation);
int run_create(const Invocation& invocation);
int run_destroy(const Invocation& invocation);
int run_plan(const Invocation& invocation);
int run_status(const Invocation& invocation);
int run_exec(const Invocation& invocation);
int run_sequence(const Invocation& invocation);
int run_convert(const Invocation& invocation);

/// dcod's whole command line with the backends of `backends` (main() registers the built-in
/// ones; a test build may add its own); returns the exit status.
int run_dcod(int argc, char** argv, const plugins::BackendRegistry& backends);

}  // namespace dcod::app
