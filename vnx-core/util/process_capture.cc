// run_captured(): a child process with stdin fed and stdout/stderr drained through poll(), and a
// deadline after which its process group is killed.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/process.h"

extern char** environ;

namespace dcod {

namespace {

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    std::string key = entry.substr(0, entry.find('=') + 1);
    bool overridden = std::any_of(extra.begin(), extra.end(),
                                  [&](const std::string& x) { return x.rfind(key, 0) == 0; });
    if (!overridden) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// The pipes of one child: [0] its stdin (we write), [1] stdout, [2] stderr (we read).
struct ChildPipes {
  int fds[3] = {-1, -1, -1};
};

/// Feeds input and drains output until both outputs close or the deadline passes.
bool pump(ChildPipes& p, const std::string& input, ProcessResult& r,
          std::chrono::steady_clock::time_point deadline) {
  std::size_t written = 0;
  if (input.empty()) {
    ::close(p.fds[0]);
    p.fds[0] = -1;
  }
  char buf[65536];
  while (p.fds[1] >= 0 || p.fds[2] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[3] = {{p.fds[0], POLLOUT, 0}, {p.fds[1], POLLIN, 0}, {p.fds[2], POLLIN, 0}};
    if (::poll(fds, 3, static_cast<int>(std::min<long long>(left.count(), 1000))) < 0 &&
        errno != EINTR)
      return false;
    if (fds[0].fd >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(p.fds[0], input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) {
        ::close(p.fds[0]);
        p.fds[0] = -1;
      }
    }
    for (int i = 1; i <= 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(p.fds[i], buf, sizeof buf);
      if (n > 0) {
        (i == 1 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(p.fds[i]);
        p.fds[i] = -1;
      }
    }
  }
  return true;
}

}  // namespace

Expected<ProcessResult> run_captured(const std::vector<std::string>& argv, const std::string& input,
                                     std::chrono::milliseconds timeout,
                                     const std::vector<std::string>& extra_env) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) {
    return Error{std::string("pipe: ") + std::strerror(errno), ""};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<std::string> args = argv, env = merged_environment(extra_env);
  std::vector<char*> arg_ptrs = pointers(args), env_ptrs = pointers(env);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, arg_ptrs[0], &actions, &attr, arg_ptrs.data(), env_ptrs.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ChildPipes p{{in[1], out[0], err[0]}};
  if (rc != 0) {
    for (int fd : p.fds) ::close(fd);
    return Error{"cannot run '" + argv[0] + "': " + std::strerror(rc), ""};
  }
  ProcessResult r;
  auto old = ::signal(SIGPIPE, SIG_IGN);
  bool finished = pump(p, input, r, std::chrono::steady_clock::now() + timeout);
  ::signal(SIGPIPE, old);
  if (!finished) {
    r.timed_out = true;
    ::kill(-pid, SIGKILL);
  }
  for (int fd : p.fds) {
    if (fd >= 0) ::close(fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace dcod
