// dcod with the test-only backends: the built-in ones, then one line per test backend.

#include "registry.h"

#include "app/modes.h"
#include "fake/fake_backend.h"

int main(int argc, char** argv) {
  dcod::plugins::BackendRegistry backends;
  dcod::plugins::register_builtin_backends(backends);
  backends.add(dcod::test::fake_backend_factory());
  return dcod::app::run_dcod(argc, argv, backends);
}
