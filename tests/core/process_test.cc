#include "util/process.h"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>
#include <vector>

namespace dcod {

using namespace std::chrono_literals;

TEST(RunCaptured, FeedsStdinAndKeepsTheStreamsApart) {
  auto r = run_captured({"sh", "-c", "cat; echo oops >&2; exit 3"}, "hello\n", 10s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exit_status, 3);
  EXPECT_EQ(r->out, "hello\n");
  EXPECT_EQ(r->err, "oops\n");
  EXPECT_FALSE(r->timed_out);
}

TEST(RunCaptured, LargeOutputOnBothStreamsDoesNotDeadlock) {
  auto r = run_captured({"sh", "-c", "head -c 3000000 /dev/zero >&2; head -c 3000000 /dev/zero"},
                        "", 30s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->out.size(), 3000000u);
  EXPECT_EQ(r->err.size(), 3000000u);
}

TEST(RunCaptured, AHangingCommandIsKilledWithItsChildrenAtTheDeadline) {
  auto start = std::chrono::steady_clock::now();
  auto r = run_captured({"sh", "-c", "sleep 30 & sleep 30; echo never"}, "", 300ms);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->out, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(RunCaptured, DeathBySignalIsReported) {
  auto r = run_captured({"sh", "-c", "kill -TERM $$"}, "", 10s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_status, 128 + 15);
}

TEST(RunCaptured, AMissingProgramIsAnError) {
  auto r = run_captured({"dcod-no-such-program"}, "", 10s);
  EXPECT_FALSE(r);
}

TEST(RunCaptured, AChildThatPrintsALotBeforeReadingItsInputFinishes) {
  // 200 kB out before reading 1 MB in: neither pipe may block the other.
  auto start = std::chrono::steady_clock::now();
  auto r = run_captured({"sh", "-c", "head -c 200000 /dev/zero; wc -c"}, std::string(1 << 20, 'x'),
                        5s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->timed_out);
  EXPECT_EQ(r->out.size(), 200000u + 8u) << "the zeros, then wc's count";
  EXPECT_NE(r->out.find("1048576"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

TEST(RunCaptured, AChildThatClosesItsOutputsIsStillBoundedByTheTimeout) {
  auto start = std::chrono::steady_clock::now();
  auto r = run_captured({"sh", "-c", "exec >&- 2>&-; sleep 6"}, "", 1s);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s) << "waited for the child past its timeout";
}

TEST(RunCaptured, ChildrenThatIgnoreTheirInputNeverRaiseSigpipeInAnyThread) {
  // Many threads at once, each feeding a child that exits without reading: with SIGPIPE's
  // action toggled around each call, one thread's write lands while another restored it.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto r = run_captured({"true"}, std::string(1 << 18, 'x'), 5s);
        ok += r && r->exit_status == 0;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
}

TEST(RunCaptured, ChildrenGetTheDefaultSigpipeAction) {
  auto r = run_captured({"sh", "-c", "yes | head -c 1 >/dev/null; echo ${PIPESTATUS:-x}"}, "", 5s);
  ASSERT_TRUE(r);
  auto status = run_captured({"sh", "-c", "grep SigIgn /proc/self/status"}, "", 5s);
  ASSERT_TRUE(status);
  // Bit 13 (SIGPIPE) of the ignored mask is clear: `yes` above ended instead of spinning.
  unsigned long long ignored = std::stoull(status->out.substr(status->out.find(':') + 1), nullptr, 16);
  EXPECT_EQ(ignored & (1ull << (SIGPIPE - 1)), 0u) << status->out;
}

TEST(RunCaptured, EndlessOutputIsCutAtTheLimit) {
  auto r = run_captured({"sh", "-c", "yes"}, "", 20s, {}, 1 << 20);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("printed more than 1 MiB"), std::string::npos)
      << r.error().message;
}

}  // namespace dcod
