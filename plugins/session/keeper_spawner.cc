#include "session/keeper_spawner.h"

#include <fcntl.h>
#include <libssh/libssh.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "session/session_keeper.h"

namespace dcod::plugins {

namespace {

/// A one-byte message with room for one descriptor (SCM_RIGHTS), to send or to receive.
struct FdMessage {
  FdMessage() {
    header.msg_iov = &data;
    header.msg_iovlen = 1;
    header.msg_control = space;
    header.msg_controllen = sizeof space;
  }
  FdMessage(const FdMessage&) = delete;
  FdMessage& operator=(const FdMessage&) = delete;

  char byte = 'k';
  iovec data{&byte, 1};
  alignas(cmsghdr) char space[CMSG_SPACE(sizeof(int))] = {};
  msghdr header{};
};

/// Sends `fd` as the only content of one message.
bool send_fd(int channel, int fd) {
  FdMessage message;
  cmsghdr* control = CMSG_FIRSTHDR(&message.header);
  control->cmsg_level = SOL_SOCKET;
  control->cmsg_type = SCM_RIGHTS;
  control->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(control), &fd, sizeof fd);
  return ::sendmsg(channel, &message.header, MSG_NOSIGNAL) == 1;
}

/// The descriptor of the next message: -1 for a message without one, -2 when the sender has
/// gone (or the channel failed).
int receive_fd(int channel) {
  FdMessage message;
  ssize_t n = ::recvmsg(channel, &message.header, MSG_CMSG_CLOEXEC);
  if (n < 0 && errno == EINTR) return -1;
  if (n <= 0) return -2;
  cmsghdr* control = CMSG_FIRSTHDR(&message.header);
  if (!control || control->cmsg_level != SOL_SOCKET || control->cmsg_type != SCM_RIGHTS ||
      control->cmsg_len != CMSG_LEN(sizeof(int)))
    return -1;
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(control), sizeof fd);
  return fd;
}

/// This process's spawner: started on first use, ended (and waited for) when dcod ends.
class Spawner {
 public:
  ~Spawner() { stop(); }

  bool hand(int report) {
    std::lock_guard<std::mutex> lock(m_mutex);
    for (int attempt = 0; attempt < 2; ++attempt) {  // a spawner that died is started again once
      if (m_channel < 0 && !start()) return false;
      if (send_fd(m_channel, report)) return true;
      stop();
    }
    return false;
  }

 private:
  bool start() {
    char self[4096];
    ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return false;
    self[n] = '\0';
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) return false;
    char flag[] = "--ssh-keeper";
    char* argv[] = {self, flag, nullptr};
    // Only what logging in may need (ssh-agent, default keys); not the caller's environment,
    // which may hold the password of a password-env= host.
    std::vector<std::string> keep;
    for (const char* name : {"HOME", "SSH_AUTH_SOCK"}) {
      if (const char* value = std::getenv(name)) keep.push_back(std::string(name) + "=" + value);
    }
    std::vector<char*> envp;
    for (std::string& entry : keep) envp.push_back(entry.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, ends[1], 0);
    int spawned = ::posix_spawn(&m_pid, self, &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(ends[1]);
    if (spawned != 0) {
      ::close(ends[0]);
      m_pid = -1;
      return false;
    }
    m_channel = ends[0];
    return true;
  }

  /// Closing its channel ends it.
  void stop() {
    if (m_channel >= 0) ::close(m_channel);
    m_channel = -1;
    if (m_pid > 0) {
      while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    m_pid = -1;
  }

  std::mutex m_mutex;
  int m_channel = -1;
  pid_t m_pid = -1;
};

/// Points stdout and stderr at /dev/null: the caller's output may be a pipe someone reads to
/// its end, which a process living on must not hold open.
void leave_callers_output() {
  int null = ::open("/dev/null", O_RDWR);
  ::dup2(null, 1);
  ::dup2(null, 2);
  if (null > 2) ::close(null);
}

/// Initialises libssh and its crypto library here, once, rather than in every keeper: loading
/// OpenSSL's configuration and fetching its algorithms the first time cost each keeper more
/// than its key exchange. Making a key does both.
void warm_up_crypto() {
  ssh_init();
  ssh_key key = nullptr;
  if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) == SSH_OK) ssh_key_free(key);
}

}  // namespace

bool spawn_keeper(int report) {
  static Spawner spawner;
  return spawner.hand(report);
}

int run_keeper_spawner() {
  ::close_range(3, ~0u, 0);  // nothing of the caller's (its scenario lock above all) stays held
  leave_callers_output();
  if (::chdir("/") != 0) return 1;  // holds no directory of the caller's busy
  ::signal(SIGCHLD, SIG_IGN);       // keepers are nobody's to wait for
  warm_up_crypto();
  for (;;) {
    int report = receive_fd(0);
    if (report == -2) return 0;
    if (report < 0) continue;
    pid_t child = ::fork();
    if (child == 0) {
      ::signal(SIGCHLD, SIG_DFL);
      ::dup2(report, 0);
      ::dup2(report, 1);
      ::close(report);
      return run_session_keeper();
    }
    ::close(report);  // a keeper not forked: its caller sees the socket close unanswered
  }
}

}  // namespace dcod::plugins
