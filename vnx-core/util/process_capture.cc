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
#include <thread>

#include "util/process.h"
#include "util/spawn_attributes.h"

extern char** environ;

namespace dcod {

namespace {

using Clock = std::chrono::steady_clock;

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

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

/// The pipes of one child: [0] its stdin (we write, non-blocking), [1] stdout, [2] stderr.
struct ChildPipes {
  int fds[3] = {-1, -1, -1};
  ~ChildPipes() {
    for (int& fd : fds) close_fd(fd);
  }
};

enum class Pumped { done, timed_out, overflowed };

/// Writes what the child's stdin takes without blocking; closes it once all is written or the
/// child closed its end.
void feed(int& fd, const std::string& input, std::size_t& written) {
  while (written < input.size()) {
    ssize_t n = ::write(fd, input.data() + written, input.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      return;  // the pipe is full: poll says when it has room again
    } else {
      break;  // EPIPE: the child does not want the rest
    }
  }
  close_fd(fd);
}

/// Reads what is waiting on a non-blocking pipe; false once it is closed.
bool drain(int& fd, std::string& into, char* buf, std::size_t size) {
  for (;;) {
    ssize_t n = ::read(fd, buf, size);
    if (n > 0) {
      into.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return true;
    close_fd(fd);
    return false;
  }
}

/// Feeds input and drains output until the child has ended and its outputs are drained (a
/// background job it left may hold them open: what it prints later is not the child's), the
/// deadline passes, or the child printed more than `max_output`.
Pumped pump(ChildPipes& p, const std::string& input, ProcessResult& r, Clock::time_point deadline,
            std::size_t max_output, pid_t pid, int& status, bool& reaped) {
  std::size_t written = 0;
  if (input.empty()) close_fd(p.fds[0]);
  char buf[65536];
  while (p.fds[1] >= 0 || p.fds[2] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Pumped::timed_out;
    pollfd fds[3] = {{p.fds[0], POLLOUT, 0}, {p.fds[1], POLLIN, 0}, {p.fds[2], POLLIN, 0}};
    // A short wait: the child's end is seen by waitpid, not by a pipe a background job holds.
    if (::poll(fds, 3, static_cast<int>(std::min<long long>(left.count(), 20))) < 0 &&
        errno != EINTR)
      return Pumped::timed_out;
    if (fds[0].fd >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP)))
      feed(p.fds[0], input, written);
    for (int i = 1; i <= 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        drain(p.fds[i], i == 1 ? r.out : r.err, buf, sizeof buf);
    }
    if (r.out.size() + r.err.size() > max_output) return Pumped::overflowed;
    if (!reaped && ::waitpid(pid, &status, WNOHANG) == pid) reaped = true;
    if (reaped) {
      for (int i = 1; i <= 2; ++i) {
        if (p.fds[i] >= 0) drain(p.fds[i], i == 1 ? r.out : r.err, buf, sizeof buf);
      }
      return r.out.size() + r.err.size() > max_output ? Pumped::overflowed : Pumped::done;
    }
  }
  return Pumped::done;
}

/// Waits for the child until the deadline: a child may close its outputs and go on running.
bool reaped_by(pid_t pid, int& status, Clock::time_point deadline) {
  for (auto pause = std::chrono::microseconds(100);;
       pause = std::min(pause * 2, decltype(pause)(20000))) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
  }
}

}  // namespace

Expected<ProcessResult> run_captured(const std::vector<std::string>& argv, const std::string& input,
                                     std::chrono::milliseconds timeout,
                                     const std::vector<std::string>& extra_env,
                                     std::size_t max_output) {
  ignore_sigpipe();
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) {
    return Error{std::string("pipe: ") + std::strerror(errno), ""};
  }
  for (int fd : {in[1], out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  SpawnAttributes attributes(true);
  std::vector<std::string> args = argv, env = merged_environment(extra_env);
  std::vector<char*> arg_ptrs = pointers(args), env_ptrs = pointers(env);
  pid_t pid = 0;
  int rc =
      posix_spawnp(&pid, arg_ptrs[0], &actions, attributes.get(), arg_ptrs.data(), env_ptrs.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ChildPipes p{{in[1], out[0], err[0]}};
  if (rc != 0) return Error{"cannot run '" + argv[0] + "': " + std::strerror(rc), ""};
  ProcessResult r;
  const auto deadline = Clock::now() + timeout;
  int status = 0;
  bool reaped = false;
  Pumped pumped = pump(p, input, r, deadline, max_output, pid, status, reaped);
  for (int& fd : p.fds) close_fd(fd);
  if (pumped != Pumped::done || (!reaped && !reaped_by(pid, status, deadline))) {
    r.timed_out = pumped != Pumped::overflowed;
    ::kill(-pid, SIGKILL);
    while (!reaped && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (pumped == Pumped::overflowed) {
    return Error{"'" + argv[0] + "' printed more than " + std::to_string(max_output >> 20) +
                     " MiB; it was stopped",
                 ""};
  }
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace dcod
