#include "transport/ssh_transport.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>
#include <utility>

#include "shell/posix.h"

namespace dcod::plugins {

struct SshTransport::Session {
  ssh_session session = nullptr;
  SshEndpoint endpoint;  // password cleared after authentication
  ~Session() {
    if (session) {
      ssh_disconnect(session);
      ssh_free(session);
    }
  }
};

namespace {

std::string where(const SshEndpoint& e) {
  return "host " + e.host + " (" + e.address + ":" + std::to_string(e.port) + ")";
}

std::string fingerprint_of(ssh_key key) {
  unsigned char* hash = nullptr;
  size_t length = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK) return "?";
  char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
  std::string out = text ? text : "?";
  ssh_string_free_char(text);
  ssh_clean_pubkey_hash(&hash);
  return out;
}

std::string server_fingerprint(ssh_session s) {
  ssh_key key = nullptr;
  if (ssh_get_server_publickey(s, &key) != SSH_OK) return "?";
  std::string out = fingerprint_of(key);
  ssh_key_free(key);
  return out;
}

/// The fingerprints known_hosts holds for the endpoint (libssh reports a changed key but not
/// the old one, so the file is read here).
std::string known_fingerprints(const std::string& known_hosts, const SshEndpoint& e) {
  std::string host = e.port == 22 ? e.address : "[" + e.address + "]:" + std::to_string(e.port);
  std::ifstream in(known_hosts);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    ssh_knownhosts_entry* entry = nullptr;
    if (ssh_known_hosts_parse_line(host.c_str(), line.c_str(), &entry) == SSH_OK && entry) {
      out += (out.empty() ? "" : ", ") + fingerprint_of(entry->publickey);
    }
    if (entry) ssh_knownhosts_entry_free(entry);
  }
  return out.empty() ? "?" : out;
}

std::optional<Error> verify_host_key(ssh_session s, const SshEndpoint& e, const SshOptions& o) {
  switch (ssh_session_is_known_server(s)) {
    case SSH_KNOWN_HOSTS_OK:
      return std::nullopt;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
      return Error{"the host key of " + where(e) + " has CHANGED: " + o.known_hosts + " has " +
                       known_fingerprints(o.known_hosts, e) + ", the host offers " +
                       server_fingerprint(s) + "; refused",
                   "if the change is expected, remove the old key from " + o.known_hosts +
                       " (--accept-new-host-keys never replaces a changed key)"};
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      if (o.accept_new_host_keys) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(o.known_hosts).parent_path(), ec);
        if (ssh_session_update_known_hosts(s) != SSH_OK) {
          return Error{"cannot record the host key of " + where(e) + " in " + o.known_hosts + ": " +
                           ssh_get_error(s),
                       ""};
        }
        if (auto logger = spdlog::get("ssh")) {
          logger->info("{}: recorded new host key {}", e.host, server_fingerprint(s));
        }
        return std::nullopt;
      }
      return Error{
          "the host key of " + where(e) + " is not known (" + server_fingerprint(s) + "); refused",
          "check the fingerprint, then run with --accept-new-host-keys to record it in " +
              o.known_hosts};
    case SSH_KNOWN_HOSTS_ERROR:
      break;
  }
  return Error{"cannot check the host key of " + where(e) + ": " + ssh_get_error(s),
               "check --known-hosts"};
}

std::optional<Error> authenticate(ssh_session s, const SshEndpoint& e) {
  int rc = SSH_AUTH_ERROR;
  std::string how;
  if (!e.identity.empty()) {
    how = "key " + e.identity;
    ssh_key key = nullptr;
    if (ssh_pki_import_privkey_file(e.identity.c_str(), nullptr, nullptr, nullptr, &key) !=
        SSH_OK) {
      return Error{"cannot read the private key " + e.identity + " for " + where(e),
                   "check identity="};
    }
    rc = ssh_userauth_publickey(s, nullptr, key);
    ssh_key_free(key);
  } else if (!e.password.empty()) {
    how = "password";
    rc = ssh_userauth_password(s, nullptr, e.password.c_str());
  } else {
    how = "ssh-agent and default keys";
    rc = ssh_userauth_publickey_auto(s, nullptr, nullptr);
  }
  if (rc == SSH_AUTH_SUCCESS) return std::nullopt;
  return Error{"authentication as '" + (e.user.empty() ? std::string("(local user)") : e.user) +
                   "' on " + where(e) + " failed (" + how + ")",
               "check user=, identity=, password-env= or password-file= of the host"};
}

