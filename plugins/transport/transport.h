#pragma once

#include <chrono>
#include <string>

#include "util/expected.h"
#include "util/process.h"

namespace dcod::plugins {

/// Where a host's commands run: this machine, or a machine over SSH. A transport runs one POSIX
/// shell script per call and returns what it printed; it never interprets it.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Runs `script` with /bin/sh; an error when the host cannot be reached at all. A script
  /// still running after `timeout` is reported as timed out: on this machine it is killed; over
  /// SSH its channel is closed, so what still runs on the host has lost its pipes.
  virtual Expected<ProcessResult> run_script(const std::string& script,
                                             std::chrono::milliseconds timeout) = 0;
};

/// Runs scripts on this machine with `/bin/sh -s`, the script on stdin (no argv size limit).
class LocalTransport : public Transport {
 public:
  Expected<ProcessResult> run_script(const std::string& script,
                                     std::chrono::milliseconds timeout) override;
};

}  // namespace dcod::plugins
