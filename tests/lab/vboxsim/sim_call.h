#pragma once

// One invocation of the simulated VBoxManage: its arguments, what it prints and its exit status,
// and the helpers that print what the real VBoxManage 7.2 prints (../shared/vbox/).

#include <string>
#include <vector>

#include "sim_state.h"

namespace vboxsim {

/// One call: arguments after "VBoxManage", and its results.
struct Call {
  std::vector<std::string> args;
  std::string dir;  // the host's simulator directory
  std::string out;
  std::string err;
  int exit = 0;

  /// Argument `i`, or "" past the end.
  std::string arg(std::size_t i) const { return i < args.size() ? args[i] : std::string(); }
  /// Prints "VBoxManage: error: TEXT" and sets the exit status.
  void error(const std::string& text, int status = 1);
  /// An error with VirtualBox's Details and Context lines, as a failed COM call prints it.
  void com_error(const std::string& text, const std::string& code, const std::string& component,
                 const std::string& interface, const std::string& context, int line,
                 const std::string& file);
  /// The syntax error of an unknown option: logo, error, usage, error; exit status 1.
  void unknown_option(const std::string& option, const std::string& usage);
  /// A progress bar, as long operations print it.
  void progress();
};

/// The VM a name or UUID names, or nullptr after printing VirtualBox's "could not find" error.
Vm* machine_or_error(State& s, Call& c, const std::string& name, const std::string& context,
                     int line, const std::string& file);

/// `VBoxManage showvminfo VM --machinereadable`.
std::string machine_readable(const Vm& vm);

// The commands, one handler each; `s` is saved afterwards when the call changed it.
void cmd_list(State& s, Call& c);
void cmd_showvminfo(State& s, Call& c);
void cmd_createvm(State& s, Call& c);
void cmd_clonevm(State& s, Call& c);
void cmd_import(State& s, Call& c);
void cmd_export(State& s, Call& c);
void cmd_unregistervm(State& s, Call& c);
void cmd_modifyvm(State& s, Call& c);
void cmd_startvm(State& s, Call& c);
void cmd_controlvm(State& s, Call& c);
void cmd_getextradata(State& s, Call& c);
void cmd_setextradata(State& s, Call& c);
void cmd_guestproperty(State& s, Call& c);
void cmd_snapshot(State& s, Call& c);

/// Makes a running VM's namespace, adapters and guest (realize on), or removes them.
void realize_start(State& s, Vm& vm, Call& c);
void realize_stop(State& s, Vm& vm);
/// Applies a running VM's adapter `slot` (from 1) to its namespace again.
void realize_nic(State& s, Vm& vm, std::size_t slot);

}  // namespace vboxsim
