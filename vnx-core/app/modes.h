#pragma once

#include <string_view>
#include <vector>

#include "app/cli_options.h"

namespace dcod::app {

/// Exit statuses of the contract (DESIGN §5).
enum ExitStatus : int {
  k_exit_ok = 0,
  k_exit_failed = 1,
  k_exit_usage = 2,
  k_exit_changes_pending = 3,
};

/// One thing dcod can do, as a row of the mode table (ninja's tool table).
struct Mode {
  std::string_view name;                  // the option that selects it, without "--"
  std::string_view arguments;             // shown in --help after the option
  std::string_view description;           // one line for --help
  std::vector<std::string_view> formats;  // accepted --format values; the first is the default
  int (*run)(const CliOptions& options);  // nullptr: not implemented in this build
};

/// Every mode, in the order --help lists them.
const std::vector<Mode>& modes();
/// The mode called `name`, or nullptr.
const Mode* find_mode(std::string_view name);

/// Mode functions, one file each.
int run_validate(const CliOptions& options);
int run_seg_info(const CliOptions& options);
int run_show(const CliOptions& options);
int run_create(const CliOptions& options);
int run_destroy(const CliOptions& options);
int run_plan(const CliOptions& options);
int run_status(const CliOptions& options);
int run_exec(const CliOptions& options);
int run_sequence(const CliOptions& options);

}  // namespace dcod::app
