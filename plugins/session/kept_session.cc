#include "session/kept_session.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "session/keeper_protocol.h"
#include "session/keeper_spawner.h"

namespace dcod::plugins {

namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

int connect_unix(const std::string& path) {
  auto address = unix_address(path);
  if (!address) return -1;
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&*address), sizeof *address) == 0)
    return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

void log_debug(const std::string& host, const char* what) {
  if (auto logger = spdlog::get("ssh")) logger->debug("{}: {}", host, what);
}

/// Starts a keeper for the login and waits for its report: an error when it could not log in
/// or listen.
std::optional<Error> start_keeper(const SshEndpoint& e, const SshOptions& o,
                                  const ShellDialect& dialect, const std::string& socket) {
  std::error_code ec;
  std::filesystem::create_directories(o.keeper_dir, ec);
  ::chmod(o.keeper_dir.c_str(), 0700);
  int ends[2];  // a socket pair, not pipes: a keeper that dies early means EPIPE, not SIGPIPE
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
    return Error{"cannot start a session keeper: " + std::string(std::strerror(errno)), ""};
  bool spawned = spawn_keeper(ends[1]);
  ::close(ends[1]);
  if (!spawned) {
    ::close(ends[0]);
    return Error{"cannot start a session keeper for host " + e.host, ""};
  }
  KeeperConfig config{e, o, socket, o.persist, dialect.name()};
  write_frame(ends[0], encode(config));
  auto wait = o.connect_timeout * (o.connect_attempts + 1) + std::chrono::seconds(10);
  auto body = read_frame(ends[0], Clock::now() + wait);
  ::close(ends[0]);
  auto report = body ? decode_response(*body) : std::nullopt;
  if (!report)
    return Error{"the session keeper for host " + e.host + " did not report", "",
                 ErrorCode::unreachable};
  if (!report->reached) return Error{report->error, report->hint, report->code};
  return std::nullopt;
}

/// Text run through a keeper's socket.
class KeptSession : public Session {
 public:
  KeptSession(SshEndpoint endpoint, SshOptions options, const ShellDialect& dialect,
              std::string socket, int fd, bool reused)
      : m_endpoint(std::move(endpoint)),
        m_options(std::move(options)),
        m_dialect(dialect),
        m_socket(std::move(socket)),
        m_fd(fd),
        m_reused(reused) {}
  ~KeptSession() override {
    if (m_fd >= 0) ::close(m_fd);
  }

  Expected<ProcessResult> run(const std::string& text, std::chrono::milliseconds timeout) override {
    auto result = ask(text, timeout);
    // A kept session may have died since the last run (server rebooted, network cut): the
    // first script of a run then gets a fresh keeper once. First scripts only observe.
    if (!result && m_first && m_reused) {
      log_debug(m_endpoint.host, "the kept session is gone; logging in again");
      if (m_fd >= 0) ::close(m_fd);
      m_fd = -1;
      if (auto error = start_keeper(m_endpoint, m_options, m_dialect, m_socket)) return *error;
      m_fd = connect_unix(m_socket);
      result = ask(text, timeout);
    }
    m_first = false;
    return result;
  }
  const ShellDialect& dialect() const override { return m_dialect; }

 private:
  Expected<ProcessResult> ask(const std::string& text, std::chrono::milliseconds timeout) {
    const Error lost{"lost the session keeper of host " + m_endpoint.host, "",
                     ErrorCode::unreachable};
    KeeperRequest request{KeeperRequest::Kind::run, text, timeout};
    if (m_fd < 0 || !write_frame(m_fd, encode(request))) return lost;
    // The keeper bounds the script itself; this only guards against a keeper that hangs.
    auto body = read_frame(m_fd, Clock::now() + timeout + std::chrono::seconds(30));
    auto response = body ? decode_response(*body) : std::nullopt;
    if (!response) return lost;
    if (!response->reached) return Error{response->error, response->hint, response->code};
    return std::move(response->result);
  }

  SshEndpoint m_endpoint;  // the password stays in memory only as long as without a keeper
  SshOptions m_options;
  const ShellDialect& m_dialect;
  std::string m_socket;
  int m_fd;
  bool m_reused;
  bool m_first = true;
};

/// `path` made absolute against this process's working directory (empty stays empty).
std::string absolute(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  std::filesystem::path full = std::filesystem::absolute(path, ec);
  return ec ? path : full.lexically_normal().string();
}

/// A session of this process's own, without a keeper.
Expected<std::unique_ptr<Session>> connect_plain(const SshEndpoint& e, const SshOptions& o,
                                                 const ShellDialect& dialect) {
  auto plain = SshSession::connect(e, o, dialect);
  if (!plain) return plain.error();
  return std::unique_ptr<Session>(std::move(*plain));
}

/// Overwrites a copy of a secret when it goes out of scope.
struct Wiped {
  std::string& secret;
  ~Wiped() { secret.assign(secret.size(), '\0'); }
};

}  // namespace

std::string keeper_socket(const SshEndpoint& e, const SshOptions& o, const ShellDialect& dialect) {
  std::string login = e.address + "\n" + std::to_string(e.port) + "\n" + e.user + "\n" +
                      e.identity + "\n" + o.known_hosts + "\n" +
                      (o.accept_new_host_keys ? "accept" : "strict") + "\n" + dialect.name();
  char name[24];
  std::snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(fnv1a(login)));
  return o.keeper_dir + "/" + name;
}

Expected<std::unique_ptr<Session>> connect_kept(const SshEndpoint& login, const SshOptions& options,
                                                const ShellDialect& dialect) {
  if (options.keeper_dir.empty() || options.persist.count() <= 0)
    return connect_plain(login, options, dialect);
  // A keeper works from a directory of its own: every path it is handed is absolute.
  SshOptions o = options;
  o.known_hosts = absolute(o.known_hosts);
  o.keeper_dir = absolute(o.keeper_dir);
  SshEndpoint e = login;
  Wiped wiped{e.password};
  e.identity = absolute(e.identity);
  const std::string socket = keeper_socket(e, o, dialect);
  if (socket.size() >= sizeof(sockaddr_un{}.sun_path))
    return connect_plain(login, options, dialect);
  bool reused = true;
  int fd = connect_unix(socket);
  if (fd < 0) {
    reused = false;
    if (auto error = start_keeper(e, o, dialect, socket)) return *error;
    fd = connect_unix(socket);
    if (fd < 0)
      return Error{"cannot reach the session keeper of host " + e.host, "", ErrorCode::unreachable};
  }
  log_debug(e.host, reused ? "reusing the kept session" : "new session, kept between runs");
  return std::unique_ptr<Session>(new KeptSession(e, o, dialect, socket, fd, reused));
}

void close_kept_sessions(const std::string& keeper_dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(keeper_dir, ec)) {
    int fd = connect_unix(entry.path().string());
    if (fd < 0) continue;
    write_frame(fd, encode(KeeperRequest{KeeperRequest::Kind::close, "", {}}));
    ::close(fd);
  }
}

}  // namespace dcod::plugins
