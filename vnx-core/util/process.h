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

/// Runs argv (argv[0] searched in PATH) with this process's stdin, stdout and stderr, for a
/// command that may use the terminal; its exit status (128 + signal when killed by one).
Expected<int> run_attached(const std::vector<std::string>& argv);

/// What a finished (or killed) child process left behind.
struct ProcessResult {
  int exit_status = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
  bool timed_out = false;
};

/// The most a child may print on both streams together before it is stopped.
inline constexpr std::size_t k_max_captured_output = std::size_t{256} << 20;

/// Runs argv (argv[0] searched in PATH) in its own process group with `input` on stdin,
/// capturing stdout and stderr together: neither stream nor the input can fill up and block the
/// others, whatever the child reads or prints first. After `timeout` (also a child that closed
/// its outputs but goes on running) the whole group is killed and `timed_out` is set.
/// `extra_env` entries ("K=V") override the inherited environment. An error when the program
/// cannot be started, or when it printed more than `max_output` bytes (it is killed then).
Expected<ProcessResult> run_captured(const std::vector<std::string>& argv, const std::string& input,
                                     std::chrono::milliseconds timeout,
                                     const std::vector<std::string>& extra_env = {},
                                     std::size_t max_output = k_max_captured_output);

/// Makes writing to a pipe whose reader is gone fail with EPIPE instead of killing dcod: set once
/// for the whole process (never toggled around a call, which races with other threads); the
/// children dcod starts get the default action back.
void ignore_sigpipe();

}  // namespace dcod
