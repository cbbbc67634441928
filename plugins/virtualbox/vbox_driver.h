#pragma once

// Drives VBoxManage on one host: chains of calls, each call after the one before it succeeded,
// all chains of a batch in one text (one round trip; more where the shell limits the length of
// a command line), every call bounded in time; a chain a lock error stopped is tried again from
// that call a bounded number of times with backoff, as Packer does. The host's session runs one
// text at a time, so no two calls ever run at once.

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "util/expected.h"
#include "util/process.h"
#include "virtualbox/vbox_call.h"

namespace dcod::plugins {

/// Calls, each after the one before it succeeded.
using VBoxChain = std::vector<VBoxCall>;

/// VBoxManage on one host.
class VBoxDriver {
 public:
  /// Runs a text on the host (one round trip); `what` names it in the debug log.
  using RunText = std::function<Expected<ProcessResult>(const std::string& text, const char* what)>;

  VBoxDriver(const VBoxPlatform& platform, std::string vboxmanage, RunText run,
             std::chrono::seconds call_limit);

  /// One reply per call of every chain; an error when the host could not be reached at all.
  Expected<std::vector<std::vector<VBoxReply>>> run(const std::vector<VBoxChain>& chains,
                                                    const char* what);

  const VBoxPlatform& platform() const { return m_platform; }
  /// VBoxManage calls that ran so far, and how many of them change something.
  std::size_t calls() const { return m_calls.load(); }
  std::size_t mutating_calls() const { return m_mutating.load(); }

  /// Tries of a chain stopped by lock errors, and the first pause between them (doubling).
  static constexpr int k_tries = 5;
  static constexpr std::chrono::milliseconds k_first_pause{250};

 private:
  /// Where a chain goes on: its index and the call it starts from.
  struct Resume {
    std::size_t chain;
    std::size_t from;
  };
  Expected<bool> run_once(const std::vector<VBoxChain>& chains, const std::vector<Resume>& todo,
                          std::vector<std::vector<VBoxReply>>& replies, const char* what);

  const VBoxPlatform& m_platform;
  std::string m_vboxmanage;
  RunText m_run;
  std::chrono::seconds m_call_limit;
  std::atomic<std::size_t> m_calls{0};
  std::atomic<std::size_t> m_mutating{0};
};

}  // namespace dcod::plugins
