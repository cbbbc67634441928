#pragma once

// RemoteShell: one SSH channel running a resident `/bin/sh -s` (resident_shell.h) that takes
// script after script. Started with its first script inside the exec request when that fits
// (OpenSSH opens a session channel's window only once the command runs, so input sent with the
// request would wait a round trip), or started ahead of time with none.

#include <chrono>
#include <memory>
#include <string>

#include "util/expected.h"
#include "util/process.h"

struct ssh_session_struct;

namespace dcod::plugins {

/// A resident shell on one channel of an SSH session. Not thread-safe: the session's owner
/// serialises every call.
class RemoteShell {
 public:
  using Clock = std::chrono::steady_clock;

  /// Opens a channel and starts the shell, with `first` (a framed script) as its first script
  /// when given; an error says why no channel or shell could be had.
  static Expected<std::unique_ptr<RemoteShell>> start(ssh_session_struct* session,
                                                      const std::string* first,
                                                      Clock::time_point deadline);
  ~RemoteShell();  // closes the channel; the shell ends when its input does

  /// Sends a framed script; false when the shell is gone or refused to start.
  bool send(const std::string& framed, Clock::time_point deadline);
  /// Reads until the script's end markers, the shell's end, or the deadline. The result is
  /// the script's; `ended` tells that the shell is gone and `ran` whether the script began.
  Expected<ProcessResult> collect(const std::string& nonce, Clock::time_point deadline, bool& ended,
                                  bool& ran);

  struct Channel;

 private:
  explicit RemoteShell(std::unique_ptr<Channel> channel);
  std::unique_ptr<Channel> m_channel;
};

}  // namespace dcod::plugins
