#include "session/shell_channel.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace dcod::plugins {

using Clock = ShellChannel::Clock;

struct ShellChannel::Channel {
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

void on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*,
                    void* user) {
  static_cast<ShellChannel::Channel*>(user)->signal = signal ? signal : "?";
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

/// Reads the exec request's answer (once, bounded by the deadline); false when refused.
bool confirmed(ShellChannel::Channel& c, Clock::time_point deadline) {
  if (c.answer != SSH_AGAIN) return c.answer == SSH_OK;
  ssh_set_blocking(c.session, 0);
  int rc = ssh_channel_request_exec(c.channel, c.command.c_str());
  while (rc == SSH_AGAIN && wait_for_socket(c.session, deadline))
    rc = ssh_channel_request_exec(c.channel, c.command.c_str());
  ssh_set_blocking(c.session, 1);
  if (rc != SSH_AGAIN) c.answer = rc;
  return rc == SSH_OK;
}

std::string too_much() {
  return "the host printed more than " + std::to_string(k_max_captured_output >> 20) +
         " MiB; stopped reading";
}

}  // namespace

ShellChannel::ShellChannel(std::unique_ptr<Channel> channel, const ShellDialect& dialect)
    : m_channel(std::move(channel)), m_dialect(dialect) {}

ShellChannel::~ShellChannel() = default;

Expected<std::unique_ptr<ShellChannel>> ShellChannel::start(ssh_session s,
                                                            const ShellDialect& dialect,
                                                            const std::string* first,
                                                            Clock::time_point deadline) {
  auto c = std::make_unique<Channel>();
  c->session = s;
  c->channel = ssh_channel_new(s);
  if (!c->channel) return Error{"lost the connection: " + std::string(ssh_get_error(s)), ""};
  if (!open_channel(s, c->channel, deadline))
    return Error{"cannot open a channel: " + std::string(ssh_get_error(s)), ""};
  // Exit signals are caught from the start: a quick text may end while the shell starts.
  c->callbacks.userdata = c.get();
  c->callbacks.channel_exit_signal_function = on_exit_signal;
  ssh_callbacks_init(&c->callbacks);
  ssh_set_channel_callbacks(c->channel, &c->callbacks);
  c->command = dialect.start_command(first);
  ssh_set_blocking(s, 0);
  int rc = ssh_channel_request_exec(c->channel, c->command.c_str());  // sent; answered later
  ssh_set_blocking(s, 1);
  if (rc == SSH_ERROR) return Error{"cannot start the shell: " + std::string(ssh_get_error(s)), ""};
  if (rc == SSH_OK) c->answer = SSH_OK;
  std::unique_ptr<ShellChannel> shell(new ShellChannel(std::move(c), dialect));
  bool sent_as_input = first && dialect.resident() && !dialect.carries(*first);
  if (sent_as_input && !shell->send(*first, deadline))
    return Error{"cannot start the shell: " + std::string(ssh_get_error(s)), ""};
  return shell;
}

bool ShellChannel::send(const std::string& framed, Clock::time_point deadline) {
  Channel& c = *m_channel;
  if (!ssh_channel_is_open(c.channel) || ssh_channel_is_eof(c.channel) || !confirmed(c, deadline))
    return false;
  return ssh_channel_write(c.channel, framed.data(), static_cast<uint32_t>(framed.size())) ==
         static_cast<int>(framed.size());
}

Expected<bool> ShellChannel::drain(ProcessResult& r) {
  // Both streams without blocking on either (each has its own window: reading only one could
  // stall the other).
  char buf[32768];
  bool got = false;
  for (int stream = 0; stream < 2; ++stream) {
    int n = ssh_channel_read_nonblocking(m_channel->channel, buf, sizeof buf, stream);
    if (n == SSH_ERROR)
      return Error{"lost the connection: " + std::string(ssh_get_error(m_channel->session)), "",
                   ErrorCode::unreachable};
    if (n > 0) {
      (stream ? r.err : r.out).append(buf, static_cast<std::size_t>(n));
      got = true;
    }
  }
  if (r.out.size() + r.err.size() > k_max_captured_output)
    return Error{too_much(), "", ErrorCode::garbled};
  return got;
}

int ShellChannel::ended_status(ProcessResult& r) {
  Channel& c = *m_channel;
  int status = ssh_channel_get_exit_status(c.channel);
  if (!c.signal.empty()) r.err += "killed by signal " + c.signal + "\n";
  return !c.signal.empty() ? 128 + 9 : status < 0 ? 255 : status;
}

Expected<ProcessResult> ShellChannel::collect(const std::string& nonce, Clock::time_point deadline,
                                              bool& ended, bool& ran) {
  Channel& c = *m_channel;
  ended = true;
  ran = false;
  if (!confirmed(c, deadline))
    return Error{"the server did not start the shell: " + std::string(ssh_get_error(c.session)),
                 ""};
  ProcessResult r;
  for (;;) {
    auto got = drain(r);
    if (!got) return got.error();
    if (*got) {
      if (auto status = m_dialect.take_reply(r.out, r.err, nonce)) {
        ended = false;
        ran = true;
        r.exit_status = *status;
        return r;
      }
      continue;
    }
    if (ssh_channel_is_eof(c.channel) || ssh_channel_is_closed(c.channel)) break;
    if (millis_left(deadline) <= 0) {
      r.timed_out = true;
      ran = m_dialect.began(r.out, nonce);
      m_dialect.drop_stray(r.out, nonce);
      return r;
    }
    // Both streams are drained, so what comes next arrives on the socket: the end markers on
    // either stream wake this at once.
    wait_for_socket(c.session, deadline);
  }
  // The shell ended before the text did: killed, or ended by a syntax error.
  ran = m_dialect.began(r.out, nonce);
  m_dialect.drop_stray(r.out, nonce);
  r.exit_status = ended_status(r);
  return r;
}

Expected<ProcessResult> ShellChannel::collect_to_end(Clock::time_point deadline) {
  Channel& c = *m_channel;
  if (!confirmed(c, deadline))
    return Error{"the server did not run the command: " + std::string(ssh_get_error(c.session)),
                 ""};
  ssh_channel_send_eof(c.channel);
  ProcessResult r;
  for (;;) {
    auto got = drain(r);
    if (!got) return got.error();
    if (*got) continue;
    if (ssh_channel_is_eof(c.channel) || ssh_channel_is_closed(c.channel)) break;
    if (millis_left(deadline) <= 0) {
      r.timed_out = true;
      return r;
    }
    wait_for_socket(c.session, deadline);
  }
  r.exit_status = ended_status(r);  // libssh waits for the status that follows the output
  return r;
}

}  // namespace dcod::plugins
