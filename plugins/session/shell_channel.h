#pragma once

// ShellChannel: one SSH channel running the host's shell as its dialect enters it. A resident
// shell takes text after text, each reply ended by the dialect's markers; it is started with its
// first text inside the exec request when that fits (OpenSSH opens a session channel's window
// only once the command runs, so input sent with the request would wait a round trip), or ahead
// of time with none. A shell that is not resident runs one text, the exec request's command line,
// to its end.

#include <chrono>
#include <memory>
#include <string>

#include "shell/shell_dialect.h"
#include "util/expected.h"
#include "util/process.h"

struct ssh_session_struct;

namespace dcod::plugins {

/// The host's shell on one channel of an SSH session. Not thread-safe: the session's owner
/// serialises every call.
class ShellChannel {
 public:
  using Clock = std::chrono::steady_clock;

  /// Opens a channel and starts the shell; `first` (a framed text, or for a shell that is not
  /// resident the text itself) is its first text when given. An error says why no channel or
  /// shell could be had.
  static Expected<std::unique_ptr<ShellChannel>> start(ssh_session_struct* session,
                                                       const ShellDialect& dialect,
                                                       const std::string* first,
                                                       Clock::time_point deadline);
  ~ShellChannel();  // closes the channel; a resident shell ends when its input does

  /// Sends a framed text to a resident shell; false when the shell is gone or refused to start.
  bool send(const std::string& framed, Clock::time_point deadline);
  /// Reads until the reply framed with `nonce` is whole, the shell ends, or the deadline. The
  /// result is the reply's; `ended` tells that the shell is gone and `ran` whether the text began.
  Expected<ProcessResult> collect(const std::string& nonce, Clock::time_point deadline, bool& ended,
                                  bool& ran);
  /// A shell that is not resident: its input closed, reads until the command ends or the deadline.
  Expected<ProcessResult> collect_to_end(Clock::time_point deadline);

  struct Channel;

 private:
  ShellChannel(std::unique_ptr<Channel> channel, const ShellDialect& dialect);
  /// Reads what both streams hold without blocking on either; false on a lost connection.
  Expected<bool> drain(ProcessResult& r);
  /// The exit status of a shell that has ended (an exit signal counts as killed).
  int ended_status(ProcessResult& r);

  std::unique_ptr<Channel> m_channel;
  const ShellDialect& m_dialect;
};

}  // namespace dcod::plugins