/// One connection attempt; `retryable` says whether a failure was the network's.
Expected<std::unique_ptr<SshTransport::Session>> attempt(const SshEndpoint& e, const SshOptions& o,
                                                         bool& retryable) {
  auto session = std::make_unique<SshTransport::Session>();
  session->session = ssh_new();
  session->endpoint = e;
  ssh_session s = session->session;
  unsigned int port = e.port;
  long timeout = o.connect_timeout.count();
  int no = 0;
  ssh_options_set(s, SSH_OPTIONS_HOST, e.address.c_str());
  ssh_options_set(s, SSH_OPTIONS_PORT, &port);
  if (!e.user.empty()) ssh_options_set(s, SSH_OPTIONS_USER, e.user.c_str());
  ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, o.known_hosts.c_str());
  ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
  ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);  // the scenario says everything
  int yes = 1;
  ssh_options_set(s, SSH_OPTIONS_NODELAY,
                  &yes);  // small messages must not wait for Nagle (40 ms each)
  retryable = true;
  if (ssh_connect(s) != SSH_OK) {
    return Error{"cannot connect to " + where(e) + ": " + ssh_get_error(s),
                 "is the host up and sshd running?"};
  }
  retryable = false;
  if (auto error = verify_host_key(s, e, o)) return *error;
  if (auto error = authenticate(s, e)) return *error;
  session->endpoint.password.assign(session->endpoint.password.size(), '\0');
  session->endpoint.password.clear();
  return session;
}

/// Remembers an exit-signal, which a process killed by a signal sends instead of a status.
struct ChannelState {
  std::string signal;
  ssh_channel_callbacks_struct callbacks{};
};

void on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*,
                    void* user) {
  static_cast<ChannelState*>(user)->signal = signal ? signal : "?";
}

/// Opens a session channel, acknowledging at once every packet that arrives meanwhile. OpenSSH
/// sends its host-key announcement right after login; left to the kernel's delayed ACK (40 ms),
/// the server's Nagle holds back the channel confirmation until that ACK comes.
bool open_channel(ssh_session s, ssh_channel channel,
                  std::chrono::steady_clock::time_point deadline) {
  ssh_set_blocking(s, 0);
  int rc = ssh_channel_open_session(channel);
  while (rc == SSH_AGAIN) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd fd{ssh_get_fd(s), POLLIN, 0};
    if (left.count() <= 0 || (::poll(&fd, 1, static_cast<int>(left.count())) < 0 && errno != EINTR))
      break;
    int one = 1;
    ::setsockopt(fd.fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);  // flushes a pending ACK
    rc = ssh_channel_open_session(channel);
  }
  ssh_set_blocking(s, 1);
  return rc == SSH_OK;
}

/// Scripts up to this size travel in the exec request itself (Linux takes at most 128 KiB in
/// one argument, and the login shell gets the command as one).
constexpr std::size_t k_inline_script_max = 64 * 1024;

/// The command of a script's exec request. OpenSSH's server opens a session channel's window
/// only once its command runs, so a script sent as input would wait a round trip for that
/// window; a script in the command does not. The user's login shell parses the command, so it
/// must take POSIX quoting (sh, bash, dash, ksh, zsh), as the posix dialect assumes.
std::string exec_command(const std::string& script) {
  if (script.size() > k_inline_script_max) return "/bin/sh -s";
  return "exec /bin/sh -c " + sh_quote(script);
}

/// Starts the script on an open channel (exec_command()). A script too large for the command
/// and the EOF follow the exec request at once, without waiting for its answer.
bool start_shell(ssh_session s, ssh_channel channel, const std::string& script) {
  const std::string command = exec_command(script);
  const bool as_input = script.size() > k_inline_script_max;
  ssh_set_blocking(s, 0);
  int rc = ssh_channel_request_exec(channel, command.c_str());  // sent; the answer comes later
  ssh_set_blocking(s, 1);
  if (rc == SSH_ERROR) return false;
  if (as_input &&
      ssh_channel_write(channel, script.data(), static_cast<uint32_t>(script.size())) < 0)
    return false;
  ssh_channel_send_eof(channel);
  if (rc == SSH_AGAIN) rc = ssh_channel_request_exec(channel, command.c_str());  // the answer
  return rc == SSH_OK;
}

}  // namespace

SshTransport::SshTransport(std::unique_ptr<Session> session, std::chrono::milliseconds keepalive)
    : m_session(std::move(session)) {
  if (keepalive.count() > 0) m_keepalive = std::thread([this, keepalive] { keep_warm(keepalive); });
}

SshTransport::~SshTransport() {
  {
    std::lock_guard<std::mutex> lock(m_stop_mutex);
    m_stopping = true;
  }
  m_stop.notify_all();
  if (m_keepalive.joinable()) m_keepalive.join();
  if (m_spare) ssh_channel_free(m_spare);
}

void SshTransport::keep_warm(std::chrono::milliseconds interval) {
  std::unique_lock<std::mutex> lock(m_stop_mutex);
  while (!m_stop.wait_for(lock, interval, [this] { return m_stopping; })) {
    std::unique_lock<std::mutex> session(m_mutex, std::try_to_lock);
    if (session.owns_lock()) ssh_send_ignore(m_session->session, "dcod");  // busy means not idle
  }
}

