#include "transport/remote_shell.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "shell/posix.h"
#include "transport/resident_shell.h"

namespace dcod::plugins {

using Clock = RemoteShell::Clock;

struct RemoteShell::Channel {
  ssh_session session = nullptr;
  ssh_channel channel = nullptr;
  std::string command;     // of the exec request
  int answer = SSH_AGAIN;  // the exec request's answer, once read
  std::string signal;      // an exit-signal: a shell killed by a signal sends it, not a status
  ssh_channel_callbacks_struct callbacks{};
  ~Channel() {
    if (!channel) return;
    ssh_channel_close(channel);
    ssh_channel_free(channel);
  }
};

namespace {

/// Framed scripts up to this size travel in the exec request (Linux takes at most 128 KiB in
/// one argument, and the login shell gets the command as one).
constexpr std::size_t k_inline_script_max = 64 * 1024;

void on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*,
                    void* user) {
  static_cast<RemoteShell::Channel*>(user)->signal = signal ? signal : "?";
}

long long millis_left(Clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
}

/// Waits up to 50 ms (and at most until the deadline) for the session's socket; false when the
/// deadline has passed. libssh may already hold what came, so this is no proof of new data.
bool wait_for_socket(ssh_session s, Clock::time_point deadline) {
  long long left = millis_left(deadline);
  if (left <= 0) return false;
  pollfd fd{ssh_get_fd(s), POLLIN, 0};
  if (::poll(&fd, 1, static_cast<int>(std::min(left, 50LL))) < 0 && errno != EINTR) return false;
  int one = 1;
  ::setsockopt(fd.fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);  // flushes a pending ACK
  return true;
}

/// Opens a session channel, acknowledging at once every packet that arrives meanwhile. OpenSSH
/// sends its host-key announcement right after login; left to the kernel's delayed ACK (40 ms),
/// the server's Nagle holds back the channel confirmation until that ACK comes.
bool open_channel(ssh_session s, ssh_channel channel, Clock::time_point deadline) {
  ssh_set_blocking(s, 0);
  int rc = ssh_channel_open_session(channel);
  while (rc == SSH_AGAIN && wait_for_socket(s, deadline)) rc = ssh_channel_open_session(channel);
  ssh_set_blocking(s, 1);
  return rc == SSH_OK;
}

/// The exec request's command: the resident shell, with the first script run before it when
/// that fits. The user's login shell parses the command, so it must take POSIX quoting (sh,
/// bash, dash, ksh, zsh), as the posix dialect assumes.
std::string shell_command(const std::string* first) {
  if (!first || first->size() > k_inline_script_max) return "exec /bin/sh -s";
  return "exec /bin/sh -c " + sh_quote(*first + "exec /bin/sh -s\n");
}

/// Reads the exec request's answer (once, bounded by the deadline); false when refused.
bool confirmed(RemoteShell::Channel& c, Clock::time_point deadline) {
  if (c.answer != SSH_AGAIN) return c.answer == SSH_OK;
  ssh_set_blocking(c.session, 0);
  int rc = ssh_channel_request_exec(c.channel, c.command.c_str());
  while (rc == SSH_AGAIN && wait_for_socket(c.session, deadline))
    rc = ssh_channel_request_exec(c.channel, c.command.c_str());
  ssh_set_blocking(c.session, 1);
  if (rc != SSH_AGAIN) c.answer = rc;
  return rc == SSH_OK;
}

}  // namespace

RemoteShell::RemoteShell(std::unique_ptr<Channel> channel) : m_channel(std::move(channel)) {}

RemoteShell::~RemoteShell() = default;

Expected<std::unique_ptr<RemoteShell>> RemoteShell::start(ssh_session s, const std::string* first,
                                                          Clock::time_point deadline) {
  auto c = std::make_unique<Channel>();
  c->session = s;
  c->channel = ssh_channel_new(s);
  if (!c->channel) return Error{"lost the connection: " + std::string(ssh_get_error(s)), ""};
  if (!open_channel(s, c->channel, deadline))
    return Error{"cannot open a channel: " + std::string(ssh_get_error(s)), ""};
  // Exit signals are caught from the start: a quick script may end while the shell starts.
  c->callbacks.userdata = c.get();
  c->callbacks.channel_exit_signal_function = on_exit_signal;
  ssh_callbacks_init(&c->callbacks);
  ssh_set_channel_callbacks(c->channel, &c->callbacks);
  c->command = shell_command(first);
  ssh_set_blocking(s, 0);
  int rc = ssh_channel_request_exec(c->channel, c->command.c_str());  // sent; answered later
  ssh_set_blocking(s, 1);
  if (rc == SSH_ERROR) return Error{"cannot start the shell: " + std::string(ssh_get_error(s)), ""};
  if (rc == SSH_OK) c->answer = SSH_OK;
  std::unique_ptr<RemoteShell> shell(new RemoteShell(std::move(c)));
  if (first && first->size() > k_inline_script_max && !shell->send(*first, deadline))
    return Error{"cannot start the shell: " + std::string(ssh_get_error(s)), ""};
  return shell;
}

bool RemoteShell::send(const std::string& framed, Clock::time_point deadline) {
  Channel& c = *m_channel;
  if (!ssh_channel_is_open(c.channel) || ssh_channel_is_eof(c.channel) || !confirmed(c, deadline))
    return false;
  return ssh_channel_write(c.channel, framed.data(), static_cast<uint32_t>(framed.size())) ==
         static_cast<int>(framed.size());
}

Expected<ProcessResult> RemoteShell::collect(const std::string& nonce, Clock::time_point deadline,
                                             bool& ended, bool& ran) {
  Channel& c = *m_channel;
  ended = true;
  ran = false;
  if (!confirmed(c, deadline))
    return Error{"the server did not start /bin/sh: " + std::string(ssh_get_error(c.session)), ""};
  ProcessResult r;
  char buf[32768];
  // Drain both streams without blocking on either (each has its own window: reading only one
  // could stall the other), then wait for more.
  for (;;) {
    bool idle = true;
    for (int stream = 0; stream < 2; ++stream) {
      int n = ssh_channel_read_nonblocking(c.channel, buf, sizeof buf, stream);
      if (n == SSH_ERROR)
        return Error{"lost the connection: " + std::string(ssh_get_error(c.session)), ""};
      if (n > 0) {
        (stream ? r.err : r.out).append(buf, static_cast<std::size_t>(n));
        idle = false;
      }
    }
    if (!idle) {
      if (auto status = take_framed_output(r.out, r.err, nonce)) {
        ended = false;
        ran = true;
        r.exit_status = *status;
        return r;
      }
      continue;
    }
    if (ssh_channel_is_eof(c.channel) || ssh_channel_is_closed(c.channel)) break;
    long long left = millis_left(deadline);
    if (left <= 0) {
      r.timed_out = true;
      ran = script_started(r.out, nonce);
      drop_stray_output(r.out, nonce);
      return r;
    }
    // Both streams are drained, so what comes next arrives on the socket: the end markers on
    // either stream wake this at once.
    wait_for_socket(c.session, deadline);
  }
  // The shell ended before the script did: killed, or ended by a syntax error.
  ran = script_started(r.out, nonce);
  drop_stray_output(r.out, nonce);
  int status = ssh_channel_get_exit_status(c.channel);
  r.exit_status = !c.signal.empty() ? 128 + 9 : status < 0 ? 255 : status;
  if (!c.signal.empty()) r.err += "killed by signal " + c.signal + "\n";
  return r;
}

}  // namespace dcod::plugins
