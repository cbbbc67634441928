#pragma once

// Where a host's commands run (DESIGN §10): this machine, a machine over SSH, or an SSH session
// kept between runs. A session carries text to the host's shell and brings back what it printed;
// how that text is written and how its output divides into replies is the shell dialect's
// business (shell/shell_dialect.h), so a new dialect needs no change here.

#include <chrono>
#include <string>

#include "shell/shell_dialect.h"
#include "util/expected.h"
#include "util/process.h"

namespace dcod::plugins {

/// A way to run text in one host's shell.
class Session {
 public:
  virtual ~Session() = default;
  /// Runs `text`, written in the host shell's language, and returns what it printed and its exit
  /// status; an error when the host cannot be reached at all or printed more than dcod takes
  /// (256 MiB). Text still running after `timeout` is reported as timed out: on this machine it
  /// is killed; over SSH its channel is closed, so what still runs on the host has lost its pipes.
  virtual Expected<ProcessResult> run(const std::string& text,
                                      std::chrono::milliseconds timeout) = 0;
  /// The language of the host's shell.
  virtual const ShellDialect& dialect() const = 0;
};

/// Runs text on this machine with the dialect's local shell, the text on its stdin (no argv size
/// limit).
class LocalSession : public Session {
 public:
  explicit LocalSession(const ShellDialect& dialect) : m_dialect(dialect) {}
  Expected<ProcessResult> run(const std::string& text, std::chrono::milliseconds timeout) override {
    return run_captured(m_dialect.local_shell(), text, timeout);
  }
  const ShellDialect& dialect() const override { return m_dialect; }

 private:
  const ShellDialect& m_dialect;
};

}  // namespace dcod::plugins
