// dcod with the test-only backends: the built-in ones, then one line per test backend. With a
// fault hook in its environment (DCOD_TEST_CUT_AFTER=N: SIGKILL after the N-th action; or
// DCOD_TEST_AFTER_ACTION with DCOD_TEST_THEN_RUN), every backend is wrapped by the hooks of
// tests/backends/faults.

#include "registry.h"

#include "app/modes.h"
#include "fake/fake_backend.h"
#include "faults/fault_hooks.h"

int main(int argc, char** argv) {
  dcod::plugins::BackendRegistry plain;
  dcod::plugins::register_builtin_backends(plain);
  plain.add(dcod::test::fake_backend_factory());
  const dcod::test::FaultHooks hooks = dcod::test::FaultHooks::from_environment();
  if (!hooks.any()) return dcod::app::run_dcod(argc, argv, plain);
  dcod::plugins::BackendRegistry faulty;
  for (const dcod::core::BackendTraits& traits : plain.catalog())
    faulty.add(dcod::test::with_faults(*plain.find(traits.name), hooks));
  return dcod::app::run_dcod(argc, argv, faulty);
}
