// The POSIX dialect against a real /bin/sh on this machine: a resident shell takes text after
// text, each with its own output and exit status, nothing of one leaking into the next; a batch
// of commands comes back command by command.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>

#include "session/session.h"
#include "shell/shell_dialect.h"

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
    const std::string framed = posix_dialect().framed(script, nonce);
    if (::write(m_in, framed.data(), framed.size()) != static_cast<ssize_t>(framed.size()))
      return -1;
    out.clear();
    err.clear();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto status = posix_dialect().take_reply(out, err, nonce)) return *status;
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

TEST(PosixDialect, OneShellRunsScriptAfterScriptEachWithItsOwnOutputAndStatus) {
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

TEST(PosixDialect, AScriptChangesNothingOfTheShellAndCannotReadItsInput) {
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

TEST(PosixDialect, StrayOutputOfAnEarlierScriptsJobIsNotTheNextScripts) {
  LocalResidentShell shell;
  std::string out, err;
  EXPECT_EQ(shell.run("(sleep 0.2; echo stray) &\necho first\n", out, err), 0);
  EXPECT_EQ(out, "first\n");
  ::usleep(400 * 1000);  // the job has written by now, before the next script's start marker
  EXPECT_EQ(shell.run("echo second\n", out, err), 0);
  EXPECT_EQ(out, "second\n");
}

TEST(MarkerNonce, Is128RandomBitsInHexAndNeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string nonce = new_marker_nonce();
    ASSERT_EQ(nonce.size(), 5u + 32u) << nonce;
    EXPECT_EQ(nonce.rfind("dcod-", 0), 0u) << nonce;
    EXPECT_EQ(nonce.find_first_not_of("0123456789abcdef", 5), std::string::npos) << nonce;
    seen.insert(nonce);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(PosixDialect, OutputIsTakenOnlyOnceBothStreamsHaveEnded) {
  const std::string nonce = new_marker_nonce();
  EXPECT_NE(nonce, new_marker_nonce());
  std::string out = nonce + " start\nhello\n" + nonce + " 4\n", err = "";
  EXPECT_FALSE(posix_dialect().take_reply(out, err, nonce))
      << "stderr's end marker is still to come";
  err = "warning\n" + nonce + "\n";
  std::string partial = nonce + " start\nhello\n" + nonce + " ";
  EXPECT_FALSE(posix_dialect().take_reply(partial, err, nonce)) << "the status line is incomplete";
  auto status = posix_dialect().take_reply(out, err, nonce);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, 4);
  EXPECT_EQ(out, "hello\n");
  EXPECT_EQ(err, "warning\n");
}

TEST(PosixDialect, ABatchGivesEachCommandItsOwnStatusAndOutput) {
  const ShellDialect& posix = posix_dialect();
  const std::string nonce = new_marker_nonce();
  std::vector<ShellCommand> commands = {
      {{"sh", "-c", "echo one; echo warn >&2; exit 3"}},
      {{"printf", "%s", "no newline"}},
      {{"echo", "it's $HOME `x` \"q\""}},
      {{"sh", "-c", "printf 'err only' >&2"}},
  };
  auto text = posix.batch(commands, nonce);
  ASSERT_TRUE(text);
  LocalSession local(posix);
  auto printed = local.run(*text, std::chrono::seconds(10));
  ASSERT_TRUE(printed);
  auto outcomes = posix.outcomes(*printed, commands.size(), nonce);
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_TRUE(outcomes[0].ran);
  EXPECT_EQ(outcomes[0].exit_status, 3);
  EXPECT_EQ(outcomes[0].out, "one\n");
  EXPECT_EQ(outcomes[0].err, "warn\n");
  EXPECT_EQ(outcomes[1].exit_status, 0) << "a later command runs after one that failed";
  EXPECT_EQ(outcomes[1].out, "no newline");
  EXPECT_EQ(outcomes[2].out, "it's $HOME `x` \"q\"\n") << "arguments arrive as they are";
  EXPECT_EQ(outcomes[3].out, "");
  EXPECT_EQ(outcomes[3].err, "err only");
}

TEST(PosixDialect, ACommandAfterAnotherRunsOnlyWhenThatOneExitedZero) {
  const ShellDialect& posix = posix_dialect();
  const std::string nonce = new_marker_nonce();
  std::vector<ShellCommand> commands = {
      {{"false"}}, {{"echo", "skipped"}, 0}, {{"echo", "also skipped"}, 1}, {{"echo", "free"}},
      {{"true"}},  {{"echo", "chained"}, 4},
  };
  LocalSession local(posix);
  auto printed = local.run(*posix.batch(commands, nonce), std::chrono::seconds(10));
  ASSERT_TRUE(printed);
  auto outcomes = posix.outcomes(*printed, commands.size(), nonce);
  EXPECT_TRUE(outcomes[0].ran);
  EXPECT_FALSE(outcomes[1].ran) << "the command it waits for failed";
  EXPECT_FALSE(outcomes[2].ran) << "the command it waits for did not run";
  EXPECT_EQ(outcomes[3].out, "free\n") << "a command outside the chain runs";
  EXPECT_EQ(outcomes[5].out, "chained\n");
  EXPECT_FALSE(posix.batch({{{"true"}, 0}}, nonce)) << "only an earlier command can be waited for";
}

TEST(PosixDialect, ABatchCutShortLeavesTheRestNotRun) {
  const ShellDialect& posix = posix_dialect();
  const std::string nonce = new_marker_nonce();
  std::vector<ShellCommand> commands = {{{"true"}}, {{"sh", "-c", "kill -9 $PPID"}}, {{"true"}}};
  LocalSession local(posix);
  auto printed = local.run(*posix.batch(commands, nonce), std::chrono::seconds(10));
  ASSERT_TRUE(printed);
  auto outcomes = posix.outcomes(*printed, commands.size(), nonce);
  EXPECT_TRUE(outcomes[0].ran);
  EXPECT_FALSE(outcomes[1].ran) << "its end marker never came";
  EXPECT_FALSE(outcomes[2].ran);
}

TEST(PosixDialect, OutputThatMimicsAMarkerWithoutTheNonceIsJustOutput) {
  const ShellDialect& posix = posix_dialect();
  const std::string nonce = new_marker_nonce();
  std::string fake = "dcod-00000000000000000000000000000000.0 start";
  std::vector<ShellCommand> commands = {{{"echo", fake}}};
  LocalSession local(posix);
  auto printed = local.run(*posix.batch(commands, nonce), std::chrono::seconds(10));
  ASSERT_TRUE(printed);
  auto outcomes = posix.outcomes(*printed, 1, nonce);
  EXPECT_EQ(outcomes[0].out, fake + "\n");
}

TEST(PosixDialect, TheFirstTextRidesInTheExecRequestWhenItFits) {
  const ShellDialect& posix = posix_dialect();
  std::string small = "echo hi\n", large(70 * 1024, '#');
  EXPECT_TRUE(posix.resident());
  EXPECT_TRUE(posix.carries(small));
  EXPECT_NE(posix.start_command(&small).find("echo hi"), std::string::npos);
  EXPECT_FALSE(posix.carries(large)) << "Linux takes at most 128 KiB in one argument";
  EXPECT_EQ(posix.start_command(&large), "exec /bin/sh -s");
  EXPECT_EQ(posix.start_command(nullptr), "exec /bin/sh -s");
  EXPECT_EQ(dialect_named("posix"), &posix);
  EXPECT_EQ(dialect_named("cmd-not-yet"), nullptr);
}

}  // namespace dcod::plugins
