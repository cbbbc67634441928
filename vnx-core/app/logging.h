#pragma once

#include <spdlog/logger.h>

#include "app/cli_options.h"

namespace dcod::app {

/// Creates the named loggers (core, seg, app, ssh, backend) on stderr and, with --log-file,
/// a file; -v selects debug, -q warnings only.
void set_up_logging(const CliOptions& options);

/// The logger of a subsystem ("core", "seg", ...); spdlog's default before set_up_logging ran.
spdlog::logger& subsystem_logger(const char* name);

}  // namespace dcod::app
