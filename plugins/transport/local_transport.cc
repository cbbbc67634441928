#include "transport/transport.h"

namespace dcod::plugins {

Expected<ProcessResult> LocalTransport::run_script(const std::string& script,
                                                   std::chrono::milliseconds timeout) {
  return run_captured({"/bin/sh", "-s"}, script, timeout);
}

}  // namespace dcod::plugins
