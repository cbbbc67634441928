// dcod's command line: parse it, pick the mode from the table, run it with the backends given.

#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>

#include "app/cli_options.h"
#include "app/logging.h"
#include "app/modes.h"
#include "app/scenario_input.h"
#include "session/session_keeper.h"
#include "util/process.h"

namespace {

using namespace dcod::app;

int usage_error(const std::string& message, const std::string& hint) {
  print_error(dcod::Error{message, hint, dcod::ErrorCode::invalid});
  return k_exit_usage;
}

/// Checks --format against the mode's table row and fills in its default.
bool settle_format(const Mode& mode, CliOptions& options) {
  if (options.format.empty()) {
    if (!mode.formats.empty()) options.format = std::string(mode.formats.front());
    return true;
  }
  for (std::string_view f : mode.formats) {
    if (f == options.format) return true;
  }
  std::string accepted;
  for (std::string_view f : mode.formats)
    accepted += (accepted.empty() ? "" : ", ") + std::string(f);
  usage_error("--" + std::string(mode.name) + " does not take --format " + options.format,
              accepted.empty() ? "this mode has no --format" : "choose one of: " + accepted);
  return false;
}

int run(int argc, char** argv, const dcod::plugins::BackendRegistry& backends) {
  dcod::Expected<CliOptions> parsed = parse_command_line(argc, argv);
  if (!parsed) return usage_error(parsed.error().message, parsed.error().hint);
  CliOptions& options = *parsed;
  if (options.help) {
    std::cout << help_text();
    return k_exit_ok;
  }
  if (options.version) {
    std::cout << "dcod " DCOD_VERSION " (scenario language version 1)\n";
    return k_exit_ok;
  }
  set_up_logging(options);
  const Mode* mode = find_mode(options.mode);
  if (!settle_format(*mode, options)) return k_exit_usage;
  if (!mode->run) {
    return usage_error("--" + std::string(mode->name) + " is not implemented yet in this build",
                       "see --help for the modes this build has");
  }
  return mode->run(Invocation{options, backends});
}

}  // namespace

namespace dcod::app {

int run_dcod(int argc, char** argv, const plugins::BackendRegistry& backends) {
  // dcod starting itself as a host's session keeper (plugins/session/session_keeper.h).
  if (argc == 2 && std::string_view(argv[1]) == "--ssh-keeper")
    return dcod::plugins::run_session_keeper();
  dcod::ignore_sigpipe();
  try {
    return run(argc, argv, backends);
  } catch (const std::exception& e) {
    std::cerr << "dcod: internal error: " << e.what() << "\n";
    return k_exit_failed;
  }
}

}  // namespace dcod::app
