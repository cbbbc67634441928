// dcod's command line: parse it, pick the mode from the table, run it with the backends given.

#include <spdlog/spdlog.h>

#include <cctype>
#include <exception>
#include <iostream>

#include "app/cli_options.h"
#include "app/logging.h"
#include "app/modes.h"
#include "app/scenario_input.h"
#include "netlink/netns_batch.h"
#include "session/keeper_spawner.h"
#include "util/process.h"

namespace {

using namespace dcod::app;

int usage_error(const std::string& message, const std::string& hint) {
  print_error(dcod::Error{message, hint, dcod::ErrorCode::invalid});
  return k_exit_usage;
}

/// The format a file name says by its extension ("x.svg": svg; .gv is DOT, .txt text), or "".
std::string format_of_file(const std::string& path) {
  std::size_t slash = path.find_last_of('/'), dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "gv") return "dot";
  if (ext == "txt") return "text";
  return ext;
}

bool takes(const Mode& mode, const std::string& format) {
  for (std::string_view f : mode.formats) {
    if (f == format) return true;
  }
  return false;
}

/// Checks --format against the mode's table row and -o's extension, and fills it in: from the
/// extension when that names one of the mode's formats, else the mode's default.
bool settle_format(const Mode& mode, CliOptions& options) {
  const std::string by_name = options.output.empty() ? "" : format_of_file(options.output);
  const bool named = !by_name.empty() && takes(mode, by_name);
  if (options.format.empty()) {
    if (named) {
      options.format = by_name;
    } else if (!mode.formats.empty()) {
      options.format = std::string(mode.formats.front());
    }
    return true;
  }
  if (!takes(mode, options.format)) {
    std::string accepted;
    for (std::string_view f : mode.formats)
      accepted += (accepted.empty() ? "" : ", ") + std::string(f);
    usage_error("--" + std::string(mode.name) + " does not take --format " + options.format,
                accepted.empty() ? "this mode has no --format" : "choose one of: " + accepted);
    return false;
  }
  if (named && by_name != options.format) {
    usage_error("--format " + options.format + " does not match -o " + options.output +
                    ", which names " + by_name,
                "drop --format (the extension decides), or name the file for " + options.format);
    return false;
  }
  return true;
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
  // dcod starting itself to fork hosts' session keepers (plugins/session/keeper_spawner.h).
  if (argc == 2 && std::string_view(argv[1]) == "--ssh-keeper")
    return dcod::plugins::run_keeper_spawner();
  // dcod as the tool its scripts on simulated hosts give the lines inside VMs to (netns_batch.h).
  if (argc >= 2 && std::string_view(argv[1]) == dcod::plugins::k_netns_batch_flag)
    return dcod::plugins::run_netns_batch(std::cin, std::cerr);
  dcod::ignore_sigpipe();
  try {
    return run(argc, argv, backends);
  } catch (const std::exception& e) {
    std::cerr << "dcod: internal error: " << e.what() << "\n";
    return k_exit_failed;
  }
}

}  // namespace dcod::app
