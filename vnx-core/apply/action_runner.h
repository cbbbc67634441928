#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/action.h"
#include "util/expected.h"

namespace dcod::core {

/// How one action ended.
struct ActionResult {
  bool ok = false;
  std::string error;       // the failing command and what it printed; empty when ok
  bool retryable = false;  // failed, but a later run may succeed (a host away, a timeout, a lock)

  /// A failure of `e`, in words, retryable as `e` is.
  static ActionResult failure(const Error& e) { return {false, describe(e), e.retryable()}; }
};

/// Carries out actions (ninja's CommandRunner): the real runner hands them to each host's backend
/// (backend_runner.h); tests use fakes. The executor hands it a batch of one host's actions whose
/// every dependency has succeeded; they may run in any order. One result per action, in batch
/// order.
class ActionRunner {
 public:
  virtual ~ActionRunner() = default;
  virtual std::vector<ActionResult> run(const Plan& plan, std::uint32_t host,
                                        const std::vector<std::size_t>& batch) = 0;
};

}  // namespace dcod::core
