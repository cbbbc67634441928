// The resident shell's framing against a real /bin/sh on this machine: one shell takes script
// after script, each gets its own output and exit status, and nothing of one leaks into the next.

#include "transport/resident_shell.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace dcod::plugins {

namespace {

/// A `/bin/sh -s` on pipes, fed framed scripts like the one on a remote host.
class LocalResidentShell {
 public:
  LocalResidentShell() {
    int in[2], out[2], err[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0 || ::pipe(err) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
      ::execl("/bin/sh", "sh", "-s", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    m_in = in[1];
    m_out = out[0];
    m_err = err[0];
  }
  ~LocalResidentShell() {
    for (int fd : {m_in, m_out, m_err}) ::close(fd);
    if (m_pid > 0) ::waitpid(m_pid, nullptr, 0);
  }

  /// Runs one script; the exit status, or -1 when its end markers did not come within 5 s.
  int run(const std::string& script, std::string& out, std::string& err) {
    const std::string nonce = new_marker_nonce();
    const std::string framed = framed_script(script, nonce);
    if (::write(m_in, framed.data(), framed.size()) != static_cast<ssize_t>(framed.size()))
      return -1;
    out.clear();
    err.clear();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto status = take_framed_output(out, err, nonce)) return *status;
      pollfd fds[] = {{m_out, POLLIN, 0}, {m_err, POLLIN, 0}};
      ::poll(fds, 2, 100);
      char buf[4096];
      for (int i = 0; i < 2; ++i) {
        if (!(fds[i].revents & POLLIN)) continue;
        ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
        if (n > 0) (i ? err : out).append(buf, static_cast<std::size_t>(n));
      }
    }
    return -1;
  }

 private:
  pid_t m_pid = -1;
  int m_in = -1, m_out = -1, m_err = -1;
};

}  // namespace

TEST(ResidentShell, OneShellRunsScriptAfterScriptEachWithItsOwnOutputAndStatus) {
  LocalResidentShell shell;
  std::string out, err;
  EXPECT_EQ(shell.run("echo one; echo oops >&2; exit 3\n", out, err), 3);
  EXPECT_EQ(out, "one\n");
  EXPECT_EQ(err, "oops\n");
  EXPECT_EQ(shell.run("printf 'no newline at the end'", out, err), 0) << "the script ran";
  EXPECT_EQ(out, "no newline at the end");
  EXPECT_EQ(shell.run("printf 'half a line' >&2; false", out, err), 1);
  EXPECT_EQ(err, "half a line");
  EXPECT_EQ(shell.run("", out, err), 0) << "an empty script";
  EXPECT_EQ(shell.run("# only a comment\n", out, err), 0);
  EXPECT_EQ(out, "");
  EXPECT_EQ(shell.run("cat <<'END'\n$HOME `x` 'q'\nEND\n", out, err), 0);
  EXPECT_EQ(out, "$HOME `x` 'q'\n");
}

TEST(ResidentShell, AScriptChangesNothingOfTheShellAndCannotReadItsInput) {
  LocalResidentShell shell;
  std::string out, err;
  // `cat` reads /dev/null, not the stream of scripts; `cd`, variables and `exit` stay in the
  // script's subshell.
  EXPECT_EQ(shell.run("cat; cd /; dcod_var=set; exit 5\n", out, err), 5);
  EXPECT_EQ(out, "");
  char here[4096];
  ASSERT_NE(::getcwd(here, sizeof here), nullptr);
  EXPECT_EQ(shell.run("echo \"[${dcod_var:-unset}]\"; pwd\n", out, err), 0);
  EXPECT_EQ(out, "[unset]\n" + std::string(here) + "\n");
}

TEST(ResidentShell, StrayOutputOfAnEarlierScriptsJobIsNotTheNextScripts) {
  LocalResidentShell shell;
  std::string out, err;
  EXPECT_EQ(shell.run("(sleep 0.2; echo stray) &\necho first\n", out, err), 0);
  EXPECT_EQ(out, "first\n");
  ::usleep(400 * 1000);  // the job has written by now, before the next script's start marker
  EXPECT_EQ(shell.run("echo second\n", out, err), 0);
  EXPECT_EQ(out, "second\n");
}

TEST(ResidentShell, OutputIsTakenOnlyOnceBothStreamsHaveEnded) {
  const std::string nonce = new_marker_nonce();
  EXPECT_NE(nonce, new_marker_nonce());
  std::string out = nonce + " start\nhello\n" + nonce + " 4\n", err = "";
  EXPECT_FALSE(take_framed_output(out, err, nonce)) << "stderr's end marker is still to come";
  err = "warning\n" + nonce + "\n";
  std::string partial = nonce + " start\nhello\n" + nonce + " ";
  EXPECT_FALSE(take_framed_output(partial, err, nonce)) << "the status line is incomplete";
  auto status = take_framed_output(out, err, nonce);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, 4);
  EXPECT_EQ(out, "hello\n");
  EXPECT_EQ(err, "warning\n");
}

}  // namespace dcod::plugins
