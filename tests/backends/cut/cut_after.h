#pragma once

// The test build's fault hook (issue: faults at every step): a wrapper around any backend
// factory whose objects carry out a batch one action at a time and SIGKILL this process right
// after the N-th action of the run has been carried out, as a power cut of the director would.
// Only dcod_test_backends has it; the dcod that users run does not.

#include <cstddef>

#include "registry.h"

namespace dcod::test {

/// `inner` with every host and site object it makes cut after the `n`-th action of the run.
plugins::BackendFactory cut_after(plugins::BackendFactory inner, std::size_t n);

}  // namespace dcod::test
