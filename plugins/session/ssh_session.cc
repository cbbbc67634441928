#include "session/ssh_session.h"

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

#include "session/ssh_connection.h"

namespace dcod::plugins {

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
Expected<std::unique_ptr<SshSession::Connection>> attempt(const SshEndpoint& e, const SshOptions& o,
                                                          bool& retryable) {
  auto session = std::make_unique<SshSession::Connection>();
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
                 "is the host up and sshd running?", ErrorCode::unreachable};
  }
  retryable = false;
  if (auto error = verify_host_key(s, e, o)) return with_code(*error, ErrorCode::refused);
  if (auto error = authenticate(s, e)) return with_code(*error, ErrorCode::refused);
  session->endpoint.password.assign(session->endpoint.password.size(), '\0');
  session->endpoint.password.clear();
  return session;
}

}  // namespace

SshSession::SshSession(std::unique_ptr<Connection> connection, std::chrono::milliseconds keepalive,
                       const ShellDialect& dialect)
    : m_session(std::move(connection)), m_dialect(dialect) {
  if (keepalive.count() > 0) m_keepalive = std::thread([this, keepalive] { keep_warm(keepalive); });
}

SshSession::~SshSession() {
  {
    std::lock_guard<std::mutex> lock(m_stop_mutex);
    m_stopping = true;
  }
  m_stop.notify_all();
  if (m_keepalive.joinable()) m_keepalive.join();
  m_shell.reset();  // its channel closes before the session ends
}

void SshSession::keep_warm(std::chrono::milliseconds interval) {
  std::unique_lock<std::mutex> lock(m_stop_mutex);
  while (!m_stop.wait_for(lock, interval, [this] { return m_stopping; })) {
    std::unique_lock<std::mutex> session(m_mutex, std::try_to_lock);
    if (!session.owns_lock()) continue;  // busy means not idle
    if (ssh_send_ignore(m_session->session, "dcod") == SSH_OK) ++m_keepalives;
  }
}

Expected<std::unique_ptr<SshSession>> SshSession::connect(const SshEndpoint& endpoint,
                                                          const SshOptions& options,
                                                          const ShellDialect& dialect) {
  Error last{"", ""};
  for (int n = 0; n < std::max(1, options.connect_attempts); ++n) {
    if (n > 0) std::this_thread::sleep_for(std::chrono::milliseconds(500 * (1 << (n - 1))));
    bool retryable = false;
    auto session = attempt(endpoint, options, retryable);
    if (session)
      return std::unique_ptr<SshSession>(
          new SshSession(std::move(*session), options.keepalive, dialect));
    last = session.error();
    if (!retryable) break;
  }
  return last;
}

int SshSession::socket_fd() const {
  return ssh_get_fd(m_session->session);
}

bool SshSession::still_connected() {
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

void SshSession::prepare_shell(std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_shell || !m_dialect.resident()) return;
  auto started =
      ShellChannel::start(m_session->session, m_dialect, nullptr, Clock::now() + timeout);
  if (started) m_shell = std::move(*started);
}

Expected<ProcessResult> SshSession::run(const std::string& text,
                                        std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(m_mutex);
  const auto deadline = Clock::now() + timeout;
  auto result = m_dialect.resident() ? run_resident(text, deadline) : run_once(text, deadline);
  if (!result) {
    Error e = result.error();
    e.message = where(m_session->endpoint) + ": " + e.message;
    if (e.code == ErrorCode::failed) e.code = ErrorCode::unreachable;
    return e;
  }
  if (auto logger = spdlog::get("ssh")) {
    logger->debug("{}: text of {} bytes, exit {}{}", m_session->endpoint.host, text.size(),
                  result->exit_status, result->timed_out ? " (timed out)" : "");
  }
  return result;
}

Expected<ProcessResult> SshSession::run_resident(const std::string& text,
                                                 Clock::time_point deadline) {
  const std::string nonce = new_marker_nonce();
  const std::string framed = m_dialect.framed(text, nonce);
  for (int attempt = 0;; ++attempt) {
    const bool reused = m_shell && m_shell->send(framed, deadline);
    if (!reused) {
      m_shell.reset();
      auto started = ShellChannel::start(m_session->session, m_dialect, &framed, deadline);
      if (!started) return started.error();
      m_shell = std::move(*started);
    }
    bool ended = false, ran = false;
    auto result = m_shell->collect(nonce, deadline, ended, ran);
    if (ended) m_shell.reset();
    // A kept shell may have ended since its last text (killed on the host): a text it never
    // began runs once more on a fresh one.
    if (reused && ended && !ran && attempt == 0 && Clock::now() < deadline) continue;
    return result;
  }
}

Expected<ProcessResult> SshSession::run_once(const std::string& text, Clock::time_point deadline) {
  auto channel = ShellChannel::start(m_session->session, m_dialect, &text, deadline);
  if (!channel) return channel.error();
  return (*channel)->collect_to_end(deadline);
}

}  // namespace dcod::plugins
