#pragma once

#include <string>
#include <vector>

#include "util/expected.h"

namespace dcod {

/// True when `program` is an executable file in one of the PATH directories.
bool program_on_path(const std::string& program);

/// Runs argv[0] (searched in PATH) with `input` on its stdin; stdout and stderr are inherited.
/// Returns the exit status, or an error when it could not start or was killed by a signal.
Expected<int> run_with_input(const std::vector<std::string>& argv, const std::string& input);

}  // namespace dcod
