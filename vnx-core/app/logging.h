#pragma once

#include "app/cli_options.h"

namespace dcod::app {

/// Creates the named loggers (core, seg, app, ssh, backend) on stderr and, with --log-file,
/// a file; -v selects debug, -q warnings only.
void set_up_logging(const CliOptions& options);

}  // namespace dcod::app
