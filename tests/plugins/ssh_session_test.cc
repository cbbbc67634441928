// SshSession against real sshd instances in the SSH lab: host keys, authentication, streams,
// exit status, signals and timeouts.

#include "session/ssh_session.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "shell/posix.h"
#include "ssh_lab.h"

namespace dcod::plugins {

namespace {

using namespace std::chrono_literals;

SshEndpoint endpoint(const test::SshLab& lab, int host, const std::string& key) {
  std::string name = "h";  // not "h" + ...: GCC 12 warns falsely (-Wrestrict) on that
  name += std::to_string(host);
  return {name, lab.address(host), 22, "root", key, ""};
}

SshOptions trusting(const test::SshLab& lab) {
  SshOptions o;
  o.known_hosts = lab.known_hosts();
  o.accept_new_host_keys = true;
  o.connect_timeout = 5s;
  return o;
}

}  // namespace

TEST(SshSession, RunsScriptsWithSeparateStreamsAndExitStatus) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  auto t = SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect());
  ASSERT_TRUE(t) << t.error().message;
  auto r = (*t)->run("echo out; echo err >&2; ip -br addr show eth0; exit 3\n", 10s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exit_status, 3);
  EXPECT_NE(r->out.find("out\n"), std::string::npos);
  EXPECT_NE(r->out.find(lab.address(0)), std::string::npos) << "runs on the host: " << r->out;
  EXPECT_EQ(r->err, "err\n");
  auto again = (*t)->run("true", 10s);  // the session is reused
  ASSERT_TRUE(again);
  EXPECT_EQ(again->exit_status, 0);
}

TEST(SshSession, LargeOutputOnBothStreamsDoesNotDeadlock) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  auto t = SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect());
  ASSERT_TRUE(t) << t.error().message;
  auto r = (*t)->run("head -c 2000000 /dev/zero >&2; head -c 3000000 /dev/zero\n", 60s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out.size(), 3000000u);
  EXPECT_EQ(r->err.size(), 2000000u);
}

TEST(SshSession, ScriptsOfEverySizeArriveIntact) {
  // Small scripts travel in the exec request, large ones as input: both byte for byte.
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  auto t = SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect());
  ASSERT_TRUE(t) << t.error().message;
  const std::string awkward = "it's \"quoted\" \\ $HOME `id` $(id) ; & | * ? ~ # \t é\n";
  for (std::size_t size : {100u, 60000u, 70000u, 300000u}) {
    std::string payload;
    while (payload.size() < size) payload += awkward;
    auto r = (*t)->run("cat <<'DCOD_END'\n" + payload + "DCOD_END\necho \"$0 ends\"\n", 30s);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->exit_status, 0) << r->err;
    EXPECT_EQ(r->out, payload + "/bin/sh ends\n") << "script of about " << size << " bytes";
  }
}

TEST(SshSession, OneShellRunsEveryScriptAndAShellKilledMeanwhileIsReplaced) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  auto t = SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect());
  ASSERT_TRUE(t) << t.error().message;
  auto first = (*t)->run("echo $$\n", 10s);
  auto second = (*t)->run("echo $$\n", 10s);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->out, second->out) << "the same shell ran both";
  const int pid = std::atoi(first->out.c_str());
  ASSERT_GT(pid, 1);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);  // as an administrator on the host might
  std::this_thread::sleep_for(200ms);
  auto third = (*t)->run("echo ran; exit 4\n", 10s);
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_EQ(third->out, "ran\n") << "run once more on a fresh shell: " << third->err;
  EXPECT_EQ(third->exit_status, 4);
}

TEST(SshSession, AHangingCommandIsBoundedAndASignalIsReported) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  auto t = SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect());
  ASSERT_TRUE(t) << t.error().message;
  auto start = std::chrono::steady_clock::now();
  auto hang = (*t)->run("sleep 30\n", 1s);
  ASSERT_TRUE(hang) << hang.error().message;
  EXPECT_TRUE(hang->timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  auto killed = (*t)->run("kill -KILL $$\n", 10s);
  ASSERT_TRUE(killed) << killed.error().message;
  EXPECT_NE(killed->exit_status, 0);
}

TEST(SshSession, KeepalivesInterleaveSafelyWithScripts) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshOptions o = trusting(lab);
  o.keepalive = 1ms;  // a keepalive between every two scripts, and during idle gaps
  auto t = SshSession::connect(endpoint(lab, 0, lab.client_key()), o, posix_dialect());
  ASSERT_TRUE(t) << t.error().message;
  for (int i = 0; i < 20; ++i) {
    auto r = (*t)->run("echo " + std::to_string(i) + "\n", 10s);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->out, std::to_string(i) + "\n");
    if (i % 5 == 0) std::this_thread::sleep_for(30ms);
  }
  EXPECT_GT((*t)->keepalives_sent(), 0u) << "no keepalive was sent between the texts";
  auto after = (*t)->run("echo still\n", 10s);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->out, "still\n") << "the keepalives did not disturb the channel";
}

namespace {

/// POSIX, but entered one command line per text, as cmd.exe is: no resident shell.
class OneShotPosix : public OneLineDialect {
 public:
  std::string name() const override { return "posix-one-shot"; }
  std::string start_command(const std::string* first) const override {
    return "/bin/sh -c " + sh_quote(first ? *first : "");
  }
  std::vector<std::string> local_shell() const override { return {"/bin/sh", "-s"}; }
  Expected<std::string> batch(const std::vector<ShellCommand>& c,
                              const std::string& nonce) const override {
    return posix_dialect().batch(c, nonce);
  }
  std::vector<core::CommandOutcome> outcomes(const ProcessResult& r, std::size_t n,
                                             const std::string& nonce) const override {
    return posix_dialect().outcomes(r, n, nonce);
  }
};

}  // namespace

