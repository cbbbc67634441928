// dcod's entry point: the built-in backends, then the command line (app/dcod_main.cc).

#include "app/modes.h"
#include "registry.h"

int main(int argc, char** argv) {
  dcod::plugins::BackendRegistry backends;
  dcod::plugins::register_builtin_backends(backends);
  return dcod::app::run_dcod(argc, argv, backends);
}
