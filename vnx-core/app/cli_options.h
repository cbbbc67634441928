#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/expected.h"

namespace dcod::app {

/// Everything the command line said, parsed and checked for shape (not yet for meaning).
struct CliOptions {
  std::string mode;                  // "create", "show", ... (exactly one)
  std::string file;                  // empty: the built-in desk scenario
  std::string hosts_file;            // --hosts: where a VNX scenario's VMs go; empty: the desk
  bool strict = false;               // --strict: what dcod would not do as written is an error
  std::string format;                // empty: the mode's default
  std::string output;                // -o; empty: stdout
  std::vector<std::string> vms;      // -M
  std::string exec_vm;               // --exec VM
  std::string sequence;              // -x SEQ
  std::vector<std::string> command;  // after "--" for --exec
  unsigned jobs = 0;                 // 0: automatic
  std::string state_dir;
  std::string known_hosts;
  bool accept_new_host_keys = false;
  unsigned ssh_persist = 60;  // seconds a session is kept after its last use; 0: never
  bool verbose = false;
  bool quiet = false;
  bool no_color = false;
  std::string log_file;
  bool help = false;
  bool version = false;
};

/// Parses argv; an error carries the message and a hint (did you mean, see --help).
Expected<CliOptions> parse_command_line(int argc, char** argv);

/// The full --help text: usage, every mode with its description, every option.
std::string help_text();

}  // namespace dcod::app