TEST(SshSession, ADialectWithoutAResidentShellRunsEachTextOnItsOwnChannel) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  OneShotPosix one_shot;
  auto t = SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), one_shot);
  ASSERT_TRUE(t) << t.error().message;
  auto first = (*t)->run("echo $$; echo err >&2; exit 6", 10s);
  auto second = (*t)->run("echo $$", 10s);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->exit_status, 6);
  EXPECT_EQ(first->err, "err\n");
  EXPECT_NE(first->out, second->out) << "each text has a shell of its own";
  EXPECT_EQ(second->exit_status, 0);
  auto hang = (*t)->run("sleep 30", 1s);
  ASSERT_TRUE(hang);
  EXPECT_TRUE(hang->timed_out);
}

TEST(SshSession, AnUnknownHostKeyIsRefusedUnlessAcceptedThenKnown) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  SshOptions strict = trusting(lab);
  strict.accept_new_host_keys = false;
  auto refused = SshSession::connect(endpoint(lab, 0, lab.client_key()), strict, posix_dialect());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("host h0 (" + lab.address(0) + ":22)"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("is not known (SHA256:"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().hint.find("--accept-new-host-keys"), std::string::npos);
  ASSERT_TRUE(
      SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect()));
  EXPECT_TRUE(SshSession::connect(endpoint(lab, 0, lab.client_key()), strict, posix_dialect()))
      << "recorded the first time";
}

TEST(SshSession, AChangedHostKeyIsAlwaysRefusedWithBothFingerprints) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  ASSERT_TRUE(
      SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect()));
  ASSERT_TRUE(lab.change_host_key(0)) << lab.error();
  auto refused =
      SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect());
  ASSERT_FALSE(refused) << "a changed key must never be accepted";
  const std::string& m = refused.error().message;
  EXPECT_NE(m.find("has CHANGED"), std::string::npos) << m;
  auto first = m.find("SHA256:"), second = m.find("SHA256:", first + 1);
  ASSERT_NE(second, std::string::npos) << m;
  EXPECT_NE(m.substr(first, 50), m.substr(second, 50))
      << "both fingerprints, and they differ: " << m;
}

TEST(SshSession, APasswordLogsIn) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  DCOD_REQUIRE_PROGRAM("openssl");
  ASSERT_TRUE(lab.set_root_password(0, "correct horse"));
  SshEndpoint e = endpoint(lab, 0, "");
  e.password = "wrong horse";
  EXPECT_FALSE(SshSession::connect(e, trusting(lab), posix_dialect()));
  e.password = "correct horse";
  auto t = SshSession::connect(e, trusting(lab), posix_dialect());
  ASSERT_TRUE(t) << t.error().message;
  auto r = (*t)->run("id -u\n", 10s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->out, "0\n");
}

TEST(SshSession, TheAgentLogsInWhenNoKeyOrPasswordIsGiven) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  DCOD_REQUIRE_PROGRAM("ssh-agent");
  std::string socket = test::temp_dir() + "/agent-" + std::to_string(::getpid());
  auto agent = test::run_command({"ssh-agent", "-a", socket});
  ASSERT_EQ(agent.exit_status, 0) << agent.err;
  ASSERT_EQ(
      test::run_command({"ssh-add", lab.client_key()}, {"SSH_AUTH_SOCK=" + socket}).exit_status, 0);
  // Only the agent holds the authorized key: success means the agent was asked.
  ::setenv("SSH_AUTH_SOCK", socket.c_str(), 1);
  auto t = SshSession::connect(endpoint(lab, 0, ""), trusting(lab), posix_dialect());
  ::unsetenv("SSH_AUTH_SOCK");
  test::run_command({"ssh-agent", "-k"}, {"SSH_AUTH_SOCK=" + socket, "SSH_AGENT_PID=" + [&] {
                                            auto at = agent.out.find("SSH_AGENT_PID=");
                                            return agent.out.substr(
                                                at + 14, agent.out.find(';', at) - at - 14);
                                          }()});
  ASSERT_TRUE(t) << t.error().message;
}

TEST(SshSession, AWrongKeyIsAClearAuthenticationError) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  auto denied =
      SshSession::connect(endpoint(lab, 0, lab.stranger_key()), trusting(lab), posix_dialect());
  ASSERT_FALSE(denied);
  EXPECT_NE(denied.error().message.find("authentication as 'root' on host h0"), std::string::npos)
      << denied.error().message;
  EXPECT_NE(denied.error().message.find(lab.stranger_key()), std::string::npos);
}

TEST(SshSession, AStoppedSshdIsAnErrorAfterBoundedRetries) {
  test::SshLab lab(1);
  DCOD_REQUIRE_SSH_LAB(lab);
  lab.stop_sshd(0);
  auto start = std::chrono::steady_clock::now();
  auto refused =
      SshSession::connect(endpoint(lab, 0, lab.client_key()), trusting(lab), posix_dialect());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("cannot connect to host h0"), std::string::npos)
      << refused.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
}

}  // namespace dcod::plugins