Expected<std::unique_ptr<SshTransport>> SshTransport::connect(const SshEndpoint& endpoint,
                                                              const SshOptions& options) {
  Error last{"", ""};
  for (int n = 0; n < std::max(1, options.connect_attempts); ++n) {
    if (n > 0) std::this_thread::sleep_for(std::chrono::milliseconds(500 * (1 << (n - 1))));
    bool retryable = false;
    auto session = attempt(endpoint, options, retryable);
    if (session)
      return std::unique_ptr<SshTransport>(
          new SshTransport(std::move(*session), options.keepalive));
    last = session.error();
    if (!retryable) break;
  }
  return last;
}

int SshTransport::socket_fd() const {
  return ssh_get_fd(m_session->session);
}

bool SshTransport::still_connected() {
  std::lock_guard<std::mutex> lock(m_mutex);
  ssh_session s = m_session->session;
  ssh_event event = ssh_event_new();
  if (event && ssh_event_add_session(event, s) == SSH_OK) {
    ssh_event_dopoll(event, 0);
    ssh_event_remove_session(event, s);
  }
  if (event) ssh_event_free(event);
  return ssh_is_connected(s) != 0;
}

void SshTransport::prepare_channel(std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_spare) return;
  ssh_channel channel = ssh_channel_new(m_session->session);
  if (!channel) return;
  if (open_channel(m_session->session, channel, std::chrono::steady_clock::now() + timeout))
    m_spare = channel;
  else
    ssh_channel_free(channel);
}

Expected<ProcessResult> SshTransport::run_script(const std::string& script,
                                                 std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(m_mutex);
  ssh_session s = m_session->session;
  const std::string who = where(m_session->endpoint);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Exit signals are caught from the start: a quick script may end while the shell starts.
  ChannelState state;
  state.callbacks.userdata = &state;
  state.callbacks.channel_exit_signal_function = on_exit_signal;
  ssh_callbacks_init(&state.callbacks);
  // A channel opened ahead of time saves a round trip; the server may have closed it since,
  // so a refusal there is retried once on a fresh channel.
  ssh_channel channel = std::exchange(m_spare, nullptr);
  bool started = false;
  if (channel) {
    ssh_set_channel_callbacks(channel, &state.callbacks);
    started = start_shell(s, channel, script);
  }
  if (!started) {
    if (channel) ssh_channel_free(channel);
    channel = ssh_channel_new(s);
    if (!channel) return Error{"lost the connection to " + who + ": " + ssh_get_error(s), ""};
    if (!open_channel(s, channel, deadline)) {
      std::string why = "cannot open a channel on " + who + ": " + ssh_get_error(s);
      ssh_channel_free(channel);
      return Error{why, ""};
    }
    ssh_set_channel_callbacks(channel, &state.callbacks);
    started = start_shell(s, channel, script);
  }
  auto fail = [&](const std::string& what) -> Expected<ProcessResult> {
    std::string why = what + " on " + who + ": " + ssh_get_error(s);
    ssh_channel_free(channel);
    return Error{why, ""};
  };
  if (!started) return fail("cannot start the shell");
  ProcessResult r;
  char buf[32768];
  // Drain both streams without blocking on either (each has its own window: reading only one
  // could stall the other), then wait for more.
  for (;;) {
    bool idle = true;
    for (int stream = 0; stream < 2; ++stream) {
      int n = ssh_channel_read_nonblocking(channel, buf, sizeof buf, stream);
      if (n == SSH_ERROR) return fail("lost the connection");
      if (n > 0) {
        (stream ? r.err : r.out).append(buf, static_cast<std::size_t>(n));
        idle = false;
      }
    }
    if (!idle) continue;
    if (ssh_channel_is_eof(channel) || ssh_channel_is_closed(channel)) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    // Wakes as soon as stdout has data or the channel ends (libssh may already hold the bytes,
    // so the socket itself is no signal); stderr is drained at least every 50 ms.
    ssh_channel_poll_timeout(channel, static_cast<int>(std::min<long long>(left.count(), 50)), 0);
  }
  if (!r.timed_out) {
    int status = ssh_channel_get_exit_status(channel);
    r.exit_status = !state.signal.empty() ? 128 + 9 : status < 0 ? 255 : status;
    if (!state.signal.empty()) r.err += "killed by signal " + state.signal + "\n";
  }
  ssh_channel_close(channel);
  ssh_channel_free(channel);
  if (auto logger = spdlog::get("ssh")) {
    logger->debug("{}: script of {} bytes, exit {}{}", m_session->endpoint.host, script.size(),
                  r.exit_status, r.timed_out ? " (timed out)" : "");
  }
  return r;
}

}  // namespace dcod::plugins
