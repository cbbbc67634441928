#pragma once

// The frames both dialects put around each command of a batch: on stdout "<tag> start" before
// it and "<tag> <status>" after it, on stderr "<tag>" after it, where a command's tag is
// "<nonce>.<index>". Only the shell's way of printing them differs; reading them back is here.

#include <cstddef>
#include <string>
#include <vector>

#include "backend/host_backend.h"

namespace dcod::plugins {

/// The tag of command `k` of a batch: "<nonce>.<k>".
std::string command_tag(const std::string& nonce, std::size_t k);

/// One outcome per command from the frames in `out` and `err`; a command whose frame is not
/// whole did not run.
std::vector<core::CommandOutcome> framed_outcomes(const std::string& out, const std::string& err,
                                                  std::size_t count, const std::string& nonce);

}  // namespace dcod::plugins
