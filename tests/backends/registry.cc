// dcod with the test-only backends: the built-in ones, then one line per test backend. With
// DCOD_TEST_CUT_AFTER=N in its environment, every backend is wrapped so that this process
// SIGKILLs itself right after the N-th action of the run (tests/backends/cut).

#include "registry.h"

#include <cstdlib>
#include <string>

#include "app/modes.h"
#include "cut/cut_after.h"
#include "fake/fake_backend.h"

namespace {

/// The N of DCOD_TEST_CUT_AFTER, or 0 when it is not set.
std::size_t cut_point() {
  const char* n = std::getenv("DCOD_TEST_CUT_AFTER");
  return n == nullptr ? 0 : std::stoul(n);
}

}  // namespace

int main(int argc, char** argv) {
  dcod::plugins::BackendRegistry plain;
  dcod::plugins::register_builtin_backends(plain);
  plain.add(dcod::test::fake_backend_factory());
  std::size_t cut = cut_point();
  if (cut == 0) return dcod::app::run_dcod(argc, argv, plain);
  dcod::plugins::BackendRegistry cut_backends;
  for (const dcod::core::BackendTraits& traits : plain.catalog())
    cut_backends.add(dcod::test::cut_after(*plain.find(traits.name), cut));
  return dcod::app::run_dcod(argc, argv, cut_backends);
}
