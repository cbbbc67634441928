#pragma once

// The test build's fault hooks (faults at every step): a wrapper around any backend factory
// whose objects carry out a batch one action at a time and, after the actions the hooks name,
// SIGKILL this process (as a power cut of the director would) or run a shell command (a host
// that disappears mid-apply). Only dcod_test_backends has them; the dcod users run does not.

#include <cstddef>
#include <string>

#include "registry.h"

namespace dcod::test {

/// Where the faults strike, read from the environment of dcod_test_backends.
struct FaultHooks {
  std::size_t cut_after = 0;  // DCOD_TEST_CUT_AFTER: SIGKILL after the N-th action of the run
  std::string after_action;   // DCOD_TEST_AFTER_ACTION: "<host>: <summary>" of one action...
  std::string then_run;       // DCOD_TEST_THEN_RUN: ...after which this runs, once, through sh

  /// The hooks the environment sets.
  static FaultHooks from_environment();
  /// True when some hook is set.
  bool any() const { return cut_after != 0 || !then_run.empty(); }
};

/// `inner` with every host and site object it makes subject to `hooks`.
plugins::BackendFactory with_faults(plugins::BackendFactory inner, const FaultHooks& hooks);

}  // namespace dcod::test
