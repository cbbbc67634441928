#pragma once

// SshSession: a host reached over SSH with libssh (REFERENCE.md, libssh 0.10). One session per
// host, reused for every text of a run; for a resident dialect one shell on one exec channel runs
// text after text (shell_channel.h), a new one only when the last has ended, else one exec
// channel per text; stdout and stderr read alternately; host keys checked against a known_hosts
// file (a changed key is always refused); a connection retried a bounded number of times; every
// wait bounded. Secrets are held only here and never logged.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "session/session.h"
#include "session/shell_channel.h"

namespace dcod::plugins {

/// Where and as whom to log in.
struct SshEndpoint {
  std::string host;     // the scenario's host name, for messages
  std::string address;  // IP address or DNS name
  std::uint16_t port = 22;
  std::string user;      // empty: the local user name
  std::string identity;  // private key file; empty: agent and default keys, or the password
  std::string password;  // the resolved secret; never logged, never in messages
};

/// How host keys are trusted and how long to wait.
struct SshOptions {
  std::string known_hosts;  // file; created when a new key is accepted
  bool accept_new_host_keys = false;
  std::chrono::seconds connect_timeout{10};
  std::chrono::milliseconds keepalive{std::chrono::seconds(30)};  // idle sessions are kept warm
  int connect_attempts = 3;  // connection failures only; backoff 0.5 s, 1 s, ...
  /// Where sessions kept between runs listen (kept_session.h); empty: one session per run.
  std::string keeper_dir;
  std::chrono::seconds persist{0};  // how long a kept session outlives its last use
};

/// Text run on a remote host over one SSH session, in the shell `dialect` speaks.
class SshSession : public Session {
 public:
  /// Connects, verifies the host key and authenticates; an error names host, address and cause.
  static Expected<std::unique_ptr<SshSession>> connect(const SshEndpoint& endpoint,
                                                       const SshOptions& options,
                                                       const ShellDialect& dialect);
  ~SshSession() override;

  Expected<ProcessResult> run(const std::string& text, std::chrono::milliseconds timeout) override;
  const ShellDialect& dialect() const override { return m_dialect; }
  /// Starts a resident shell now, when there is none, for the next text (a session kept between
  /// runs does this while it waits), so that the next text starts sooner.
  void prepare_shell(std::chrono::milliseconds timeout);
  /// The connection's socket, to watch for the server going away while idle.
  int socket_fd() const;
  /// Handles whatever the server sent while the session was idle; false once it is closed.
  bool still_connected();
  /// Copies the local file `local` to `remote` (relative to the login's home directory) by
  /// SFTP, making the directories it needs, unless a file of the same size is there: written
  /// under a temporary name first, then renamed, so a cut upload is never taken for a whole one.
  Expected<bool> upload(const std::string& local, const std::string& remote);
  /// How many keepalives the session has sent so far.
  std::size_t keepalives_sent() const { return m_keepalives.load(); }

  struct Connection;

 private:
  using Clock = std::chrono::steady_clock;

  SshSession(std::unique_ptr<Connection> connection, std::chrono::milliseconds keepalive,
             const ShellDialect& dialect);
  /// A resident shell runs the text; one that ended meanwhile is replaced once.
  Expected<ProcessResult> run_resident(const std::string& text, Clock::time_point deadline);
  /// One exec channel runs the text, as its command line, to its end.
  Expected<ProcessResult> run_once(const std::string& text, Clock::time_point deadline);
  /// Sends an SSH_MSG_IGNORE whenever the session has been idle for a keepalive interval, so
  /// that firewalls and NAT keep a connection that waits while other hosts work.
  void keep_warm(std::chrono::milliseconds interval);

  std::unique_ptr<Connection> m_session;
  const ShellDialect& m_dialect;
  std::unique_ptr<ShellChannel> m_shell;  // ended before the session: declared after it
  std::mutex m_mutex;                     // libssh: one thread at a time per session
  std::mutex m_stop_mutex;
  std::condition_variable m_stop;
  bool m_stopping = false;
  std::atomic<std::size_t> m_keepalives{0};
  std::thread m_keepalive;
};

}  // namespace dcod::plugins
