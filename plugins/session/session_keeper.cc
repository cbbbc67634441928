#include "session/session_keeper.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include "session/keeper_protocol.h"
#include "session/ssh_session.h"

namespace dcod::plugins {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds k_shell_wait{10};  // for a shell started ahead of time

/// A listening socket at `path` that only this user may connect to; -1 on failure.
int listen_at(const std::string& path) {
  auto address = unix_address(path);
  if (!address) return -1;
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  ::unlink(path.c_str());  // a keeper that died left it behind
  mode_t old = ::umask(0177);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&*address), sizeof *address) == 0 &&
            ::listen(fd, 16) == 0;
  ::umask(old);
  if (!ok) ::close(fd);
  return ok ? fd : -1;
}

/// True when the peer on a connected Unix socket runs as this user.
bool same_user(int fd) {
  ucred cred{};
  socklen_t size = sizeof cred;
  return ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) == 0 && cred.uid == ::getuid();
}

void detach_from_caller() {
  int null = ::open("/dev/null", O_RDWR);
  for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
  if (null > 2) ::close(null);
}

/// Serves requests until idle for `idle`, told to close, or the session is gone.
class Keeper {
 public:
  Keeper(SshSession& session, int listener, std::string socket, std::chrono::seconds idle)
      : m_session(session), m_listener(listener), m_socket(std::move(socket)), m_idle(idle) {}

  /// Serves, then takes its socket's name away (before the process ends, so that a keeper
  /// started after it never loses its own socket to it).
  void serve() {
    serve_until_done();
    withdraw();
  }

 private:
  void serve_until_done() {
    Clock::time_point last = Clock::now();
    for (;;) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(last + m_idle - Clock::now());
      if (left.count() <= 0) return;
      std::vector<pollfd> fds = {{m_listener, POLLIN, 0}, {m_session.socket_fd(), POLLIN, 0}};
      for (int c : m_clients) fds.push_back({c, POLLIN, 0});
      if (::poll(fds.data(), fds.size(),
                 static_cast<int>(std::min<long long>(left.count(), 60000))) < 0)
        continue;
      if (fds[1].revents && !m_session.still_connected()) return;
      if (fds[0].revents & POLLIN) accept_client();
      for (std::size_t i = 2; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        if (!answer(fds[i].fd)) return;
        last = Clock::now();
      }
      m_clients.erase(std::remove(m_clients.begin(), m_clients.end(), -1), m_clients.end());
    }
  }

  void withdraw() {
    if (!m_withdrawn) ::unlink(m_socket.c_str());
    m_withdrawn = true;
  }

  void accept_client() {
    int c = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) return;
    if (!same_user(c)) {
      ::close(c);
      return;
    }
    m_clients.push_back(c);
  }

  /// Answers one request from a client; false when the keeper should end.
  bool answer(int fd) {
    auto body = read_frame(fd, Clock::now() + std::chrono::seconds(10));
    auto request = body ? decode_request(*body) : std::nullopt;
    if (!request) return drop(fd), true;
    if (request->kind == KeeperRequest::Kind::close) return false;
    KeeperResponse response;
    auto ran = m_session.run(request->script, request->timeout);
    response.reached = ran.has_value();
    if (ran) {
      response.result = std::move(*ran);
    } else {
      response.error = ran.error().message;
      response.hint = ran.error().hint;
      response.code = ran.error().code;
    }
    if (!response.reached) withdraw();  // before the caller hears of it and starts another
    if (!write_frame(fd, encode(response))) drop(fd);
    if (response.reached) m_session.prepare_shell(k_shell_wait);  // for the next request
    return response.reached;  // a session that failed is not kept
  }

  void drop(int fd) {
    ::close(fd);
    std::replace(m_clients.begin(), m_clients.end(), fd, -1);
  }

  SshSession& m_session;
  int m_listener;
  std::string m_socket;
  std::chrono::seconds m_idle;
  std::vector<int> m_clients;
  bool m_withdrawn = false;
};

}  // namespace

int run_session_keeper() {
  ::close_range(3, ~0u, 0);  // nothing of the caller's (its scenario lock above all) stays held
  ::setsid();                // no terminal's signals, no caller's process group
  ::signal(SIGPIPE, SIG_IGN);
  auto body = read_frame(0, Clock::now() + std::chrono::seconds(30));
  auto config = body ? decode_config(*body) : std::nullopt;
  if (!config) return 2;
  auto report = [](bool ok, const Error& error) {
    KeeperResponse r;
    r.reached = ok;
    r.error = error.message;
    r.hint = error.hint;
    r.code = error.code;
    write_frame(1, encode(r));
  };
  const ShellDialect* dialect = dialect_named(config->dialect);
  if (!dialect) {
    report(false, Error{"no shell dialect '" + config->dialect + "' in this dcod", ""});
    return 2;
  }
  auto session = SshSession::connect(config->endpoint, config->options, *dialect);
  config->endpoint.password.assign(config->endpoint.password.size(), '\0');
  if (!session) {
    report(false, session.error());
    return 1;
  }
  int listener = listen_at(config->socket);
  if (listener < 0) {
    report(false, Error{"cannot listen at " + config->socket + ": " + std::strerror(errno), ""});
    return 1;
  }
  report(true, Error{"", ""});
  detach_from_caller();
  // Its directory, not the caller's: nothing else is held busy, and `ls -l /proc/PID/cwd` says
  // whose sessions it keeps.
  if (::chdir(std::filesystem::path(config->socket).parent_path().c_str()) != 0) return 1;
  (*session)->prepare_shell(k_shell_wait);
  Keeper(**session, listener, config->socket, config->idle).serve();
  return 0;
}

}  // namespace dcod::plugins
