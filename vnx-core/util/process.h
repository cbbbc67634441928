#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "util/expected.h"

namespace dcod {

/// True when `program` is an executable file in one of the PATH directories.
bool program_on_path(const std::string& program);

/// Runs argv[0] (searched in PATH) with `input` on its stdin; stdout and stderr are inherited.
/// Returns the exit status, or an error when it could not start or was killed by a signal.
Expected<int> run_with_input(const std::vector<std::string>& argv, const std::string& input);

/// What a finished (or killed) child process left behind.
struct ProcessResult {
  int exit_status = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
  bool timed_out = false;
};

/// Runs argv (argv[0] searched in PATH) in its own process group with `input` on stdin,
/// capturing stdout and stderr together (neither can fill up and block the other). After
/// `timeout` the whole group is killed and `timed_out` is set. `extra_env` entries ("K=V")
/// override the inherited environment. An error only when the program cannot be started.
Expected<ProcessResult> run_captured(const std::vector<std::string>& argv, const std::string& input,
                                     std::chrono::milliseconds timeout,
                                     const std::vector<std::string>& extra_env = {});

}  // namespace dcod
