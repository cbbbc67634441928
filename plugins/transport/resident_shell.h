#pragma once

// Framing for a resident shell: one `/bin/sh -s` per SSH session that runs script after script
// from its input, each in a subshell, instead of one channel, login shell and `sh` per script.
// Each script is bracketed by markers carrying a random nonce: a start marker on stdout (what
// came before it is stray output of an earlier script's background jobs), and end markers on
// both streams, the one on stdout with the exit status. Pure text: the SSH side is elsewhere.

#include <optional>
#include <string>

namespace dcod::plugins {

/// A fresh random nonce (32 hex digits) that no script's output will contain.
std::string new_marker_nonce();

/// `script` as input for a resident shell: run in a subshell with stdin from /dev/null (the
/// shell's own input is the stream of scripts), then the end markers with its exit status.
std::string framed_script(const std::string& script, const std::string& nonce);

/// Cuts what came before the script's start marker (stray output of earlier scripts).
void drop_stray_output(std::string& out, const std::string& nonce);

/// True once the shell has begun the script (its start marker is in `out`).
bool script_started(const std::string& out, const std::string& nonce);

/// When both streams hold the script's end markers: cuts `out` and `err` to the script's own
/// output and returns its exit status; nothing otherwise (more output is still to come).
std::optional<int> take_framed_output(std::string& out, std::string& err, const std::string& nonce);

}  // namespace dcod::plugins
