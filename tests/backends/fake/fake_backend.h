#pragma once

// A test-only backend ("fake") that proves the backend seam: it lives in this directory and is
// registered by one line (tests/backends/registry.cc), and takes part in --create, --plan,
// --status and --destroy next to netns hosts without any change elsewhere. A fake host is a
// JSON file, <DCOD_FAKE_HOSTS>/<host>.json, holding what the host "has" in the neutral terms of
// the observed state; actions edit it, and every action is also logged to <host>.log.

#include "registry.h"

namespace dcod::test {

/// The fake backend's factory.
plugins::BackendFactory fake_backend_factory();

}  // namespace dcod::test
